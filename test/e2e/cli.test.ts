/**
 * Overview: the `nimbus` command end to end: `node bin/nimbus.js …` as child processes on one
 *   embedded data folder (setup, sessions, migrations, usage and configuration errors).
 * Architecture: end-to-end tests of the CLI delivery adapter through its real launcher.
 * Dependencies: node:child_process, bin/nimbus.js, embedded PostgreSQL (started by each process).
 * Concepts: exit codes follow the CLI's sysexits table; errors are one line on stderr without a
 *   stack trace; the password comes from stdin, never argv, and is never echoed; sign-ins around
 *   `users reset-password` run in this process, through the runtime on the same data folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadConfig } from '../../src/bootstrap/config/load-config.js';
import { createLogger } from '../../src/bootstrap/logger.js';
import { startRuntime, type Runtime } from '../../src/bootstrap/runtime.js';
import { expectDomainError } from '../support/expect-error.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'Tr0ub4dor&3-e2e-only';
const NEW_PASSWORD = 'reset-by-the-operator-e2e-only';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('nimbus CLI (end to end)', function () {
  this.timeout(60_000);
  let dataDir: string;
  const outputs: string[] = [];
  const started = performance.now();
  let processes = 0;

  function nimbus(args: readonly string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) {
    processes += 1;
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'nimbus.js'), ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        NIMBUS_DATA_DIR: dataDir,
        NIMBUS_ARGON2_MEMORY_KIB: '1024',
        NIMBUS_ARGON2_ITERATIONS: '1',
        ...options.env,
      },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end(options.stdin ?? '');
    return new Promise<Run>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        outputs.push(stdout, stderr);
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** The exit code, checked last so a wrong code still shows whether the output was right. */
  const expectExit = (run: Run, code: number) =>
    expect(run.code, `exit code (stdout: ${run.stdout.trim()}; stderr: ${run.stderr.trim()})`).to.equal(code);

  /** One `error:` line naming the code, and no stack trace. */
  function expectOneErrorLine(run: Run, code: string) {
    const lines = run.stderr.trim().split('\n');
    expect(lines, run.stderr).to.have.length(1);
    expect(lines[0])
      .to.match(/^error: /)
      .and.include(code);
    expect(run.stderr).to.not.match(/^ {4}at /m);
  }

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'nimbus-cli-'));
    // mkdtemp makes the folder 700; PostgreSQL, run as root, drops to a user that must traverse it.
    await chmod(dataDir, 0o711);
  });

  after(async () => {
    // Each process stops its PostgreSQL; should one have died midway, stop the server it left.
    const pidFile = path.join(dataDir, 'postgres', 'pgdata', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    await rm(dataDir, { recursive: true, force: true });
    process.stdout.write(
      `      (${processes} nimbus processes in ${Math.round((performance.now() - started) / 1000)} s)\n`,
    );
  });

  it('`setup status` says setup is not done yet on a fresh data folder', async () => {
    const run = await nimbus(['setup', 'status']);
    expect(run.stdout).to.include('Setup not done yet');
    expect(run.stderr).to.equal('');
    expectExit(run, 0);
  });

  it('`setup token` issues a fresh one-time token with auth.setupToken auto, replacing the last, and is a usage error otherwise', async () => {
    const refused = await nimbus(['setup', 'token']);
    expectOneErrorLine(refused, 'auth.setupToken: auto');
    expectExit(refused, 64);
    const first = await nimbus(['setup', 'token'], { env: { NIMBUS_SETUP_TOKEN: 'auto' } });
    expect(first.stdout.trim()).to.match(/^[A-Za-z0-9_-]{20,}$/);
    expect(first.stderr).to.include('valid until');
    expectExit(first, 0);
    const second = await nimbus(['setup', 'token'], { env: { NIMBUS_SETUP_TOKEN: 'auto' } });
    expect(second.stdout.trim())
      .to.match(/^[A-Za-z0-9_-]{20,}$/)
      .and.not.equal(first.stdout.trim());
    expectExit(second, 0);
  });

  it('`setup init` reads the password from stdin and creates the organisation and its admin', async () => {
    const run = await nimbus(['setup', 'init', '--email', 'Admin@Example.com', '--org', 'Acme'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(run.stdout).to.include('Setup complete').and.include('"Acme"').and.include('admin@example.com');
    expect(run.stdout).to.not.include(PASSWORD);
    expect(run.stderr).to.not.include(PASSWORD);
    expectExit(run, 0);
  });

  it('`setup status` in a new process says setup is complete (the data survived the restart)', async () => {
    const run = await nimbus(['setup', 'status']);
    expect(run.stdout).to.match(/^Setup complete: organisation "Acme"/);
    expectExit(run, 0);
  });

  it('`setup init` a second time fails with SETUP_ALREADY_COMPLETED (exit 73), one line, no stack', async () => {
    const run = await nimbus(['setup', 'init', '--email', 'other@example.com', '--org', 'Other'], {
      stdin: `${PASSWORD}\n`,
    });
    expectOneErrorLine(run, 'SETUP_ALREADY_COMPLETED');
    expect(run.stdout).to.equal('');
    expectExit(run, 73);
  });

  it('`setup init` with an empty password on stdin fails with VALIDATION_ERROR (exit 65)', async () => {
    const run = await nimbus(['setup', 'init', '--email', 'admin@example.com', '--org', 'Acme'], {
      stdin: '\n',
    });
    expectOneErrorLine(run, 'VALIDATION_ERROR');
    expect(run.stderr).to.include('adminPassword');
    expectExit(run, 65);
  });

  it('`sessions list` shows no live sessions for the admin (CLI setup does not sign in)', async () => {
    const run = await nimbus(['sessions', 'list', '--email', 'admin@example.com']);
    expect(run.stdout).to.equal('No live sessions.\n');
    expectExit(run, 0);
  });

  /** Runs `work` on the use cases of an in-process runtime over the same data folder, then stops it. */
  async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
    const config = loadConfig({
      env: {},
      cwd: '/nonexistent',
      overrides: { dataDir, auth: { argon2: { memoryKiB: 1024, iterations: 1, parallelism: 1 } } },
    });
    const runtime = await startRuntime(config, { logger: createLogger('silent', 2) });
    try {
      return await work(runtime);
    } finally {
      await runtime.close();
    }
  }

  it('`users reset-password` sets the password from stdin and ends every session of the user', async () => {
    const ADMIN = { email: 'admin@example.com', password: PASSWORD };
    const old = await withRuntime(async ({ useCases }) => [
      await useCases.login.execute(ADMIN),
      await useCases.login.execute(ADMIN),
    ]);
    const listed = await nimbus(['sessions', 'list', '--email', ADMIN.email]);
    expect(listed.stdout.trim().split('\n')).to.have.length(3); // the header and two sessions
    const run = await nimbus(['users', 'reset-password', '--email', 'Admin@Example.com'], {
      stdin: `${NEW_PASSWORD}\n`,
    });
    expect(run.stdout).to.equal('Password of admin@example.com reset; 2 session(s) ended.\n');
    // One JSON record per line; on a loaded machine a warning may come beside it.
    const records = run.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const record = records.find((r) => r.msg === 'password reset by an operator');
    expect(record, run.stderr).to.include({ sessionsRevoked: 2 });
    expect(record!.userId).to.equal(old[0]!.user.id);
    expect(run.stderr).to.not.include(NEW_PASSWORD);
    expectExit(run, 0);

    expect((await nimbus(['sessions', 'list', '--email', ADMIN.email])).stdout).to.equal(
      'No live sessions.\n',
    );
    await withRuntime(async ({ useCases }) => {
      for (const { tokens } of old) {
        await expectDomainError(
          useCases.getCurrentUser.execute({ accessToken: tokens.accessToken }),
          'SESSION_REVOKED',
        );
        await expectDomainError(
          useCases.refreshSession.execute({ refreshToken: tokens.refreshToken }),
          'SESSION_REVOKED',
        );
      }
      await expectDomainError(useCases.login.execute(ADMIN), 'INVALID_CREDENTIALS');
      const fresh = await useCases.login.execute({ email: ADMIN.email, password: NEW_PASSWORD });
      expect(fresh.user.id).to.equal(old[0]!.user.id);
      await useCases.logout.execute({ sessionId: fresh.tokens.sessionId });
    });
  });

  const badResets: [string, string[], string, number, string][] = [
    ['an unknown email', ['--email', 'nobody@example.com'], `${NEW_PASSWORD}\n`, 67, 'USER_NOT_FOUND'],
    ['an empty password', ['--email', 'admin@example.com'], '\n', 65, 'newPassword: is required'],
    [
      'a password given with --password',
      ['--email', 'admin@example.com', '--password', NEW_PASSWORD],
      '',
      64,
      'never taken from the command line',
    ],
    [
      'a password given as an argument',
      ['--email', 'admin@example.com', NEW_PASSWORD],
      '',
      64,
      'never taken from the command line',
    ],
  ];
  for (const [what, args, stdin, code, says] of badResets) {
    it(`\`users reset-password\` refuses ${what} with one clear line (exit ${code}), changing nothing`, async () => {
      const run = await nimbus(['users', 'reset-password', ...args], { stdin });
      expectOneErrorLine(run, says);
      expect(run.stdout).to.equal('');
      expectExit(run, code);
    });
  }

  it('after the refused resets, the password set by the operator still works', async () => {
    await withRuntime(async ({ useCases }) => {
      const { tokens } = await useCases.login.execute({ email: 'admin@example.com', password: NEW_PASSWORD });
      await useCases.logout.execute({ sessionId: tokens.sessionId });
    });
  });

  it('`jobs list` names both jobs with their last success and failure; `jobs run` runs one now; an unknown job is a usage error', async () => {
    const list = await nimbus(['jobs', 'list']);
    expect(list.stdout).to.include('sessionCleanup').and.include('sessionArchive');
    expectExit(list, 0);
    expect(list.stdout).to.include('never run');
    const run = await nimbus(['jobs', 'run', 'sessionArchive']);
    expect(run.stdout).to.match(
      /sessionArchive: \{"archived":0,"key":null,"events":\{"archived":0,"key":null\}\}/,
    );
    expectExit(run, 0);
    const after = await nimbus(['jobs', 'list']);
    expect(after.stdout).to.match(
      /sessionArchive[^\n]*\n\s+last success \d{4}-[^,]+, last failure -, healthy/,
    );
    const unknown = await nimbus(['jobs', 'run', 'nope']);
    expect(unknown.stderr).to.include('unknown job');
    expectExit(unknown, 64);
  });

  it('`sessions list` for an unknown email fails with USER_NOT_FOUND (exit 67)', async () => {
    const run = await nimbus(['sessions', 'list', '--email', 'nobody@example.com']);
    expectOneErrorLine(run, 'USER_NOT_FOUND');
    expectExit(run, 67);
  });

  for (const id of ['not-a-uuid', '7d9f5a3e-1111-4222-8333-444455556666']) {
    it(`\`sessions revoke ${id}\` fails with SESSION_NOT_FOUND (exit 66)`, async () => {
      const run = await nimbus(['sessions', 'revoke', id]);
      expectOneErrorLine(run, 'SESSION_NOT_FOUND');
      expectExit(run, 66);
    });
  }

  const usageErrors: [string, string[]][] = [
    ['a missing --org', ['setup', 'init', '--email', 'x@y.z']],
    ['an unknown subcommand', ['setup', 'frobnicate']],
    ['an unknown option', ['--bogus']],
    [
      'a password given on the command line',
      ['setup', 'init', '--email', 'x@y.z', '--org', 'X', '--password', PASSWORD],
    ],
  ];
  for (const [what, args] of usageErrors) {
    it(`refuses ${what} with a usage error (exit 64)`, async () => {
      const run = await nimbus(args);
      expect(run.stderr).to.match(/^error: /m);
      expect(run.stderr).to.not.match(/^ {4}at /m);
      expect(run.stdout).to.equal('');
      expectExit(run, 64);
    });
  }

  it('fails on an invalid environment value with exit 78, naming the setting', async () => {
    const run = await nimbus(['setup', 'status'], { env: { NIMBUS_ACCESS_TOKEN_TTL: 'forever' } });
    expect(run.stderr)
      .to.match(/^error: /)
      .and.include('auth.accessTokenTtl (from NIMBUS_ACCESS_TOKEN_TTL)');
    expect(run.stderr).to.not.match(/^ {4}at /m);
    expectExit(run, 78);
  });

  it('`db migrate status` lists the migrations as applied', async () => {
    const run = await nimbus(['db', 'migrate', 'status']);
    expect(run.stdout).to.match(/^applied {2}001-initial {2}\d{4}-/m);
    expect(run.stdout).to.match(/^applied {2}002-hardening {2}\d{4}-/m);
    expect(run.stdout).to.include('0 pending');
    expectExit(run, 0);
  });

  it('`db migrate down` reverts the newest, `status` shows it pending, `up` applies it again', async () => {
    const down = await nimbus(['db', 'migrate', 'down']);
    expect(down.stdout).to.match(/^reverted {2}003-auth-events/m);
    expectExit(down, 0);

    const status = await nimbus(['db', 'migrate', 'status']);
    expect(status.stdout).to.match(/^pending {2}003-auth-events/m);
    expect(status.stdout).to.include('1 pending');
    expectExit(status, 0);

    const up = await nimbus(['db', 'migrate', 'up']);
    expect(up.stdout).to.match(/^applied +003-auth-events +\(Success\)/m);
    expectExit(up, 0);
  });

  it('never prints the admin password, in any command', () => {
    expect(outputs.length).to.be.above(0);
    for (const text of outputs) expect(text).to.not.include(PASSWORD);
    for (const text of outputs) expect(text).to.not.include(NEW_PASSWORD);
  });
});
