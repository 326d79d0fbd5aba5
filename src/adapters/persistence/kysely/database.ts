/**
 * Overview: the whole database schema as one Kysely type, and the factory of a Kysely instance.
 * Architecture: persistence adapter (Kysely + pg).
 * Dependencies: kysely, pg.
 * Concepts: one pool per process; pool errors (server restart) are logged, never fatal.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { AuthEventTable } from './tables/auth-event.table.js';
import type { JobRunTable } from './tables/job-run.table.js';
import type { ProviderTable } from './tables/provider.table.js';
import type { RateLimitTable } from './tables/rate-limit.table.js';
import type { SessionTable } from './tables/session.table.js';
import type { SystemConfigTable } from './tables/system-config.table.js';
import type { UserTable } from './tables/user.table.js';

export interface Database {
  providers: ProviderTable;
  users: UserTable;
  sessions: SessionTable;
  system_config: SystemConfigTable;
  rate_limits: RateLimitTable;
  job_runs: JobRunTable;
  auth_events: AuthEventTable;
}

export interface DatabaseOptions {
  readonly connectionString: string;
  readonly poolSize?: number;
  readonly connectTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  /** Called when an idle pooled connection fails (for example PostgreSQL restarting). */
  readonly onPoolError?: (error: Error) => void;
}

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly pool: pg.Pool;
  /** Closes the pool; idempotent. */
  close(): Promise<void>;
}

export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    statement_timeout: options.statementTimeoutMs ?? 15000,
  });
  // An idle client's failure reaches the pool; a checked-out client's failure (the server going
  // away mid-query) is emitted on the client itself and would crash the process unhandled. The
  // query in flight fails on its own and is translated to ServiceUnavailableError.
  pool.on('error', (error) => options.onPoolError?.(error));
  pool.on('connect', (client) => client.on('error', (error) => options.onPoolError?.(error)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed: Promise<void> | null = null;
  return {
    db,
    pool,
    close: () => (closed ??= db.destroy()),
  };
}
