/**
 * Overview: starts the real API server on the embedded profile in a fresh temporary data folder,
 *   collecting its log lines, for end-to-end tests.
 * Architecture: test harness over src/bootstrap/server.ts.
 * Dependencies: the server bootstrap, the configuration loader.
 * Concepts: the folder is made traversable (PostgreSQL runs as `postgres` under root) and removed
 *   on close.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/bootstrap/config/load-config.js';
import { createLogger } from '../../src/bootstrap/logger.js';
import { startServer, type RunningServer } from '../../src/bootstrap/server.js';
import { FAST_ARGON2 } from './app.js';

export interface EmbeddedTestServer {
  readonly server: RunningServer;
  readonly dataDir: string;
  /** Every log line so far (JSON strings). */
  readonly logs: string[];
  close(): Promise<void>;
}

export async function startEmbeddedTestServer(
  overrides: { auth?: Record<string, unknown>; jobs?: Record<string, unknown> } = {},
  level = 'warn',
): Promise<EmbeddedTestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'nimbus-e2e-'));
  await chmod(dataDir, 0o711);
  const config = loadConfig({
    env: {},
    cwd: '/nonexistent',
    overrides: {
      dataDir,
      server: { host: '127.0.0.1', port: 0 },
      metrics: { port: 0 },
      auth: { argon2: FAST_ARGON2, ...overrides.auth },
      ...(overrides.jobs ? { jobs: overrides.jobs } : {}),
      log: { level },
    },
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const server = await startServer(config, { logger: createLogger(level, sink), unsafeFastEmbedded: true });
  return {
    server,
    dataDir,
    logs,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
