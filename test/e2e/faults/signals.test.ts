/**
 * Overview: SIGTERM and SIGINT on a real server process running src/bootstrap/main.ts (SECURITY F3).
 * Architecture: end-to-end test over the real bootstrap.
 * Dependencies: embedded PostgreSQL, the server bootstrap, the fault-test harness.
 * Concepts: an outage answers 503 (retryable), never 500 and never a hang, and spends no refresh
 *   token; graceful shutdown lets in-flight requests finish and exits 0 within the grace period.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import path from 'node:path';
import { type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import {
  ADMIN,
  SETUP,
  ROOT,
  call,
  rawRequest,
  freePort,
  tempDir,
  killPostmaster,
  processesMentioning,
  waitFor,
  round,
  note,
  useCleanups,
} from '../../support/faults.js';

describe('faults: signals (F3)', function () {
  this.timeout(60_000);
  const cleanupScope = useCleanups();

  describe('F3: signals on a real server process (src/bootstrap/main.ts)', () => {
    interface LogLine {
      readonly msg?: string;
      readonly level?: number;
      readonly signal?: string;
      readonly initMs?: number;
    }
    interface ServerProcess {
      readonly child: ChildProcessByStdio<null, Readable, Readable>;
      readonly port: number;
      readonly base: string;
      readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
      output(): string;
      /** The JSON log lines written so far. */
      logs(): LogLine[];
    }

    // One data folder for the F3 servers, one after the other: initdb runs once (in the first).
    let dataDir: string;
    let pgdata: string;
    before(async () => {
      dataDir = await tempDir('nimbus-f3-');
      pgdata = path.join(dataDir, 'postgres', 'pgdata');
    });
    after(async () => {
      await killPostmaster(pgdata);
      await rm(dataDir, { recursive: true, force: true });
    });

    async function spawnServer(onCleanup: ReturnType<typeof cleanupScope>, env: Record<string, string>) {
      onCleanup(() => killPostmaster(pgdata));
      const port = await freePort();
      // Only our settings: none of the caller's NIMBUS_*, DATABASE_URL or NODE_ENV.
      const inherited = Object.fromEntries(
        Object.entries(process.env).filter(
          ([k]) => !k.startsWith('NIMBUS_') && k !== 'DATABASE_URL' && k !== 'NODE_ENV',
        ),
      );
      const spawnedAt = performance.now();
      const child = spawn(
        process.execPath,
        [
          '--import',
          '@swc-node/register/esm-register',
          '--no-warnings=ExperimentalWarning',
          path.join('src', 'bootstrap', 'main.ts'),
        ],
        {
          cwd: ROOT,
          env: {
            ...inherited,
            NIMBUS_DATA_DIR: dataDir,
            NIMBUS_PORT: String(port),
            NIMBUS_HOST: '127.0.0.1',
            NIMBUS_METRICS_PORT: '0',
            NIMBUS_SHUTDOWN_GRACE: '10s',
            NIMBUS_LOG_LEVEL: 'info',
            NIMBUS_ARGON2_MEMORY_KIB: '1024',
            NIMBUS_ARGON2_ITERATIONS: '1',
            ...env,
          },
          // Its own process group, so a clean-up can kill it together with its PostgreSQL.
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
        (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
      );
      onCleanup(async () => {
        if (child.exitCode === null && child.signalCode === null) {
          process.kill(-child.pid!, 'SIGKILL');
          await exited;
        }
      });
      const server: ServerProcess = {
        child,
        port,
        base: `http://127.0.0.1:${port}`,
        exited,
        output: () => output,
        logs: () =>
          output
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as LogLine),
      };
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`the server exited at start:\n${output}`);
          return (await call(server.base, 'GET', '/ready', { timeoutMs: 2000 })).status === 200;
        },
        40_000,
        'the server ready',
      );
      const readyMs = performance.now() - spawnedAt;
      const initMs = server.logs().find((l) => l.msg === 'embedded PostgreSQL ready')?.initMs ?? 0;
      return { server, ready: `spawn to ready ${round(readyMs)} ms (initdb ${initMs} ms)` };
    }

    /** Set up once for the shared folder: a later server finds it done. */
    async function ensureSetup(server: ServerProcess) {
      const r = await call(server.base, 'POST', '/api/v1/setup/initialize', { body: SETUP });
      expect(r.status, JSON.stringify(r.body)).to.be.oneOf([201, 409]);
    }

    async function expectCleanExit(server: ServerProcess, signal: NodeJS.Signals, sentAt: number) {
      const exit = await server.exited;
      const shutdownMs = exit.at - sentAt;
      expect(exit, server.output()).to.deep.include({ code: 0, signal: null });
      const messages = server.logs().map((l) => l.msg);
      expect(messages, 'the shutdown log lines').to.include('shutting down').and.include('stopped');
      expect(server.logs().find((l) => l.msg === 'shutting down')?.signal).to.equal(signal);
      expect(shutdownMs, 'signal to exit, ms (grace period 10 s)').to.be.below(10_000);
      expect(await processesMentioning(pgdata), 'PostgreSQL processes left').to.deep.equal([]);
      expect(existsSync(path.join(pgdata, 'postmaster.pid')), 'postmaster.pid left').to.equal(false);
      return shutdownMs;
    }

    // Costly hashing, so that logins are still running when the signal arrives.
    const SLOW_ARGON2 = { NIMBUS_ARGON2_MEMORY_KIB: '65536', NIMBUS_ARGON2_ITERATIONS: '4' };

    it('SIGTERM: in-flight requests finish, new connections are refused, PostgreSQL stops, exit 0', async () => {
      const onCleanup = cleanupScope();
      const { server, ready } = await spawnServer(onCleanup, SLOW_ARGON2);
      await ensureSetup(server);
      const one = await call(server.base, 'POST', '/api/v1/auth/login', { body: ADMIN });
      expect(one.status).to.equal(200);
      expect(one.ms, 'one login must be slow enough to be caught in flight').to.be.above(100);

      // Each on its own connection, closed after its answer (keep-alive has a test of its own).
      let settled = 0;
      const t0 = performance.now();
      const inFlight = Array.from({ length: 4 }, () =>
        rawRequest(server.port, 'POST', '/api/v1/auth/login', { body: ADMIN }).then((r) => {
          settled += 1;
          return { ...r, ms: performance.now() - t0 };
        }),
      );
      await sleep(Math.min(150, one.ms / 3));
      expect(settled, 'logins settled before the signal').to.equal(0);
      const sentAt = performance.now();
      server.child.kill('SIGTERM');
      await waitFor(() => server.output().includes('"shutting down"'), 5000, 'the shutdown log line');
      const late = await rawRequest(server.port, 'GET', '/health');
      expect(settled, 'logins settled before the late request was refused').to.equal(0);
      expect(late.status, 'a request after the signal is not served').to.equal(undefined);
      expect(late.error).to.be.oneOf(['ECONNREFUSED', 'ECONNRESET']);

      const replies = await Promise.all(inFlight);
      expect(replies.map((r) => r.status ?? r.error)).to.deep.equal([200, 200, 200, 200]);
      const shutdownMs = await expectCleanExit(server, 'SIGTERM', sentAt);
      expect(server.logs().filter((l) => (l.level ?? 0) >= 50)).to.deep.equal([]);
      note(
        `F3 SIGTERM: ${ready}; one login ${round(one.ms)} ms; 4 in-flight logins answered 200 within ` +
          `${round(Math.max(...replies.map((r) => r.ms)))} ms; late request ${late.error}; ` +
          `signal to exit ${round(shutdownMs)} ms`,
      );
    });

    it('SIGTERM: a kept-alive connection busy at the signal is not served a new request', async () => {
      const onCleanup = cleanupScope();
      const { server } = await spawnServer(onCleanup, SLOW_ARGON2);
      await ensureSetup(server);
      // One socket, kept alive: what browsers, proxies and API clients do.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      onCleanup(async () => agent.destroy());
      const inFlight = rawRequest(server.port, 'POST', '/api/v1/auth/login', { agent, body: ADMIN });
      await sleep(100);
      const sentAt = performance.now();
      server.child.kill('SIGTERM');
      await waitFor(() => server.output().includes('"shutting down"'), 5000, 'the shutdown log line');
      const finished = await inFlight;
      expect(finished.status).to.equal(200);
      const late = await rawRequest(server.port, 'GET', '/health', { agent });
      agent.destroy();
      const exit = await server.exited;
      expect(exit.code).to.equal(0);
      note(
        `F3 keep-alive: the in-flight login answered ${finished.status} with "Connection: ` +
          `${finished.connection}"; a request on that socket after the signal got ${late.status ?? late.error}; ` +
          `signal to exit ${round(exit.at - sentAt)} ms`,
      );
      expect(late.status, 'a request sent after SIGTERM on a kept-alive connection was served').to.equal(
        undefined,
      );
      expect(finished.connection).to.equal('close');
    });

    it('SIGINT: exits 0 and stops its PostgreSQL', async () => {
      const onCleanup = cleanupScope();
      const { server, ready } = await spawnServer(onCleanup, {});
      await ensureSetup(server);
      expect((await call(server.base, 'GET', '/api/v1/setup/status')).body.initialized).to.equal(true);
      const sentAt = performance.now();
      server.child.kill('SIGINT');
      const shutdownMs = await expectCleanExit(server, 'SIGINT', sentAt);
      expect(server.logs().filter((l) => (l.level ?? 0) >= 50)).to.deep.equal([]);
      note(`F3 SIGINT: ${ready}; signal to exit ${round(shutdownMs)} ms`);
    });

    it('Ctrl-C (SIGINT to the whole process group, PostgreSQL included) with requests in flight: exit 0', async () => {
      const onCleanup = cleanupScope();
      const { server } = await spawnServer(onCleanup, SLOW_ARGON2);
      await ensureSetup(server);
      const inFlight = Array.from({ length: 2 }, () =>
        rawRequest(server.port, 'POST', '/api/v1/auth/login', { body: ADMIN }),
      );
      await sleep(100);
      const sentAt = performance.now();
      // A terminal delivers Ctrl-C to the foreground group: the server and the PostgreSQL it spawned.
      process.kill(-server.child.pid!, 'SIGINT');
      const replies = await Promise.all(inFlight);
      const exit = await server.exited;
      note(
        `F3 Ctrl-C: in-flight logins answered ${replies.map((r) => r.status ?? r.error).join(', ')}; ` +
          `exit code ${exit.code} ${round(exit.at - sentAt)} ms after the signal; log: ` +
          server
            .logs()
            .map((l) => l.msg)
            .filter((m) => m !== 'embedded postgres')
            .slice(-3)
            .join(' / '),
      );
      // Either answer is acceptable here: PostgreSQL itself received the signal.
      for (const r of replies) expect(r.status).to.be.oneOf([200, 503]);
      await expectCleanExit(server, 'SIGINT', sentAt);
    });
  });
});
