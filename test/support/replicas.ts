/**
 * Overview: starts N real API processes (src/bootstrap/main.ts as child processes, external
 *   profile) against one migrated PostgreSQL database, sets the installation up once, and stops
 *   them all again; plus a timed JSON client and the PostgreSQL backends of one replica.
 * Architecture: test harness over the process entry point; the test process also opens a runtime
 *   of its own on the same database to seed users through the repositories and to read rows.
 * Dependencies: node:child_process, node:fs (/proc, to tell the replicas' connections apart), the
 *   runtime, the test PostgreSQL, the seed helpers.
 * Concepts: every replica shares the signing secret, fast argon2 and the database; each gets a
 *   free port (retried if taken meanwhile) and counts as started when GET /ready answers 200, at
 *   any log level; a failed start stops what it spawned; `stop()` sends SIGTERM, then SIGKILL
 *   after a timeout, and a process exit hook kills whatever is left.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { InMemoryObjectStore } from '../../src/adapters/storage/in-memory-object-store.js';
import { createDatabase } from '../../src/adapters/persistence/kysely/database.js';
import { SchemaMigrator } from '../../src/adapters/persistence/kysely/migrations/index.js';
import { loadConfig } from '../../src/bootstrap/config/load-config.js';
import { createLogger } from '../../src/bootstrap/logger.js';
import { startRuntime, type Runtime } from '../../src/bootstrap/runtime.js';
import { FAST_ARGON2, TEST_SECRET, type TestApp } from './app.js';
import { FakeClock } from './fake-clock.js';
import { createScratchDatabase } from './postgres.js';
import { ADMIN, addMember, type Seeded } from './seed.js';
import { databaseOf } from './postgres.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join('src', 'bootstrap', 'main.ts');

/** The application_name the session listener connection uses (one per replica). */
export const LISTENER_APPLICATION_NAME = 'nimbus-session-listener';

export const SETUP = {
  adminEmail: ADMIN.email,
  adminPassword: ADMIN.password,
  organizationName: 'Acme Cloud',
};

export interface Reply {
  /** 0 when no HTTP answer came (refused, reset, timed out). */
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
  readonly headers: Headers | null;
  /** performance.now() when the request was sent and when its whole answer had arrived. */
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly ms: number;
  readonly error?: string;
}

export interface CallOptions {
  readonly body?: unknown;
  readonly token?: string;
  readonly headers?: Record<string, string>;
  readonly timeoutMs?: number;
}

/** One JSON request with fetch (undici, kept-alive connections); never throws. */
export async function call(base: string, method: string, route: string, o: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const sentAt = performance.now();
  try {
    const res = await fetch(base + route, {
      method,
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    const receivedAt = performance.now();
    return { status: res.status, body, headers: res.headers, sentAt, receivedAt, ms: receivedAt - sentAt };
  } catch (error) {
    const receivedAt = performance.now();
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    return {
      status: 0,
      body: null,
      headers: null,
      sentAt,
      receivedAt,
      ms: receivedAt - sentAt,
      error: cause?.code ?? String(error),
    };
  }
}

export interface Replica {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** Every line the process wrote so far (stdout and stderr; the JSON log lines among them). */
  readonly logs: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  call(method: string, route: string, options?: CallOptions): Promise<Reply>;
  /** The JSON log lines, parsed. */
  logLines(): Record<string, unknown>[];
}

export interface ReplicaSet {
  readonly replicas: readonly Replica[];
  readonly urls: readonly string[];
  readonly databaseUrl: string;
  /** A runtime of the test process on the same database (repositories, `database.db`). */
  readonly runtime: Runtime;
  /** The admin created by POST /api/v1/setup/initialize. */
  readonly admin: Seeded & { readonly email: string; readonly password: string };
  /** Inserts a member through the repositories; returns its id. */
  addUser(email: string, password: string): Promise<string>;
  /** Live sessions of a user in the database (not revoked, not expired). */
  liveSessionCount(userId: string): Promise<number>;
  /** SIGTERM to every replica, SIGKILL after `timeoutMs`; closes the runtime, drops a scratch database. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface ReplicaOptions {
  /** How many API processes (default 2). */
  readonly count?: number;
  /** Extra environment for every replica (NIMBUS_* settings). */
  readonly env?: Record<string, string>;
  /** A database to use (migrated here); default: a new scratch database on the test PostgreSQL. */
  readonly databaseUrl?: string;
  /** Milliseconds to wait for every replica's /ready 200 (default 60 s; keep it below the hook's timeout). */
  readonly readyTimeoutMs?: number;
  /** Run first-run setup through replica A (default true); without it `admin` is not usable. */
  readonly setup?: boolean;
}

const live = new Set<Replica>();
let exitHookInstalled = false;

function killLeftovers(): void {
  for (const { child } of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** The parent's environment without anything that would configure Nimbus differently. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(NIMBUS_|S3_|TEMPORAL_|npm_)/.test(key)) continue;
    if (['DATABASE_URL', 'PORT', 'NODE_ENV', 'NODE_OPTIONS'].includes(key)) continue;
    env[key] = value;
  }
  return env;
}

function spawnReplica(name: string, port: number, env: Record<string, string>): Replica {
  const child = spawn(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', '--no-warnings=ExperimentalWarning', MAIN],
    {
      cwd: ROOT,
      // Metrics off unless a test asks (replicas on one machine would want one port each).
      env: { NIMBUS_METRICS_PORT: '0', ...env, NIMBUS_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (child.pid === undefined) throw new Error(`could not spawn ${name}`);
  const logs: string[] = [];
  const collect = (stream: Readable) => {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      logs.push(...parts.filter(Boolean));
    });
    stream.on('end', () => rest && logs.push(rest));
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      live.delete(replica);
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const replica: Replica = {
    name,
    pid: child.pid,
    url,
    child,
    logs,
    exited,
    call: (method, route, options) => call(url, method, route, options),
    logLines: () =>
      logs
        .filter((l) => l.startsWith('{'))
        .map((l) => {
          try {
            return JSON.parse(l) as Record<string, unknown>;
          } catch {
            return {};
          }
        }),
  };
  live.add(replica);
  return replica;
}

/**
 * Spawns a replica on a free port and waits for its /ready 200 until `deadline`; a port taken
 * in between (EADDRINUSE) is retried on another one. Never leaves a process behind on failure.
 */
async function launch(name: string, env: Record<string, string>, deadline: number): Promise<Replica> {
  for (let attempt = 1; ; attempt += 1) {
    const replica = spawnReplica(name, await freePort(), env);
    try {
      for (;;) {
        if (replica.child.exitCode !== null || replica.child.signalCode !== null) {
          const output = replica.logs.join('\n');
          if (attempt < 3 && output.includes('EADDRINUSE')) break;
          throw new Error(`replica ${name} exited at start:\n${output}`);
        }
        const r = await call(replica.url, 'GET', '/ready', { timeoutMs: 2000 });
        if (r.status === 200) return replica;
        if (performance.now() > deadline)
          throw new Error(`replica ${name}: /ready not 200 in time:\n${replica.logs.join('\n')}`);
        await sleep(50);
      }
    } catch (error) {
      await stopReplica(replica, 1000);
      throw error;
    }
  }
}

async function stopReplica(replica: Replica, timeoutMs: number): Promise<void> {
  const { child } = replica;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = sleep(timeoutMs).then(() => 'timeout' as const);
  if ((await Promise.race([replica.exited, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await replica.exited;
  }
}

/** Opens a runtime of the test process on `url` (external profile, schema already migrated). */
async function openRuntime(url: string): Promise<Runtime> {
  const config = loadConfig({
    env: {},
    cwd: '/nonexistent',
    overrides: {
      env: 'test',
      profile: 'external',
      database: { url, poolSize: 4 },
      auth: { jwtSecret: TEST_SECRET, argon2: FAST_ARGON2 },
      log: { level: 'silent' },
    },
  });
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  return startRuntime(config, {
    logger: createLogger('silent', sink),
    objectStore: new InMemoryObjectStore(),
  });
}

/**
 * Stops every replica still running in this process (SIGTERM, then SIGKILL): for an after hook
 * whose `before` timed out while `startReplicas` was still at work.
 */
export async function stopAllReplicas(timeoutMs = 5000): Promise<void> {
  await Promise.all([...live].map((r) => stopReplica(r, timeoutMs)));
}

/**
 * Starts `count` API processes on one database, waits for each /ready 200 and sets the
 * installation up through the first one. Call `stop()` in an after/afterEach hook.
 */
export async function startReplicas(options: ReplicaOptions = {}): Promise<ReplicaSet> {
  if (!exitHookInstalled) {
    process.on('exit', killLeftovers);
    exitHookInstalled = true;
  }
  const scratch = options.databaseUrl ? null : await createScratchDatabase();
  const databaseUrl = options.databaseUrl ?? scratch!.url;
  const replicas: Replica[] = [];
  let runtime: Runtime | null = null;
  const stop = async (timeoutMs = 5000) => {
    await Promise.all(replicas.map((r) => stopReplica(r, timeoutMs)));
    await runtime?.close().catch(() => undefined);
    await scratch?.drop().catch(() => undefined);
  };
  try {
    const migrating = createDatabase({ connectionString: databaseUrl, poolSize: 1 });
    try {
      const run = await new SchemaMigrator(migrating.db).up();
      if (run.error) throw run.error;
    } finally {
      await migrating.close();
    }

    const env: Record<string, string> = {
      ...cleanEnv(),
      NIMBUS_ENV: 'test',
      NIMBUS_PROFILE: 'external',
      DATABASE_URL: databaseUrl,
      NIMBUS_HOST: '127.0.0.1',
      NIMBUS_JWT_SECRET: TEST_SECRET,
      NIMBUS_ARGON2_MEMORY_KIB: String(FAST_ARGON2.memoryKiB),
      NIMBUS_ARGON2_ITERATIONS: String(FAST_ARGON2.iterations),
      NIMBUS_ARGON2_PARALLELISM: String(FAST_ARGON2.parallelism),
      NIMBUS_SHUTDOWN_GRACE: '2s',
      NIMBUS_LOG_LEVEL: 'info',
      // The external profile ensures its S3 bucket at start; a closed local port fails at once
      // (logged, not fatal) instead of waiting on the AWS credential chain.
      S3_ENDPOINT: 'http://127.0.0.1:9',
      S3_ACCESS_KEY_ID: 'test',
      S3_SECRET_ACCESS_KEY: 'test-secret',
      ...options.env,
    };
    const count = options.count ?? 2;
    const deadline = performance.now() + (options.readyTimeoutMs ?? 60_000);
    const started = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => launch(String.fromCharCode(65 + i), env, deadline)),
    );
    for (const r of started) if (r.status === 'fulfilled') replicas.push(r.value);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    runtime = await openRuntime(databaseUrl);

    const setup =
      options.setup === false
        ? null
        : await replicas[0]!.call('POST', '/api/v1/setup/initialize', { body: SETUP });
    if (setup && setup.status !== 201)
      throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.body)}`);
    const admin = {
      ...ADMIN,
      providerId: String(setup?.body.provider.id ?? ''),
      adminId: String(setup?.body.admin.id ?? ''),
    };
    const rt = runtime;
    const db = databaseOf(rt)!.db;
    // addMember stamps createdAt from the app's clock: a fresh one per user keeps it current.
    const appNow = (): TestApp => ({
      runtime: rt,
      clock: new FakeClock(new Date()),
      logs: [],
      close: () => rt.close(),
    });
    return {
      replicas,
      urls: replicas.map((r) => r.url),
      databaseUrl,
      runtime: rt,
      admin,
      addUser: (email, password) => addMember(appNow(), admin, email, password),
      async liveSessionCount(userId) {
        const row = await sql<{ n: number }>`
          select count(*)::int as n from sessions
          where user_id = ${userId} and revoked_at is null and expires_at > now()`.execute(db);
        return row.rows[0]!.n;
      },
      stop,
    };
  } catch (error) {
    await stop(2000);
    throw error;
  }
}

/** A TCP port free on 127.0.0.1 right now (for a server that must keep its port across restarts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/**
 * Local TCP ports of `pid`'s sockets connected to `remotePort` (Linux /proc); null when /proc
 * cannot be read (then the caller cannot tell replicas apart).
 */
export function tcpPortsTo(pid: number, remotePort: number): number[] | null {
  try {
    const inodes = socketInodes(pid);
    const ports: number[] = [];
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let text: string;
      try {
        text = readFileSync(table, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        if (cols.length < 10) continue;
        const local = Number.parseInt(cols[1]!.split(':')[1]!, 16);
        const remote = Number.parseInt(cols[2]!.split(':')[1]!, 16);
        if (remote === remotePort && inodes.has(cols[9]!)) ports.push(local);
      }
    }
    return ports;
  } catch {
    return null;
  }
}

/**
 * PostgreSQL backend pids of `replica`'s connections with the given application_name, told apart
 * by client port; null when the replica's sockets cannot be read (not Linux).
 */
export async function backendsOf(
  set: ReplicaSet,
  replica: Replica,
  applicationName = LISTENER_APPLICATION_NAME,
): Promise<number[] | null> {
  const pgPort = Number(new URL(set.databaseUrl).port || 5432);
  const ports = tcpPortsTo(replica.pid, pgPort);
  if (ports === null) return null;
  const rows = await sql<{ pid: number; client_port: number }>`
    select pid, client_port from pg_stat_activity where application_name = ${applicationName}`.execute(
    databaseOf(set.runtime)!.db,
  );
  return rows.rows.filter((r) => ports.includes(r.client_port)).map((r) => r.pid);
}

/** Backend pids with the given application_name on the replicas' database (every replica's). */
export async function allBackends(
  set: ReplicaSet,
  applicationName = LISTENER_APPLICATION_NAME,
): Promise<number[]> {
  const rows = await sql<{ pid: number }>`
    select pid from pg_stat_activity
    where application_name = ${applicationName} and datname = current_database()`.execute(
    databaseOf(set.runtime)!.db,
  );
  return rows.rows.map((r) => r.pid);
}

/** pg_terminate_backend for each pid; returns how many were terminated. */
export async function terminateBackends(set: ReplicaSet, pids: readonly number[]): Promise<number> {
  let n = 0;
  for (const pid of pids) {
    const r = await sql<{ ok: boolean }>`select pg_terminate_backend(${pid}) as ok`.execute(
      databaseOf(set.runtime)!.db,
    );
    if (r.rows[0]?.ok) n += 1;
  }
  return n;
}
