/**
 * Overview: fault tolerance end to end (SECURITY F1-F3): PostgreSQL stopped and restarted under
 *   traffic, the API restarted on the same database, SIGTERM and SIGINT on a real server process.
 * Architecture: end-to-end tests over the real bootstrap, in process (F1, F2) and as a child
 *   process running src/bootstrap/main.ts (F3).
 * Dependencies: embedded PostgreSQL, the server bootstrap, the test server harness,
 *   node:child_process, pgrep.
 * Concepts: an outage answers 503 (retryable), never 500 and never a hang, and spends no refresh
 *   token; graceful shutdown lets in-flight requests finish, refuses new connections, stops the
 *   pool and PostgreSQL, and exits 0 within the grace period.
 */
import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { TokenServiceToken, type TokenService } from '../../src/application/index.js';
import { startEmbeddedPostgres } from '../../src/adapters/persistence/embedded/embedded-postgres-server.js';
import { loadConfig } from '../../src/bootstrap/config/load-config.js';
import { createLogger } from '../../src/bootstrap/logger.js';
import { startServer } from '../../src/bootstrap/server.js';
import { FAST_ARGON2, TEST_SECRET } from '../support/app.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { databaseOf } from '../support/postgres.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };
const SETUP = { adminEmail: ADMIN.email, adminPassword: ADMIN.password, organizationName: 'Acme Cloud' };

interface Reply {
  /** 0 when no HTTP answer came (refused, reset, timed out). */
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
  readonly headers: Headers | null;
  readonly ms: number;
  readonly error?: string;
}

async function call(
  base: string,
  method: string,
  route: string,
  options: { body?: unknown; token?: string; timeoutMs?: number } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const t0 = performance.now();
  try {
    const res = await fetch(base + route, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: res.status, body, headers: res.headers, ms: performance.now() - t0 };
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    return {
      status: 0,
      body: null,
      headers: null,
      ms: performance.now() - t0,
      error: cause?.code ?? String(error),
    };
  }
}

interface RawReply {
  /** Absent when the request was not served. */
  readonly status?: number;
  readonly connection?: string;
  readonly error?: string;
}

/** A request through node:http: on a new TCP connection (agent false) or on `agent`'s sockets. */
function rawRequest(
  port: number,
  method: string,
  route: string,
  options: { agent?: Agent | false; body?: unknown } = {},
): Promise<RawReply> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: route,
        agent: options.agent ?? false,
        timeout: 20_000,
        headers: payload ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(payload);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  // mkdtemp makes the folder 700; PostgreSQL, run as root, drops to a user that must traverse it.
  await chmod(dir, 0o711);
  return dir;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops a postmaster left running on `pgdata` (by a test that failed midway). */
async function killPostmaster(pgdata: string): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  for (const [signal, waitMs] of [
    ['SIGINT', 5000],
    ['SIGKILL', 2000],
  ] as const) {
    if (!isAlive(pid)) return;
    process.kill(pid, signal);
    for (const end = performance.now() + waitMs; isAlive(pid) && performance.now() < end;) await sleep(50);
  }
}

/** Command lines of live processes that mention `needle` (`pgrep -f`); empty when none. */
function processesMentioning(needle: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    execFile('pgrep', ['-a', '-f', needle], (error, stdout) => {
      if (error && error.code !== 1) return reject(error);
      resolve(stdout.split('\n').filter(Boolean));
    }),
  );
}

async function waitFor(
  probe: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await probe())) {
    if (performance.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/**
 * Runs `work` with uncaught exceptions and unhandled rejections recorded instead of aborting the
 * test, so the test can check everything else and then fail on them: a real server process
 * (runServerFromProcess installs no handler) exits on the first one.
 */
async function recordingUncaught<T>(work: (uncaught: Error[]) => Promise<T>): Promise<T> {
  const uncaught: Error[] = [];
  const record = (error: unknown) => {
    uncaught.push(error instanceof Error ? error : new Error(String(error)));
  };
  const exceptionListeners = process.listeners('uncaughtException');
  const rejectionListeners = process.listeners('unhandledRejection');
  process.removeAllListeners('uncaughtException').on('uncaughtException', record);
  process.removeAllListeners('unhandledRejection').on('unhandledRejection', record);
  try {
    return await work(uncaught);
  } finally {
    process.off('uncaughtException', record).off('unhandledRejection', record);
    for (const listener of exceptionListeners) process.on('uncaughtException', listener);
    for (const listener of rejectionListeners) process.on('unhandledRejection', listener);
  }
}

const round = (ms: number) => Math.round(ms);
const note = (text: string) => process.stdout.write(`      (${text})\n`);

describe('faults (end to end)', function () {
  this.timeout(60_000);
  let generation = 0;
  let cleanups: (() => Promise<unknown>)[] = [];
  /** Registers a clean-up for this test; one registered after the test ended runs at once. */
  const cleanupScope = () => {
    const mine = generation;
    return (task: () => Promise<unknown>) => {
      if (mine === generation) cleanups.push(task);
      else void task().catch(() => undefined);
    };
  };

  afterEach(async function () {
    this.timeout(30_000);
    generation += 1;
    const tasks = cleanups.reverse();
    cleanups = [];
    for (const task of tasks) await task().catch(() => undefined);
  });

  it('F1: PostgreSQL stopped mid-traffic: 503s, no token issued or spent, recovery without a restart', async () => {
    const onCleanup = cleanupScope();
    const dir = await tempDir('nimbus-f1-');
    const pgdata = path.join(dir, 'pgdata');
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    onCleanup(() => killPostmaster(pgdata));
    const pgPort = await freePort();
    const first = await startEmbeddedPostgres({ directory: dir, port: pgPort, unsafeFast: true });
    onCleanup(() => first.stop());

    const logs: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const config = loadConfig({
      env: {},
      cwd: '/nonexistent',
      overrides: {
        env: 'test',
        profile: 'external',
        database: { url: first.connectionString },
        // The traffic refreshes far more often than a browser would; that budget is not under test.
        server: { host: '127.0.0.1', port: 0, refreshRateLimit: 1_000_000 },
        auth: { jwtSecret: TEST_SECRET, argon2: FAST_ARGON2 },
        log: { level: 'warn' },
      },
    });
    const running = await startServer(config, { logger: createLogger('warn', sink), migrations: 'apply' });
    onCleanup(() => running.close());
    const base = running.url;
    const db = databaseOf(running.runtime)!.db;
    const tokens = running.runtime.get<TokenService>(TokenServiceToken);

    expect((await call(base, 'POST', '/api/v1/setup/initialize', { body: SETUP })).status).to.equal(201);
    let logins = 0;
    const login = async () => {
      const r = await call(base, 'POST', '/api/v1/auth/login', { body: ADMIN });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      logins += 1;
      return r.body as { accessToken: string; refreshToken: string; sessionId: string };
    };
    const workers: {
      sessionId: string;
      firstAccess: string;
      access: string;
      refresh: string;
      rotations: number;
    }[] = [];
    for (let i = 0; i < 4; i += 1) {
      const t = await login();
      workers.push({
        sessionId: t.sessionId,
        firstAccess: t.accessToken,
        access: t.accessToken,
        refresh: t.refreshToken,
        rotations: 0,
      });
    }
    // Kept out of the traffic: its refresh token is presented only while PostgreSQL is down.
    const held = await login();

    await recordingUncaught(async (uncaught) => {
      const t0 = performance.now();
      const samples: { start: number; end: number; status: number; code?: string; error?: string }[] = [];
      let traffic = true;
      const loop = async (w: (typeof workers)[number]) => {
        while (traffic) {
          const start = performance.now() - t0;
          const replies = await Promise.all([
            call(base, 'GET', '/api/v1/auth/me', { token: w.access }),
            call(base, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: w.refresh } }),
          ]);
          for (const r of replies) {
            samples.push({
              start,
              end: start + r.ms,
              status: r.status,
              code: r.body?.error?.code,
              error: r.error,
            });
          }
          const rf = replies[1];
          if (rf.status === 200) {
            w.access = rf.body.accessToken;
            w.refresh = rf.body.refreshToken;
            w.rotations += 1;
          } else {
            await sleep(20);
          }
        }
      };
      const loops = Promise.all(workers.map(loop));
      await sleep(1000);
      const stopStart = performance.now() - t0;
      await first.stop();
      const stopEnd = performance.now() - t0;
      await sleep(1500);
      traffic = false;
      await loops;

      // Down, traffic stopped: every database-backed request answers 503 at once.
      const ready = await call(base, 'GET', '/ready');
      expect(ready.status).to.equal(503);
      // The listener is down too: no session is answered from memory until it is back.
      expect(ready.body).to.deep.equal({
        status: 'unavailable',
        checks: { database: 'down', sessionListener: 'reconnecting' },
      });
      const me = await call(base, 'GET', '/api/v1/auth/me', { token: workers[0]!.firstAccess });
      const loginDown = await call(base, 'POST', '/api/v1/auth/login', { body: ADMIN });
      const refreshDown = await call(base, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: held.refreshToken },
      });
      for (const r of [me, loginDown, refreshDown]) {
        expect(r.status, JSON.stringify(r.body)).to.equal(503);
        expect(r.body.error).to.include({ code: 'SERVICE_UNAVAILABLE' });
        expect(r.body.error.traceId).to.be.a('string');
        expect(r.headers?.get('retry-after')).to.equal('5');
      }
      expect(loginDown.body).to.not.have.any.keys('accessToken', 'refreshToken', 'sessionId');
      expect(refreshDown.body).to.not.have.any.keys('accessToken', 'refreshToken');
      expect((await call(base, 'GET', '/live')).status).to.equal(200);
      const slowestProbe = Math.max(ready.ms, me.ms, loginDown.ms, refreshDown.ms);

      // PostgreSQL back on the same folder and port; the API keeps running.
      const restartAt = performance.now();
      const second = await startEmbeddedPostgres({ directory: dir, port: pgPort, unsafeFast: true });
      onCleanup(() => second.stop());
      expect(second.owned).to.equal(true);
      const pgBackMs = performance.now() - restartAt;
      await waitFor(
        async () => (await call(base, 'GET', '/ready')).status === 200,
        10_000,
        '/ready back to 200',
      );
      const readyBackMs = performance.now() - restartAt;

      // The held refresh token was not spent: it is still the session's current one.
      const heldRow = await db
        .selectFrom('sessions')
        .select(['refresh_token_hash', 'generation', 'revoked_at'])
        .where('id', '=', held.sessionId)
        .executeTakeFirstOrThrow();
      expect(heldRow).to.deep.equal({
        refresh_token_hash: tokens.hashToken(held.refreshToken),
        generation: 0,
        revoked_at: null,
      });
      // It works once: it rotates; presented again within the grace window it yields the same
      // successor (no second branch); the successor rotates on.
      const rotated = await call(base, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: held.refreshToken },
      });
      expect(rotated.status, JSON.stringify(rotated.body)).to.equal(200);
      expect(rotated.body.refreshToken).to.not.equal(held.refreshToken);
      const again = await call(base, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: held.refreshToken },
      });
      expect(again.status).to.equal(200);
      expect(again.body.refreshToken).to.equal(rotated.body.refreshToken);
      const onward = await call(base, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: rotated.body.refreshToken },
      });
      expect(onward.status).to.equal(200);

      // Every traffic session survived: its first access token and its latest refresh token work.
      for (const w of workers) {
        expect((await call(base, 'GET', '/api/v1/auth/me', { token: w.firstAccess })).status).to.equal(200);
        const r = await call(base, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: w.refresh } });
        expect(r.status, `session ${w.sessionId}: ${JSON.stringify(r.body)}`).to.equal(200);
      }
      const later = await login();
      expect((await call(base, 'GET', '/api/v1/auth/me', { token: later.accessToken })).status).to.equal(200);

      // No session lost; none opened by the refused login (setup's own session + one per 200 login).
      const rows = await db.selectFrom('sessions').select(['id', 'revoked_at', 'revoke_reason']).execute();
      expect(rows.filter((r) => r.revoked_at !== null)).to.deep.equal([]);
      expect(rows).to.have.length(1 + logins);

      // The traffic: 200 or 503 only, never a hang; 200 before the stop, only 503 once it is down.
      const odd = samples.filter((s) => s.status !== 200 && s.status !== 503);
      expect(odd, JSON.stringify(odd.slice(0, 5))).to.deep.equal([]);
      expect(samples.filter((s) => s.end < stopStart && s.status !== 200)).to.deep.equal([]);
      const whileDown = samples.filter((s) => s.start > stopEnd);
      expect(whileDown.length).to.be.greaterThan(10);
      expect(whileDown.filter((s) => s.status !== 503)).to.deep.equal([]);
      const slowest = Math.max(...samples.map((s) => s.end - s.start));
      expect(slowest).to.be.below(6000);
      expect(logs.filter((l) => /"statusCode":500|"code":"INTERNAL_ERROR"/.test(l))).to.deep.equal([]);
      const first503 = Math.min(...samples.filter((s) => s.status === 503).map((s) => s.end));
      note(
        `F1: ${samples.length} requests in traffic (${samples.filter((s) => s.status === 200).length} × 200, ` +
          `${samples.filter((s) => s.status === 503).length} × 503), ` +
          `${workers.reduce((n, w) => n + w.rotations, 0)} rotations; stopping PostgreSQL took ` +
          `${round(stopEnd - stopStart)} ms, first 503 ${round(first503 - stopStart)} ms after the stop began; ` +
          `slowest request ${round(slowest)} ms, slowest outage probe ${round(slowestProbe)} ms; ` +
          `PostgreSQL back in ${round(pgBackMs)} ms, /ready 200 ${round(readyBackMs)} ms after the restart began`,
      );

      expect(
        uncaught.map((e) => e.message),
        'uncaught exceptions (unhandled pg Client "error" events) while PostgreSQL stopped; ' +
          'a real server process exits on the first one',
      ).to.deep.equal([]);
    });
  });

  it('F2: an API restart keeps setup state, sessions and login counters', async () => {
    const onCleanup = cleanupScope();
    const firstRun: TestServer = await startTestServer('postgres');
    onCleanup(() => firstRun.close());
    expect((await firstRun.api('POST', '/api/v1/setup/initialize', { body: SETUP })).status).to.equal(201);
    const signedIn = await firstRun.api('POST', '/api/v1/auth/login', { body: ADMIN });
    expect(signedIn.status).to.equal(200);
    const wrong = { email: ADMIN.email, password: 'not the password' };
    // The counter key is email + socket address (trustProxy is off): 127.0.0.1 after a restart too.
    for (let i = 1; i <= 3; i += 1) {
      expect(
        (await firstRun.api('POST', '/api/v1/auth/login', { body: wrong })).status,
        `failure ${i}`,
      ).to.equal(401);
    }
    await firstRun.close();

    const secondRun = await startTestServer('postgres', { keepData: true });
    onCleanup(() => secondRun.close());
    const status = await secondRun.api('GET', '/api/v1/setup/status');
    expect(status.body).to.include({ initialized: true, organizationName: 'Acme Cloud' });
    const again = await secondRun.api('POST', '/api/v1/setup/initialize', { body: SETUP });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('SETUP_ALREADY_COMPLETED');

    const me = await secondRun.api('GET', '/api/v1/auth/me', { token: signedIn.body.accessToken });
    expect(me.status).to.equal(200);
    expect(me.body.email).to.equal(ADMIN.email);
    const refreshed = await secondRun.api('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: signedIn.body.refreshToken },
    });
    expect(refreshed.status).to.equal(200);
    expect(refreshed.body.sessionId).to.equal(signedIn.body.sessionId);
    expect(refreshed.body.refreshToken).to.not.equal(signedIn.body.refreshToken);

    for (let i = 4; i <= 10; i += 1) {
      expect(
        (await secondRun.api('POST', '/api/v1/auth/login', { body: wrong })).status,
        `failure ${i}`,
      ).to.equal(401);
    }
    // The 11th attempt is refused even with the right password: 3 + 7 counted across the restart.
    const blocked = await secondRun.api('POST', '/api/v1/auth/login', { body: ADMIN });
    expect(blocked.status).to.equal(429);
    expect(blocked.body.error.code).to.equal('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers.get('retry-after'))).to.be.greaterThan(0);
  });

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
