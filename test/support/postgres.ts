/**
 * Overview: the PostgreSQL the tests run against: DATABASE_URL when set, otherwise one embedded
 *   PostgreSQL started on first use in a temporary folder and stopped after the run.
 * Architecture: test harness.
 * Dependencies: the embedded PostgreSQL adapter, the Kysely adapter, pg.
 * Concepts: one migrated database `nimbus_test` shared by the suites, reset between tests;
 *   suites that need a database of their own (migrations) create one with `createScratchDatabase`.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../../src/adapters/persistence/embedded/embedded-postgres-server.js';
import { createDatabase, type DatabaseHandle } from '../../src/adapters/persistence/kysely/database.js';
import { SchemaMigrator } from '../../src/adapters/persistence/kysely/migrations/index.js';
import { DatabaseHandleToken } from '../../src/bootstrap/container/tokens.js';
import type { Runtime } from '../../src/bootstrap/runtime.js';

interface Server {
  /** Connection string of the migrated shared test database. */
  readonly url: string;
  /** Connection string with another database name. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

let server: Promise<Server> | null = null;
let scratchCounter = 0;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function start(): Promise<Server> {
  const external = process.env.DATABASE_URL;
  let embedded: EmbeddedPostgresHandle | null = null;
  let dir: string | null = null;
  let base: string;
  if (external) {
    base = external;
  } else {
    dir = await mkdtemp(path.join(tmpdir(), 'nimbus-test-pg-'));
    // mkdtemp makes the folder 700; PostgreSQL, run as root, drops to a user that must traverse it.
    await chmod(dir, 0o711);
    const t0 = performance.now();
    embedded = await startEmbeddedPostgres({ directory: dir, database: 'nimbus_test', unsafeFast: true });
    process.stdout.write(
      `      (embedded PostgreSQL for tests ready in ${Math.round(performance.now() - t0)} ms)\n`,
    );
    base = embedded.connectionString;
  }
  const url = external ?? withDatabase(base, 'nimbus_test');
  const handle = createDatabase({ connectionString: url });
  try {
    const run = await new SchemaMigrator(handle.db).up();
    if (run.error) throw run.error;
  } finally {
    await handle.close();
  }
  return {
    url,
    urlFor: (database) => withDatabase(base, database),
    stop: async () => {
      await embedded?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export function testPostgres(): Promise<Server> {
  server ??= start();
  return server;
}

export async function stopTestPostgres(): Promise<void> {
  if (!server) return;
  const s = await server;
  server = null;
  await s.stop();
}

/** Empties every table of the shared database and un-does setup. */
export async function resetDatabase(handle: DatabaseHandle): Promise<void> {
  await sql`truncate sessions, users, rate_limits, job_runs, auth_events restart identity cascade`.execute(
    handle.db,
  );
  await sql`update system_config set setup_completed_at = null, provider_id = null, organization_name = null,
    setup_token_hash = null, setup_token_expires_at = null`.execute(handle.db);
  await sql`delete from providers`.execute(handle.db);
}

/** A new, empty database on the test server (needs CREATEDB when DATABASE_URL is used). */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const s = await testPostgres();
  const name = `nimbus_scratch_${process.pid}_${++scratchCounter}`;
  const admin = new pg.Client({ connectionString: s.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: s.urlFor(name),
    async drop() {
      const c = new pg.Client({ connectionString: s.url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** The PostgreSQL handle a runtime was started with (tests reach past the runtime), or null. */
export function databaseOf(runtime: Runtime): DatabaseHandle | null {
  return runtime.container.isBound(DatabaseHandleToken)
    ? runtime.get<DatabaseHandle>(DatabaseHandleToken)
    : null;
}
