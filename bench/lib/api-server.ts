/**
 * Overview: the API server under test: the production build (`dist/bootstrap/main.js`) started
 *   as a child process with the benchmark's environment, and the few API calls the bench needs.
 * Architecture: benchmark tooling (outside src/); talks to the server only over HTTP.
 * Dependencies: node:path, the process helpers.
 * Concepts: embedded profile, production mode, default argon2 (OWASP) parameters; only the
 *   login/refresh throttles and the session limit are lifted, so the load measures the work,
 *   not the 429s.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild, waitFor200, type Child } from './processes.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = path.join(REPO_ROOT, 'dist', 'bootstrap', 'main.js');

/** The throttles' schema maximum (0 is not accepted for them; 0 = unlimited only for sessions). */
const NO_LIMIT = '1000000';

export interface ApiSettings {
  readonly cwd: string;
  readonly dataDir: string;
  readonly port: number;
}

/** The parent's environment minus anything that would configure Nimbus differently. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(NIMBUS_|npm_)/.test(key)) continue;
    if (['DATABASE_URL', 'PORT', 'NODE_ENV', 'NODE_OPTIONS', 'UV_THREADPOOL_SIZE'].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, NODE_ENV: 'production', UV_THREADPOOL_SIZE: '4' };
}

export function apiEnv(settings: ApiSettings): NodeJS.ProcessEnv {
  return {
    ...cleanEnv(),
    NIMBUS_ENV: 'production',
    NIMBUS_PROFILE: 'embedded',
    NIMBUS_JWT_SECRET: randomBytes(48).toString('base64'),
    NIMBUS_DATA_DIR: settings.dataDir,
    NIMBUS_HOST: '127.0.0.1',
    NIMBUS_PORT: String(settings.port),
    NIMBUS_LOG_LEVEL: 'warn',
    NIMBUS_LOGIN_MAX_ATTEMPTS_PER_EMAIL_IP: NO_LIMIT,
    NIMBUS_LOGIN_MAX_ATTEMPTS_PER_IP: NO_LIMIT,
    NIMBUS_REFRESH_RATE_LIMIT: NO_LIMIT,
    NIMBUS_MAX_SESSIONS_PER_USER: '0',
  };
}

export interface StartedApi {
  readonly child: Child;
  readonly readyMs: number;
}

/** Spawns the API and returns once /ready answers 200, with the time from spawn to that answer. */
export async function startApi(
  settings: ApiSettings,
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[] = [],
): Promise<StartedApi> {
  const t0 = performance.now();
  const child = startChild([...nodeArgs, MAIN], env, settings.cwd);
  const readyMs = await waitFor200(`http://127.0.0.1:${settings.port}/ready`, child, t0);
  return { child, readyMs };
}

export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

export async function initializeSetup(base: string, email: string, password: string): Promise<Tokens> {
  const { status, json } = await postJson(`${base}/api/v1/setup/initialize`, {
    adminEmail: email,
    adminPassword: password,
    organizationName: 'Bench Cloud',
  });
  if (status !== 201) throw new Error(`setup/initialize answered ${status}: ${JSON.stringify(json)}`);
  return (json as { tokens: Tokens }).tokens;
}

export async function login(base: string, email: string, password: string): Promise<Tokens> {
  const { status, json } = await postJson(`${base}/api/v1/auth/login`, { email, password });
  if (status !== 200) throw new Error(`login answered ${status}: ${JSON.stringify(json)}`);
  return json as Tokens;
}
