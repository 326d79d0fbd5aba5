/**
 * Overview: T8 for logs: a real API process and the real CLI, both at `debug`, go through setup,
 *   login, refresh, a failed login, logout and `setup init`; then every line they wrote is
 *   searched for every password, token and secret that was sent or issued. Plus the redaction
 *   rule itself, by key name at any depth.
 * Architecture: end-to-end security test over real processes on the test PostgreSQL.
 * Dependencies: the replica harness (one API process), the CLI binary, the logger, chai.
 * Concepts: the search covers whole tokens and their signature parts; the test also checks that
 *   the processes did log those steps, so an empty log cannot pass it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createDatabase } from '../../src/adapters/persistence/kysely/database.js';
import { SchemaMigrator } from '../../src/adapters/persistence/kysely/migrations/index.js';
import { CENSOR, createLogger, redactSecrets } from '../../src/bootstrap/logger.js';
import { TEST_SECRET } from '../support/app.js';
import { createScratchDatabase } from '../support/postgres.js';
import { startReplicas, type ReplicaSet } from '../support/replicas.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SETUP_TOKEN = 'T8-setup-token-7c1d9e2f4a6b8c0d';
const ADMIN_PASSWORD = 'T8 admin password: correct horse';
const WRONG_PASSWORD = 'T8 wrong password: battery staple';
const CLI_PASSWORD = 'T8 cli admin password: stapler';

describe('redaction by key name at any depth (T8)', () => {
  it('replaces every secret-named value, top level, nested and in arrays, and keeps the rest', () => {
    const redacted = redactSecrets({
      accessToken: 'a',
      refresh_token: 'b',
      setupToken: 'c',
      jwtSecret: 'd',
      user: { email: 'kept@example.com', credentials: { password: 'e', deeper: { apiKey: 'f' } } },
      list: [{ Authorization: 'Bearer g' }, 'plain'],
    });
    expect(redacted).to.deep.equal({
      accessToken: CENSOR,
      refresh_token: CENSOR,
      setupToken: CENSOR,
      jwtSecret: CENSOR,
      user: { email: 'kept@example.com', credentials: { password: CENSOR, deeper: { apiKey: CENSOR } } },
      list: [{ Authorization: CENSOR }, 'plain'],
    });
  });

  it('applies to what the process logger writes', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    createLogger('debug', sink).info({ result: { tokens: { refreshToken: 'r-e-f-r-e-s-h' } } }, 'issued');
    expect(lines.join('')).to.include(CENSOR).and.not.include('r-e-f-r-e-s-h');
  });

  it('logs an error with its message and stack, and redacts its fields and the bindings', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const error = Object.assign(new Error('the disk is on fire'), {
      config: { headers: { authorization: 'Bearer x-y-z' } },
    });
    createLogger('debug', sink).child({ apiKey: 'k-e-y' }).error({ err: error }, 'job failed');
    const logged = JSON.parse(lines.join('')) as { err: { message: string; stack: string } };
    expect(logged.err.message).to.equal('the disk is on fire');
    expect(logged.err.stack).to.include('log-secrets.test');
    expect(lines.join('')).to.not.include('x-y-z').and.not.include('k-e-y');
  });
});

describe('no secret in any log line of a real server and CLI at debug level (T8)', function () {
  this.timeout(120_000);
  let set: ReplicaSet | null = null;
  let cliDatabase: { url: string; drop(): Promise<void> } | null = null;
  after(async () => {
    await set?.stop();
    await cliDatabase?.drop();
  });

  function cli(args: string[], stdin: string, databaseUrl: string) {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'nimbus.js'), ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NIMBUS_PROFILE: 'external',
        DATABASE_URL: databaseUrl,
        NIMBUS_LOG_LEVEL: 'debug',
        NIMBUS_JWT_SECRET: TEST_SECRET,
        NIMBUS_ARGON2_MEMORY_KIB: '1024',
        NIMBUS_ARGON2_ITERATIONS: '1',
        S3_ENDPOINT: 'http://127.0.0.1:9',
        S3_ACCESS_KEY_ID: 'test',
        S3_SECRET_ACCESS_KEY: 'test-secret',
      },
      stdio: 'pipe',
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stdin.end(stdin);
    return new Promise<{ code: number | null; output: string }>((resolve) =>
      child.on('close', (code) => resolve({ code, output })),
    );
  }

  it('writes none of the passwords, tokens and secrets it was sent or issued', async () => {
    set = await startReplicas({
      count: 1,
      setup: false,
      env: { NIMBUS_LOG_LEVEL: 'debug', NIMBUS_SETUP_TOKEN: SETUP_TOKEN },
    });
    const api = set.replicas[0]!;
    const secrets: string[] = [TEST_SECRET, SETUP_TOKEN, ADMIN_PASSWORD, WRONG_PASSWORD, CLI_PASSWORD];
    const keep = (tokens: { accessToken: string; refreshToken: string }) =>
      secrets.push(tokens.accessToken, tokens.refreshToken);

    const setup = await api.call('POST', '/api/v1/setup/initialize', {
      body: {
        adminEmail: 't8@example.com',
        adminPassword: ADMIN_PASSWORD,
        organizationName: 'T8',
        setupToken: SETUP_TOKEN,
      },
    });
    expect(setup.status).to.equal(201);
    keep(setup.body.tokens);
    const login = await api.call('POST', '/api/v1/auth/login', {
      body: { email: 't8@example.com', password: ADMIN_PASSWORD },
    });
    expect(login.status).to.equal(200);
    keep(login.body);
    const refreshed = await api.call('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(refreshed.status).to.equal(200);
    keep(refreshed.body);
    const failed = await api.call('POST', '/api/v1/auth/login', {
      body: { email: 't8@example.com', password: WRONG_PASSWORD },
    });
    expect(failed.status).to.equal(401);
    const me = await api.call('GET', '/api/v1/auth/me', { token: refreshed.body.accessToken });
    expect(me.status).to.equal(200);
    const logout = await api.call('POST', '/api/v1/auth/logout', { token: refreshed.body.accessToken });
    expect(logout.status).to.equal(204);

    cliDatabase = await createScratchDatabase();
    const migrating = createDatabase({ connectionString: cliDatabase.url, poolSize: 1 });
    await new SchemaMigrator(migrating.db).up();
    await migrating.close();
    const init = await cli(
      ['setup', 'init', '--email', 'cli@example.com', '--org', 'T8 CLI'],
      `${CLI_PASSWORD}\n`,
      cliDatabase.url,
    );
    expect(init.code, init.output).to.equal(0);

    await set.stop();
    const lines = [...api.logs, ...init.output.split('\n')].filter(Boolean);
    // The processes did log these steps at debug, so the search below searched something.
    const text = lines.join('\n');
    expect(text).to.include('"level":20');
    expect(text).to.include('login succeeded').and.include('setup completed');
    expect(lines.length).to.be.above(10);
    const needles = secrets.flatMap((s) => (s.split('.').length === 3 ? [s, s.split('.')[2]!] : [s]));
    for (const line of lines) {
      for (const needle of needles) expect(line, `a log line holds a secret`).to.not.include(needle);
    }
  });
});
