/**
 * Overview: the audit trail: the `auth_events` table, and the sessions' mark that their expiry
 *   was recorded.
 * Architecture: persistence adapter (Kysely migration).
 * Dependencies: kysely.
 * Concepts: events are read newest first by (occurred_at, id), over everyone or one user, so both
 *   orders have an index (keyset paging, no OFFSET); throttled attempts share a row per budget and
 *   window (unique throttle_key, NULLs never collide); no foreign keys: an event outlives what it
 *   names, and writing one never waits on a user's lock; expiry_recorded_at needs no index of its
 *   own (the sweep walks the expired end of sessions_expires_at_idx), so a refresh, which moves
 *   expires_at, updates no more indexes than before.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('auth_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('SUCCESS', 'FAILURE')`))
    .addColumn('user_id', 'uuid')
    .addColumn('email', 'text')
    .addColumn('session_id', 'uuid')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('trace_id', 'text')
    .addColumn('detail', 'text')
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('throttle_key', 'text', (c) => c.unique())
    .execute();
  await sql`create index auth_events_newest_idx on auth_events (occurred_at desc, id desc)`.execute(db);
  await sql`create index auth_events_user_newest_idx on auth_events (user_id, occurred_at desc, id desc)
    where user_id is not null`.execute(db);
  await db.schema.alterTable('sessions').addColumn('expiry_recorded_at', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('expiry_recorded_at').execute();
  await db.schema.dropTable('auth_events').execute();
}
