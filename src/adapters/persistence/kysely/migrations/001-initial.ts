/**
 * Overview: the initial schema: providers, users, sessions, system_config (seeded with its one
 *   row) and the login-throttle counters.
 * Architecture: persistence adapter (Kysely migration).
 * Dependencies: kysely.
 * Concepts: email unique case-insensitively among live users (partial unique index on lower());
 *   sessions indexed by user and by expiry; the system_config row is pinned to id 1.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('providers')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('provider_id', 'uuid', (c) => c.notNull().references('providers.id').onDelete('restrict'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'member')`))
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('users_email_live_unique')
    .on('users')
    .unique()
    .expression(sql`lower(email)`)
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema.createIndex('users_provider_id_idx').on('users').column('provider_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider_id', 'uuid', (c) => c.notNull().references('providers.id').onDelete('cascade'))
    .addColumn('access_token_id', 'text', (c) => c.notNull())
    .addColumn('refresh_token_hash', 'text', (c) => c.notNull())
    .addColumn('previous_refresh_token_hash', 'text')
    .addColumn('refresh_rotated_at', 'timestamptz')
    .addColumn('refresh_issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_used_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoke_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('sessions_user_id_idx')
    .on('sessions')
    .columns(['user_id', 'expires_at'])
    .execute();
  await db.schema.createIndex('sessions_expires_at_idx').on('sessions').column('expires_at').execute();
  await db.schema
    .createIndex('sessions_revoked_at_idx')
    .on('sessions')
    .column('revoked_at')
    .where(sql.ref('revoked_at'), 'is not', null)
    .execute();

  await db.schema
    .createTable('system_config')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('setup_completed_at', 'timestamptz')
    .addColumn('provider_id', 'uuid', (c) => c.references('providers.id').onDelete('restrict'))
    .addColumn('organization_name', 'text')
    .addColumn('isolation_strategy', 'text', (c) => c.notNull().defaultTo('schema-per-tenant-rls'))
    .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`insert into system_config (id) values (1)`.execute(db);

  // Layout required by rate-limiter-flexible's RateLimiterPostgres (created here, not by the library).
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['rate_limits', 'system_config', 'sessions', 'users', 'providers']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
