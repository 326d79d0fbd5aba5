/**
 * Overview: what a real API process writes at start-up and while serving, in each log format:
 *   pretty (readable lines with a time and a level on stdout, the start-up block on stderr) and
 *   auto with stdout a pipe (JSON lines only on stdout, one start-up record).
 * Architecture: end-to-end test over the process entry point (src/bootstrap/main.ts), memory
 *   profile, so no PostgreSQL is needed.
 * Dependencies: node:child_process, the test signing secret, chai.
 * Concepts: the auto setup token this start issued goes to stderr only, never to the log stream
 *   (stdout); probes are not logged at info; SIGTERM still ends the process with exit 0.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { TEST_SECRET } from '../support/app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join('src', 'bootstrap', 'main.ts');
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

interface Started {
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly stop: () => Promise<number | null>;
}

/** The parent's environment without anything that would configure Nimbus or its colours. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(NIMBUS_|S3_|TEMPORAL_|npm_)/.test(key)) continue;
    if (['DATABASE_URL', 'PORT', 'NODE_ENV', 'NODE_OPTIONS', 'FORCE_COLOR', 'NO_COLOR'].includes(key))
      continue;
    env[key] = value;
  }
  return env;
}

describe('start-up output of a real server process (issue 13)', function () {
  this.timeout(90_000);
  let dataDir: string;
  const running: Started[] = [];
  before(async () => (dataDir = await mkdtemp(path.join(tmpdir(), 'nimbus-startup-'))));
  after(async () => {
    await Promise.all(running.map((r) => r.stop()));
    await rm(dataDir, { recursive: true, force: true });
  });

  function start(env: Record<string, string>): Started {
    const child = spawn(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', '--no-warnings=ExperimentalWarning', MAIN],
      {
        cwd: ROOT,
        env: {
          ...cleanEnv(),
          NIMBUS_PROFILE: 'memory',
          NIMBUS_DATA_DIR: dataDir,
          NIMBUS_HOST: '127.0.0.1',
          NIMBUS_PORT: '0',
          NIMBUS_METRICS_PORT: '0',
          NIMBUS_JWT_SECRET: TEST_SECRET,
          NIMBUS_SETUP_TOKEN: 'auto',
          NIMBUS_ARGON2_MEMORY_KIB: '1024',
          NIMBUS_ARGON2_ITERATIONS: '1',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const started: Started = {
      stdout: () => stdout,
      stderr: () => stderr,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        return exited;
      },
    };
    running.push(started);
    return started;
  }

  async function waitFor<T>(what: string, server: Started, probe: () => T | null): Promise<T> {
    const deadline = performance.now() + 60_000;
    for (;;) {
      const found = probe();
      if (found !== null) return found;
      if (performance.now() > deadline)
        throw new Error(`${what} did not come:\n${server.stdout()}\n${server.stderr()}`);
      await sleep(50);
    }
  }

  it('pretty: readable log lines on stdout, the start-up block with the token on stderr only', async () => {
    const server = start({ NIMBUS_LOG_FORMAT: 'pretty' });
    const base = await waitFor('the start-up block', server, () => {
      const match = /API reference +(http:\/\/127\.0\.0\.1:\d+)\/api\/docs/.exec(server.stderr());
      return match && server.stderr().includes('Ctrl+C') ? match[1]! : null;
    });
    const token = /one-time setup token, valid until \S+:\n\n +(\S+)\n/.exec(server.stderr())?.[1];
    expect(token, server.stderr()).to.be.a('string');

    expect((await fetch(`${base}/live`)).status).to.equal(200);
    const status = await fetch(`${base}/api/v1/setup/status`);
    expect(((await status.json()) as { setupTokenRequired: boolean }).setupTokenRequired).to.equal(true);
    await waitFor('the request line', server, () =>
      server.stdout().includes('request completed') ? true : null,
    );
    expect(await server.stop()).to.equal(0);

    const lines = server.stdout().replace(ANSI, '').split('\n').filter(Boolean);
    const readable = /^\[\d\d:\d\d:\d\d\.\d{3}\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL): /;
    expect(
      lines.filter((l) => !readable.test(l) && !/^\s/.test(l)),
      'lines that are not readable',
    ).to.deep.equal([]);
    expect(
      lines.some((l) => /^\[[\d:.]+\] INFO: request completed .*"path":"\/api\/v1\/setup\/status"/.test(l)),
    ).to.equal(true);
    expect(
      lines.some((l) => l.includes('/live')),
      'a probe was logged at info',
    ).to.equal(false);
    expect(lines.some((l) => /INFO: shutting down/.test(l))).to.equal(true);
    expect(server.stdout(), 'the setup token reached the log stream').to.not.include(token!);
    expect(server.stderr().split(token!)).to.have.length(2);
  });

  it('auto with stdout a pipe: JSON lines only, one start-up record without the token; the token on stderr', async () => {
    const server = start({});
    const record = await waitFor('the start-up record', server, () => {
      const found = server
        .stdout()
        .split('\n')
        .filter((l) => l.includes('Nimbus API listening on'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)[0];
      return found ?? null;
    });
    expect(record).to.include({ level: 30, setup: 'pending', setupTokenMode: 'auto', profile: 'memory' });
    const base = record.url as string;
    expect(record.apiDocs).to.equal(`${base}/api/docs`);
    await waitFor('the token notice', server, () => (server.stderr().includes('setup wizard') ? true : null));
    const token = /One-time setup token \(valid until \S+\):\n\n +(\S+)\n/.exec(server.stderr())?.[1];
    expect(token, server.stderr()).to.be.a('string');
    expect((await fetch(`${base}/api/v1/setup/status`)).status).to.equal(200);
    expect(await server.stop()).to.equal(0);

    const lines = server.stdout().split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line), line).to.not.throw();
    expect(server.stdout(), 'the setup token reached the log stream').to.not.include(token!);
    expect(server.stderr()).to.not.include('Ctrl+C');
  });
});
