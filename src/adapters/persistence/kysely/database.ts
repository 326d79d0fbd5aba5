/**
 * Overview: the whole database schema as one Kysely type, the factory of a Kysely instance, and
 *   the mark that makes a statement a prepared one.
 * Architecture: persistence adapter (Kysely + pg).
 * Dependencies: kysely, pg.
 * Concepts: one pool per process; pool errors (server restart) are logged, never fatal; a
 *   statement ending in PREPARED (`.modifyEnd(PREPARED)`) is sent as a named statement, which
 *   PostgreSQL parses and plans once per connection instead of at every call (planning was half
 *   of PostgreSQL's CPU per refresh); only for statements whose text never varies with their
 *   values (no `in (...)` lists) and that name the columns they return (a prepared `*` fails once
 *   a migration adds a column).
 */
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
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

const PREPARED_MARK = '/* prepared */';

/** Ends a statement that is sent prepared (see the header for which statements qualify). */
export const PREPARED = sql.raw(PREPARED_MARK);

/** Distinct prepared statements a process names at most; past it, marked ones go unprepared. */
const MAX_PREPARED = 64;

/** `pool` as Kysely sees it: each client sends a statement marked PREPARED under a name. */
function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED) {
      name = `nimbus_prepared_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  // Kysely keeps one connection object per client object, so each client keeps one wrapper.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const send = client.query.bind(client) as (...args: unknown[]) => never;
    return {
      get processID() {
        return (client as pg.PoolClient & { processID?: number }).processID;
      },
      // A cursor (not a string) goes through as it is.
      query: ((text: unknown, values?: ReadonlyArray<unknown>) => {
        const name = typeof text === 'string' && text.endsWith(PREPARED_MARK) ? nameOf(text) : undefined;
        return name === undefined ? send(text, values) : send({ name, text, values });
      }) as PostgresPoolClient['query'],
      release: (destroy?: boolean) => client.release(destroy),
    };
  };
  return {
    options: pool.options,
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) wrappers.set(client, (wrapper = wrap(client)));
      return wrapper;
    },
    end: () => pool.end(),
  };
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
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  let closed: Promise<void> | null = null;
  return {
    db,
    pool,
    close: () => (closed ??= db.destroy()),
  };
}
