/**
 * Overview: the API server under test: the production build (`dist/bootstrap/main.js`) started
 *   as a child process with the README's production settings, the member accounts the scenarios
 *   sign in with, and the few API calls the bench needs.
 * Architecture: benchmark tooling (outside src/); talks to the server over HTTP only, except for
 *   creating members, which phase 1 has no endpoint for: they are inserted into the embedded
 *   PostgreSQL as the admin's copies (same provider, same password hash), as the tests do.
 * Dependencies: pg, node:fs, node:os, the process and HTTP helpers.
 * Concepts: production defaults = NIMBUS_ENV=production, the embedded profile, the default log
 *   level (info, every request logged; the log goes to a file), 10 sessions per user with
 *   evict-oldest, login throttling on, OWASP argon2 parameters, and the README's production
 *   environment (MALLOC_ARENA_MAX=2, NODE_OPTIONS=--max-semi-space-size=16, UV_THREADPOOL_SIZE =
 *   the cores, at most 4). Only the per-address refresh
 *   budget is lifted (one load generator on one address would otherwise measure 429s).
 *   A second replica on the same data folder attaches to the PostgreSQL the first one started.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { call } from './http.js';
import { startChild, waitFor200, type Child } from './processes.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join(REPO_ROOT, 'dist', 'bootstrap', 'main.js');

/** The only setting changed from the production defaults (the schema's maximum, per minute). */
export const LIFTED: Readonly<Record<string, string>> = { NIMBUS_REFRESH_RATE_LIMIT: '1000000' };

/** What the report says about the server's settings. */
export const SETTINGS_NOTE =
  'production defaults (NIMBUS_ENV=production, embedded profile, default logging: info, every request; ' +
  '10 sessions per user, evict-oldest; login throttling on: 10 per email+IP, 100 per IP per 15 min; ' +
  'OWASP argon2id; MALLOC_ARENA_MAX=2, NODE_OPTIONS=--max-semi-space-size=16, ' +
  `UV_THREADPOOL_SIZE=${Math.min(4, os.availableParallelism())}); ` +
  'lifted: only the per-address refresh budget (NIMBUS_REFRESH_RATE_LIMIT=1000000/min, default 600)';

export interface ApiSettings {
  /** Where the process runs and writes its log files. */
  readonly cwd: string;
  readonly dataDir: string;
  readonly port: number;
  /** The metrics port (on, as in production: its cost is part of what is measured). */
  readonly metricsPort: number;
}

/** The parent's environment minus anything that would configure Nimbus differently. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(NIMBUS_|npm_|TEMPORAL_)/.test(key)) continue;
    if (['DATABASE_URL', 'PORT', 'NODE_ENV', 'NODE_OPTIONS', 'UV_THREADPOOL_SIZE'].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, NODE_ENV: 'production' };
}

/** The environment of one replica; replicas of one installation share `jwtSecret` and `dataDir`. */
export function apiEnv(
  settings: ApiSettings,
  jwtSecret = randomBytes(48).toString('base64'),
): NodeJS.ProcessEnv {
  return {
    ...cleanEnv(),
    NIMBUS_ENV: 'production',
    NIMBUS_PROFILE: 'embedded',
    NIMBUS_JWT_SECRET: jwtSecret,
    NIMBUS_DATA_DIR: settings.dataDir,
    NIMBUS_HOST: '127.0.0.1',
    NIMBUS_PORT: String(settings.port),
    NIMBUS_METRICS_PORT: String(settings.metricsPort),
    // The README's production settings: two malloc arenas, so that argon2's 19 MiB blocks, made on
    // libuv's threads, are not kept in one arena per thread (RSS after load 286 -> 183 MB); a young
    // generation of at most 2 x 16 MB, Node 20's default (Node 24 grows it to 2 x 64 MB: RSS after
    // the loads 284 -> 216 MB on Node 24, same run, CPU per request unchanged).
    // And libuv's thread pool no larger than the cores (Node's default is 4): on 2 cores, 4
    // argon2 threads over 2 arenas fault their 19 MiB blocks in again and again (480 page faults
    // and ~35% more CPU per verify; RSS after a login load 280 -> 223 MB with 2).
    MALLOC_ARENA_MAX: '2',
    NODE_OPTIONS: '--max-semi-space-size=16',
    UV_THREADPOOL_SIZE: String(Math.min(4, os.availableParallelism())),
    ...LIFTED,
  };
}

export interface StartedApi {
  readonly child: Child;
  readonly readyMs: number;
  readonly logFile: string;
}

let starts = 0;

/** Spawns the API and returns once /ready answers 200, with the time from spawn to that answer. */
export async function startApi(
  settings: ApiSettings,
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[] = [],
  name = 'api',
): Promise<StartedApi> {
  const logFile = path.join(settings.cwd, `${name}-${++starts}.log`);
  const t0 = performance.now();
  const child = startChild([...nodeArgs, MAIN], env, settings.cwd, logFile);
  const readyMs = await waitFor200(`http://127.0.0.1:${settings.port}/ready`, child, t0);
  return { child, readyMs, logFile };
}

export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

export interface Session extends Tokens {
  readonly sessionId: string;
}

export async function initializeSetup(base: string, email: string, password: string): Promise<Tokens> {
  const { status, json } = await call(base, 'POST', '/api/v1/setup/initialize', {
    body: { adminEmail: email, adminPassword: password, organizationName: 'Bench Cloud' },
  });
  if (status !== 201) throw new Error(`setup/initialize answered ${status}: ${JSON.stringify(json)}`);
  return (json as { tokens: Tokens }).tokens;
}

/** The session id of a token (its `sid` claim), for servers whose answer does not carry it. */
function sessionIdOf(accessToken: string): string {
  const payload = accessToken.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sid: string }).sid;
}

export async function login(base: string, email: string, password: string): Promise<Session> {
  const { status, json } = await call(base, 'POST', '/api/v1/auth/login', { body: { email, password } });
  if (status !== 200) throw new Error(`login of ${email} answered ${status}: ${JSON.stringify(json)}`);
  const tokens = json as Tokens & { sessionId?: string };
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    sessionId: tokens.sessionId ?? sessionIdOf(tokens.accessToken),
  };
}

/** The connection URL of the PostgreSQL an embedded-profile server runs on `dataDir`. */
function embeddedDatabaseUrl(dataDir: string): string {
  const root = path.join(dataDir, 'postgres');
  try {
    const { password } = JSON.parse(readFileSync(path.join(root, 'postgres-credentials.json'), 'utf8')) as {
      password: string;
    };
    const port = Number(readFileSync(path.join(root, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[3]);
    if (!Number.isInteger(port) || port <= 0) throw new Error('no port in postmaster.pid');
    return `postgres://nimbus:${encodeURIComponent(password)}@127.0.0.1:${port}/nimbus`;
  } catch (error) {
    throw new Error(`cannot reach the embedded PostgreSQL of ${dataDir}: ${String(error)}`, { cause: error });
  }
}

/** Adds `emails` as members with the admin's password (the server on `dataDir` must be running). */
export async function createMembers(
  dataDir: string,
  adminEmail: string,
  emails: readonly string[],
): Promise<void> {
  const client = new pg.Client({ connectionString: embeddedDatabaseUrl(dataDir) });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `insert into users (id, provider_id, email, password_hash, role)
       select gen_random_uuid(), admin.provider_id, member.email, admin.password_hash, 'member'
       from users admin, unnest($2::text[]) as member(email)
       where lower(admin.email) = lower($1) and admin.deleted_at is null`,
      [adminEmail, emails],
    );
    if (rowCount !== emails.length) throw new Error(`created ${rowCount} of ${emails.length} members`);
  } finally {
    await client.end();
  }
}
