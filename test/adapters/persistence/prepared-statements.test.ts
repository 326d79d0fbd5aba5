/**
 * Overview: statements marked PREPARED are named (parsed and planned once per connection) and
 *   the others are not; the prepared sign-in and refresh statements keep working after a
 *   migration adds columns to their tables.
 * Architecture: adapter integration test of the Kysely database factory and repositories, on a
 *   scratch database of its own (it alters tables).
 * Dependencies: the Kysely database factory, the migrator, the Kysely repositories, the test
 *   PostgreSQL, chai.
 * Concepts: pg_prepared_statements lists one connection's named statements; a prepared statement
 *   that returned `*` would fail with "cached plan must not change result type" once its table
 *   gains a column, so the prepared ones name their columns.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { sql } from 'kysely';
import type { Repositories } from '../../../src/application/index.js';
import type { Session } from '../../../src/domain/index.js';
import {
  createDatabase,
  PREPARED,
  type DatabaseHandle,
} from '../../../src/adapters/persistence/kysely/database.js';
import { createKyselyRepositories } from '../../../src/adapters/persistence/kysely/kysely-unit-of-work.js';
import { SchemaMigrator } from '../../../src/adapters/persistence/kysely/migrations/index.js';
import { createScratchDatabase } from '../../support/postgres.js';
import { insertMember, sessionFixture } from '../../support/session-fixture.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

describe('prepared statements [postgres]', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let handle: DatabaseHandle;

  beforeEach(async () => {
    scratch = await createScratchDatabase();
    // One connection, so every statement meets the statements prepared before it.
    handle = createDatabase({ connectionString: scratch.url, poolSize: 1 });
    const run = await new SchemaMigrator(handle.db).up();
    expect(run.error).to.equal(undefined);
  });
  afterEach(async () => {
    await handle.close();
    await scratch.drop();
  });

  async function prepared(): Promise<string[]> {
    const { rows } = await sql<{ statement: string }>`
      select statement from pg_prepared_statements where from_sql = false`.execute(handle.db);
    return rows.map((r) => r.statement);
  }

  it('names a statement marked PREPARED once per connection, and no other', async () => {
    const marked = () =>
      handle.db.selectFrom('users').select('id').where('email', '=', 'a@example.com').modifyEnd(PREPARED);
    await marked().execute();
    await marked().execute();
    await handle.db.selectFrom('users').select('id').where('email', '=', 'b@example.com').execute();
    const statements = await prepared();
    expect(statements).to.have.length(1);
    expect(statements[0]).to.equal(marked().compile().sql);
  });

  it('keeps the sign-in and refresh statements working after a migration adds columns', async () => {
    const repos: Repositories = createKyselyRepositories(handle.db);
    const user = await insertMember(repos, T0, 'member@example.com');
    const session = (id: string, hash: string): Session =>
      sessionFixture(user, T0, { id, refreshTokenHash: hash });
    const rotation = (presentedHash: string, refreshTokenHash: string, seconds: number) => ({
      presentedHash,
      refreshTokenHash,
      accessTokenId: `jti-${refreshTokenHash}`,
      refreshIssuedAt: at(seconds),
      expiresAt: at(seconds + 3600),
      maxLifetimeSeconds: 86_400,
    });
    const signIn = async (id: string) => {
      expect(await repos.users.findByEmail(user.email)).to.deep.equal(user);
      expect(await repos.users.lock(user.id)).to.equal(true);
      const live = await repos.sessions.listLiveByUser(user.id, at(1));
      await repos.sessions.revokeMany(
        live.map((s) => s.id),
        'evicted',
        at(1),
      );
      await repos.sessions.insert(session(id, `h-${id}`));
    };

    const first = randomUUID();
    await signIn(first);
    expect(
      (await repos.sessions.rotate(first, rotation(`h-${first}`, 'h-1', 2), at(2)))?.generation,
    ).to.equal(1);
    expect(await prepared()).to.have.length.greaterThan(4);

    await sql`alter table sessions add column added_later text`.execute(handle.db);
    await sql`alter table users add column added_later text`.execute(handle.db);

    const rotated = await repos.sessions.rotate(first, rotation('h-1', 'h-2', 3), at(3));
    expect(rotated).to.include({ id: first, refreshTokenHash: 'h-2', generation: 2 });
    const second = randomUUID();
    await signIn(second);
    expect((await repos.sessions.findById(first))?.revokeReason).to.equal('evicted');
    expect((await repos.sessions.listLiveByUser(user.id, at(4))).map((s) => s.id)).to.deep.equal([second]);
  });
});
