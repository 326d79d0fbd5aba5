/**
 * Overview: starts the real API server (Express on a free port) for a test, on the shared test
 *   PostgreSQL or in memory, through the same bootstrap as `npm start`.
 * Architecture: test harness over src/bootstrap/server.ts.
 * Dependencies: the server bootstrap, the configuration loader, the test PostgreSQL.
 * Concepts: `api()` sends JSON and returns status, headers and the parsed body.
 */
import { Writable } from 'node:stream';
import { InMemoryDatabase } from '../../src/adapters/persistence/memory/in-memory-database.js';
import { InMemoryObjectStore } from '../../src/adapters/storage/in-memory-object-store.js';
import { loadConfig } from '../../src/bootstrap/config/load-config.js';
import { createLogger } from '../../src/bootstrap/logger.js';
import { startServer, type RunningServer } from '../../src/bootstrap/server.js';
import { FAST_ARGON2, TEST_SECRET, type Kind } from './app.js';
import { FakeClock } from './fake-clock.js';
import { resetDatabase, testPostgres } from './postgres.js';
import { databaseOf } from './postgres.js';

export interface TestServer {
  readonly running: RunningServer;
  readonly url: string;
  readonly clock: FakeClock;
  readonly logs: string[];
  api(method: string, path: string, options?: ApiOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

export interface ApiOptions {
  readonly body?: unknown;
  /** Sent as is (for malformed JSON); overrides `body`. */
  readonly raw?: string;
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
  readonly text: string;
}

export interface TestServerOptions {
  readonly config?: Record<string, unknown>;
  readonly auth?: Record<string, unknown>;
  readonly server?: Record<string, unknown>;
  readonly keepData?: boolean;
  /** Use this clock instead of the system clock (most HTTP tests keep real time). */
  readonly clock?: FakeClock;
  /** A web UI build still running beside the start, as `npm start` runs one. */
  readonly webUiBuild?: Promise<boolean>;
}

export async function startTestServer(kind: Kind, options: TestServerOptions = {}): Promise<TestServer> {
  const url = kind === 'postgres' ? (await testPostgres()).url : undefined;
  const config = loadConfig({
    env: {},
    cwd: '/nonexistent',
    overrides: {
      env: 'test',
      profile: kind === 'postgres' ? 'external' : 'memory',
      database: url ? { url, poolSize: 20 } : {},
      server: { host: '127.0.0.1', port: 0, shutdownGrace: 5, ...options.server },
      // Off unless a test turns it on (config: { metrics: {...} }): servers run side by side.
      metrics: { port: 0 },
      auth: { jwtSecret: TEST_SECRET, argon2: FAST_ARGON2, ...options.auth },
      log: { level: 'info' },
      ...options.config,
    },
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const clock = options.clock ?? new FakeClock(new Date());
  const running = await startServer(config, {
    logger: createLogger('info', sink),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.webUiBuild ? { webUiBuild: options.webUiBuild } : {}),
    memoryDatabase: new InMemoryDatabase(),
    objectStore: new InMemoryObjectStore(),
  });
  const database = databaseOf(running.runtime);
  if (database && !options.keepData) await resetDatabase(database);
  const { port } = running.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;

  async function api(method: string, path: string, o: ApiOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...o.headers };
    let payload: string | undefined;
    if (o.raw !== undefined) payload = o.raw;
    else if (o.body !== undefined) payload = JSON.stringify(o.body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const res = await fetch(base + path, { method, headers, body: payload });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: res.status, headers: res.headers, body, text };
  }

  return { running, url: base, clock, logs, api, close: () => running.close() };
}
