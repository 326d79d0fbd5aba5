/**
 * Overview: the schema migrations up, again, and down, on a scratch database of their own.
 * Architecture: adapter integration test of the Kysely migrations (SchemaMigrator + 001-initial).
 * Dependencies: the migrator, the Kysely database factory, the test PostgreSQL, chai.
 * Concepts: pending vs applied migrations; the singleton system_config row; email unique
 *   case-insensitively among live users only (partial unique index).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { sql } from 'kysely';
import { createDatabase, type DatabaseHandle } from '../../../src/adapters/persistence/kysely/database.js';
import { SchemaMigrator } from '../../../src/adapters/persistence/kysely/migrations/index.js';
import { createScratchDatabase } from '../../support/postgres.js';

const TABLES = ['auth_events', 'job_runs', 'providers', 'rate_limits', 'sessions', 'system_config', 'users'];

async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; constraint?: string };
  }
  return expect.fail('expected the statement to be rejected');
}

describe('schema migrations', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let handle: DatabaseHandle;
  let migrator: SchemaMigrator;

  beforeEach(async () => {
    scratch = await createScratchDatabase();
    handle = createDatabase({ connectionString: scratch.url });
    migrator = new SchemaMigrator(handle.db);
  });
  afterEach(async () => {
    await handle.close();
    await scratch.drop();
  });

  /** The application's tables, without the migrator's own bookkeeping tables. */
  async function tables(): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_name not like 'nimbus_migrations%'
      order by table_name`.execute(handle.db);
    return rows.map((r) => r.name);
  }

  async function indexes(table: string): Promise<string[]> {
    const { rows } = await sql<{ def: string }>`
      select indexdef as def from pg_indexes where schemaname = 'public' and tablename = ${table}
      order by indexname`.execute(handle.db);
    return rows.map((r) => r.def);
  }

  async function up(): Promise<void> {
    const run = await migrator.up();
    expect(run.error).to.equal(undefined);
  }

  const NONE_APPLIED = [
    { name: '001-initial', executedAt: null },
    { name: '002-hardening', executedAt: null },
    { name: '003-auth-events', executedAt: null },
  ];

  it('lists every migration as pending on an empty database', async () => {
    expect(await migrator.status()).to.deep.equal(NONE_APPLIED);
    expect(await tables()).to.deep.equal([]);
  });

  it('up applies every migration in order and creates every table', async () => {
    const run = await migrator.up();
    expect(run.error).to.equal(undefined);
    expect(run.results).to.deep.equal([
      { migrationName: '001-initial', direction: 'Up', status: 'Success' },
      { migrationName: '002-hardening', direction: 'Up', status: 'Success' },
      { migrationName: '003-auth-events', direction: 'Up', status: 'Success' },
    ]);
    expect(await tables()).to.deep.equal(TABLES);
    for (const status of await migrator.status()) expect(status.executedAt).to.be.instanceOf(Date);
  });

  it('keeps the login-throttle counters out of the WAL (unlogged), and down logs them again', async () => {
    const persistence = async () =>
      (
        await sql<{
          p: string;
        }>`select relpersistence as p from pg_class where relname = 'rate_limits'`.execute(handle.db)
      ).rows[0]?.p;
    await up();
    expect(await persistence()).to.equal('u');
    await migrator.down(); // 003
    await migrator.down(); // 002
    expect(await persistence()).to.equal('p');
  });

  it('down reverts 003-auth-events alone: no auth_events table, no expiry mark on sessions', async () => {
    await up();
    const run = await migrator.down();
    expect(run.results).to.deep.equal([
      { migrationName: '003-auth-events', direction: 'Down', status: 'Success' },
    ]);
    expect(await tables()).to.deep.equal(TABLES.filter((t) => t !== 'auth_events'));
    const { rows } = await sql<{ column_name: string }>`select column_name from information_schema.columns
        where table_name = 'sessions' and column_name = 'expiry_recorded_at'`.execute(handle.db);
    expect(rows).to.deep.equal([]);
    await up();
    expect(await tables()).to.deep.equal(TABLES);
  });

  it('indexes auth events newest first, overall and per user, and keeps one row per throttle key', async () => {
    await up();
    const defs = await indexes('auth_events');
    expect(
      defs.some((d) => /\(occurred_at DESC, id DESC\)/.test(d)),
      defs.join('\n'),
    ).to.equal(true);
    expect(
      defs.some((d) => /\(user_id, occurred_at DESC, id DESC\) WHERE \(user_id IS NOT NULL\)/.test(d)),
      defs.join('\n'),
    ).to.equal(true);
    const insert = (key: string | null) =>
      sql`insert into auth_events (id, occurred_at, type, outcome, throttle_key)
          values (${randomUUID()}, now(), 'LOGIN_THROTTLED', 'FAILURE', ${key})`.execute(handle.db);
    await insert(null);
    await insert(null);
    await insert('k');
    const error = await rejectionOf(insert('k'));
    expect(error.code, 'unique_violation').to.equal('23505');
  });

  it('down reverts 002-hardening alone (after 003), and up applies both again', async () => {
    await up();
    await migrator.down();
    const run = await migrator.down();
    expect(run.results).to.deep.equal([
      { migrationName: '002-hardening', direction: 'Down', status: 'Success' },
    ]);
    expect(await tables()).to.not.include('job_runs');
    const { rows } = await sql<{ column_name: string }>`select column_name from information_schema.columns
        where table_name = 'sessions' and column_name in ('access_used_at', 'archived_at')`.execute(
      handle.db,
    );
    expect(rows).to.deep.equal([]);
    await up();
    expect(await tables()).to.deep.equal(TABLES);
  });

  it('seeds system_config with exactly one row, id 1, and refuses a row with id 2', async () => {
    await up();
    const { rows } = await sql<{ id: number }>`select id from system_config`.execute(handle.db);
    expect(rows).to.deep.equal([{ id: 1 }]);
    const error = await rejectionOf(sql`insert into system_config (id) values (2)`.execute(handle.db));
    expect(error.code, 'check_violation').to.equal('23514');
  });

  it('changes nothing when up runs again', async () => {
    await up();
    const before = { status: await migrator.status(), tables: await tables(), users: await indexes('users') };
    const again = await migrator.up();
    expect(again.error).to.equal(undefined);
    expect(again.results).to.deep.equal([]);
    expect({
      status: await migrator.status(),
      tables: await tables(),
      users: await indexes('users'),
    }).to.deep.equal(before);
    const { rows } = await sql<{ n: string }>`select count(*) as n from system_config`.execute(handle.db);
    expect(rows[0]?.n).to.equal('1');
  });

  it('refuses a second live user with the same email in another case, and accepts it once the first is deleted', async () => {
    await up();
    const provider = randomUUID();
    const first = randomUUID();
    await sql`insert into providers (id, name) values (${provider}, 'Acme')`.execute(handle.db);
    const insertUser = (id: string, email: string) =>
      sql`insert into users (id, provider_id, email, password_hash, role)
          values (${id}, ${provider}, ${email}, 'h', 'member')`.execute(handle.db);
    await insertUser(first, 'ada@example.com');
    const error = await rejectionOf(insertUser(randomUUID(), 'ADA@Example.com'));
    expect(error).to.include({ code: '23505', constraint: 'users_email_live_unique' });
    await sql`update users set deleted_at = now() where id = ${first}`.execute(handle.db);
    await insertUser(randomUUID(), 'ADA@Example.com');
    const { rows } = await sql<{ n: string }>`select count(*) as n from users`.execute(handle.db);
    expect(rows[0]?.n).to.equal('2');
  });

  it('indexes sessions by user_id and by expires_at', async () => {
    await up();
    const defs = await indexes('sessions');
    expect(
      defs.some((d) => /USING btree \(user_id\b/.test(d)),
      defs.join('\n'),
    ).to.equal(true);
    expect(
      defs.some((d) => /USING btree \(expires_at\b/.test(d)),
      defs.join('\n'),
    ).to.equal(true);
  });

  it('down thrice removes every table and leaves every migration pending again', async () => {
    await up();
    expect((await migrator.down()).error).to.equal(undefined);
    expect((await migrator.down()).error).to.equal(undefined);
    const run = await migrator.down();
    expect(run.error).to.equal(undefined);
    expect(run.results).to.deep.equal([
      { migrationName: '001-initial', direction: 'Down', status: 'Success' },
    ]);
    expect(await tables()).to.deep.equal([]);
    expect(await migrator.status()).to.deep.equal(NONE_APPLIED);
  });
});
