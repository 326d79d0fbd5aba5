/**
 * Overview: the runtime profiles through `startRuntime`: embedded PostgreSQL in a data folder
 *   (cold and warm start, data and signing secret surviving a restart), memory, and external
 *   against an unmigrated database.
 * Architecture: bootstrap integration tests (the composition root every entry point uses).
 * Dependencies: startRuntime, loadConfig, embedded PostgreSQL, the test PostgreSQL harness.
 * Concepts: embedded applies migrations itself; external only verifies them and tells the operator
 *   to run `npm run db:migrate`; memory needs no database at all.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { UseCasesToken, type UseCases } from '../../src/application/index.js';
import { SchemaMigrator } from '../../src/adapters/persistence/kysely/migrations/index.js';
import { loadConfig } from '../../src/bootstrap/config/load-config.js';
import { createLogger } from '../../src/bootstrap/logger.js';
import { PendingMigrationsError } from '../../src/bootstrap/migrations.js';
import { startRuntime, type Runtime } from '../../src/bootstrap/runtime.js';
import { createScratchDatabase } from '../support/postgres.js';
import { FAST_ARGON2, TEST_SECRET } from '../support/app.js';
import { databaseOf } from '../support/postgres.js';

const logger = createLogger('silent');
const admin = { adminEmail: 'Admin@Example.com', adminPassword: 'correct horse', organizationName: 'Acme' };

const embeddedConfig = (dataDir: string) =>
  loadConfig({ env: {}, cwd: '/nonexistent', overrides: { dataDir, auth: { argon2: FAST_ARGON2 } } });

describe('runtime: embedded profile', function () {
  this.timeout(60_000);
  let dataDir: string;
  let runtime: Runtime | null = null;
  let firstSecret: string;
  let firstAccessToken: string;
  const timings: { cold?: { initMs: number; startMs: number }; warm?: { initMs: number; startMs: number } } =
    {};

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'nimbus-runtime-'));
    // mkdtemp makes the folder 700; PostgreSQL, run as root, drops to a user that must traverse it.
    await chmod(dataDir, 0o711);
  });
  afterEach(async () => {
    await runtime?.close();
    runtime = null;
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
    const ms = (t?: { initMs: number; startMs: number }) =>
      t ? `initdb ${Math.round(t.initMs)} ms + start ${Math.round(t.startMs)} ms` : 'not measured';
    process.stdout.write(
      `      (embedded PostgreSQL: cold start ${ms(timings.cold)}; warm start ${ms(timings.warm)})\n`,
    );
  });

  it('starts on a fresh data folder, creates the cluster, applies migrations and runs setup', async () => {
    runtime = await startRuntime(embeddedConfig(dataDir), { logger, unsafeFastEmbedded: true });
    expect(runtime.embedded?.owned).to.equal(true);
    expect(runtime.embedded?.timings.initMs).to.be.above(0);
    timings.cold = runtime.embedded!.timings;
    expect(existsSync(path.join(dataDir, 'postgres', 'pgdata', 'PG_VERSION'))).to.equal(true);

    const migrations = await new SchemaMigrator(databaseOf(runtime)!.db).status();
    expect(migrations.map((m) => m.name)).to.include('001-initial');
    expect(migrations.filter((m) => m.executedAt === null)).to.deep.equal([]);

    expect((await runtime.useCases.getSetupStatus.execute()).initialized).to.equal(false);
    const done = await runtime.useCases.initializeSetup.execute(admin);
    expect(done.admin.email).to.equal('admin@example.com');
    expect((await runtime.useCases.getSetupStatus.execute()).initialized).to.equal(true);
    firstAccessToken = done.tokens!.accessToken;
    firstSecret = await readFile(path.join(dataDir, 'jwt-secret'), 'utf8');
  });

  it('stops its PostgreSQL on close, idempotently', async () => {
    runtime = await startRuntime(embeddedConfig(dataDir), { logger, unsafeFastEmbedded: true });
    const pidFile = path.join(dataDir, 'postgres', 'pgdata', 'postmaster.pid');
    expect(existsSync(pidFile)).to.equal(true);
    await Promise.all([runtime.close(), runtime.close()]);
    await runtime.close();
    runtime = null;
    expect(existsSync(pidFile)).to.equal(false);
  });

  it('keeps setup, users, sessions and the signing secret across a restart (warm start)', async () => {
    runtime = await startRuntime(embeddedConfig(dataDir), { logger, unsafeFastEmbedded: true });
    expect(runtime.embedded?.owned).to.equal(true);
    expect(runtime.embedded?.timings.initMs).to.equal(0);
    timings.warm = runtime.embedded!.timings;

    const status = await runtime.useCases.getSetupStatus.execute();
    expect(status).to.include({ initialized: true, organizationName: 'Acme' });
    expect(await readFile(path.join(dataDir, 'jwt-secret'), 'utf8')).to.equal(firstSecret);
    // A token signed before the restart still verifies: same secret, same session row.
    const me = await runtime.useCases.getCurrentUser.execute({ accessToken: firstAccessToken });
    expect(me.user.email).to.equal('admin@example.com');
    const login = await runtime.useCases.login.execute({
      email: 'admin@example.com',
      password: 'correct horse',
    });
    expect(login.user.role).to.equal('admin');
    let refused: unknown = null;
    await runtime.useCases.initializeSetup.execute(admin).catch((e: unknown) => (refused = e));
    expect((refused as { code?: string } | null)?.code).to.equal('SETUP_ALREADY_COMPLETED');
  });
});

describe('runtime: memory profile', () => {
  let runtime: Runtime;
  before(async () => {
    const config = loadConfig({
      env: {},
      cwd: '/nonexistent',
      overrides: { profile: 'memory', dataDir: '/nonexistent/nimbus-data', auth: { argon2: FAST_ARGON2 } },
    });
    runtime = await startRuntime(config, { logger });
  });
  after(() => runtime.close());

  it('starts with no database and no files', () => {
    expect(databaseOf(runtime)).to.equal(null);
    expect(runtime.embedded).to.equal(null);
    expect(existsSync('/nonexistent/nimbus-data')).to.equal(false);
  });

  it('builds the use-case catalogue once, and the container hands out that same object', () => {
    expect(runtime.get<UseCases>(UseCasesToken)).to.equal(runtime.useCases);
    for (const [name, useCase] of Object.entries(runtime.useCases))
      expect((useCase as { execute?: unknown }).execute, name).to.be.a('function');
  });

  it('runs the whole flow on the resolved use cases', async () => {
    const done = await runtime.useCases.initializeSetup.execute(admin);
    const tokens = done.tokens!;
    expect(
      (await runtime.useCases.getCurrentUser.execute({ accessToken: tokens.accessToken })).sessionId,
    ).to.equal(tokens.sessionId);
    const refreshed = await runtime.useCases.refreshSession.execute({ refreshToken: tokens.refreshToken });
    expect(refreshed.sessionId).to.equal(tokens.sessionId);
    const sessions = await runtime.useCases.listSessions.execute({ email: 'admin@example.com' });
    expect(sessions.map((s) => s.id)).to.deep.equal([tokens.sessionId]);
    await runtime.useCases.logout.execute({ sessionId: tokens.sessionId });
    expect(await runtime.useCases.listSessions.execute({ email: 'admin@example.com' })).to.deep.equal([]);
    expect((await runtime.useCases.cleanupExpiredSessions.execute()).deleted).to.be.a('number');
  });
});

describe('runtime: external profile', function () {
  this.timeout(60_000);

  it('refuses to start on a database whose migrations are not applied, and applies none', async () => {
    const scratch = await createScratchDatabase();
    try {
      const config = loadConfig({
        env: {},
        cwd: '/nonexistent',
        overrides: { profile: 'external', database: { url: scratch.url }, auth: { jwtSecret: TEST_SECRET } },
      });
      let thrown: unknown = null;
      await startRuntime(config, { logger }).then(
        (r) => r.close(),
        (e: unknown) => (thrown = e),
      );
      expect(thrown).to.be.instanceOf(PendingMigrationsError);
      const error = thrown as PendingMigrationsError;
      expect(error.message).to.include('npm run db:migrate');
      expect(error.pending).to.include('001-initial');

      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number }>(
          `select count(*)::int as n from information_schema.tables
           where table_schema = 'public' and table_name in ('users', 'sessions', 'providers')`,
        );
        expect(rows[0]?.n).to.equal(0);
      } finally {
        await client.end();
      }
    } finally {
      await scratch.drop();
    }
  });
});
