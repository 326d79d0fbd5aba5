/**
 * Overview: builds a Nimbus back end for a test through the real composition root: on the shared
 *   PostgreSQL (external profile) or in memory, with fast argon2 and a hand-moved clock.
 * Architecture: test harness over src/bootstrap.
 * Dependencies: the runtime, the configuration loader, the test PostgreSQL.
 * Concepts: `kinds` lists both persistence kinds so suites can run once per adapter.
 */
import { Writable } from 'node:stream';
import type { Clock, ObjectStore } from '../../src/application/index.js';
import { InMemoryObjectStore } from '../../src/adapters/storage/in-memory-object-store.js';
import { InMemoryDatabase } from '../../src/adapters/persistence/memory/in-memory-database.js';
import { loadConfig } from '../../src/bootstrap/config/load-config.js';
import { createLogger } from '../../src/bootstrap/logger.js';
import { startRuntime, type Runtime } from '../../src/bootstrap/runtime.js';
import { resetDatabase, testPostgres } from './postgres.js';
import { FakeClock } from './fake-clock.js';
import { databaseOf } from './postgres.js';

export type Kind = 'postgres' | 'memory';
export const kinds: readonly Kind[] = ['memory', 'postgres'];

export const TEST_SECRET = 'test-signing-secret-that-is-long-enough-0123456789';
/** Cheap argon2 parameters for tests that do not measure hashing. */
export const FAST_ARGON2 = { memoryKiB: 1024, iterations: 1, parallelism: 1 };

export interface TestApp {
  readonly runtime: Runtime;
  readonly clock: FakeClock;
  /** Every log line written so far (JSON strings). */
  readonly logs: string[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly auth?: Record<string, unknown>;
  readonly jobs?: Record<string, unknown>;
  readonly clock?: FakeClock;
  /** Keep the data (do not reset the database): for restart tests. */
  readonly keepData?: boolean;
  readonly memoryDatabase?: InMemoryDatabase;
  readonly objectStore?: ObjectStore;
}

export async function createTestApp(kind: Kind, options: TestAppOptions = {}): Promise<TestApp> {
  const clock = options.clock ?? new FakeClock(new Date());
  const url = kind === 'postgres' ? (await testPostgres()).url : undefined;
  const config = loadConfig({
    env: {},
    file: undefined,
    cwd: '/nonexistent',
    overrides: {
      env: 'test',
      profile: kind === 'postgres' ? 'external' : 'memory',
      database: url ? { url, poolSize: 20 } : {},
      auth: { jwtSecret: TEST_SECRET, argon2: FAST_ARGON2, ...options.auth },
      ...(options.jobs ? { jobs: options.jobs } : {}),
      log: { level: 'debug' },
    },
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger('debug', sink);
  const runtime = await startRuntime(config, {
    logger,
    clock: clock as Clock,
    memoryDatabase: options.memoryDatabase ?? new InMemoryDatabase(),
    objectStore: options.objectStore ?? new InMemoryObjectStore(),
  });
  const database = databaseOf(runtime);
  if (database && !options.keepData) await resetDatabase(database);
  return { runtime, clock, logs, close: () => runtime.close() };
}
