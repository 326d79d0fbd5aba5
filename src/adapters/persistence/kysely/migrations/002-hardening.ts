/**
 * Overview: hardening schema: when a session's newest access tokens were first used, which
 *   ended sessions are archived, the stored setup token, and the jobs' run history.
 * Architecture: persistence adapter (Kysely migration).
 * Dependencies: kysely.
 * Concepts: access_used_at tells a lost reply's retry (allowed) from a replay (revoked);
 *   cleanup deletes only archived sessions; the setup token is kept only as a hash with an
 *   expiry, so every replica accepts the same one; job_runs makes a failing job visible; the
 *   login-throttle counters become UNLOGGED: no WAL flush per counter write (four of a login's
 *   five commits), at the price of counters reset by a PostgreSQL crash (a clean restart keeps
 *   them).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rate_limits set unlogged`.execute(db);
  await db.schema
    .alterTable('sessions')
    .addColumn('access_used_at', 'timestamptz')
    .addColumn('archived_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('sessions_unarchived_ended_idx')
    .on('sessions')
    .columns(['expires_at', 'revoked_at'])
    .where(sql.ref('archived_at'), 'is', null)
    .execute();
  await db.schema
    .alterTable('system_config')
    .addColumn('setup_token_hash', 'text')
    .addColumn('setup_token_expires_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('job_runs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_started_at', 'timestamptz')
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_failure_at', 'timestamptz')
    .addColumn('failing_since', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rate_limits set logged`.execute(db);
  await db.schema.dropTable('job_runs').execute();
  await db.schema
    .alterTable('system_config')
    .dropColumn('setup_token_hash')
    .dropColumn('setup_token_expires_at')
    .execute();
  await db.schema.dropIndex('sessions_unarchived_ended_idx').execute();
  await db.schema.alterTable('sessions').dropColumn('access_used_at').dropColumn('archived_at').execute();
}
