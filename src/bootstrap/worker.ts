/**
 * Overview: the entry point of the Temporal worker (`npm run worker`): loads the configuration,
 *   connects to Temporal, starts the runtime, runs the worker until SIGTERM/SIGINT, then closes
 *   the runtime and exits 0; `worker.js healthcheck` is the container's health check instead.
 * Architecture: bootstrap (composition root) for the Temporal workflows adapter.
 * Dependencies: the runtime, the configuration loader, the Temporal adapter, node:fs (TLS files).
 * Concepts: the runtime (database) starts only once Temporal answers, so an unreachable server
 *   fails in one line (exit 69) with no side effect; a bad setting or an unreadable TLS file
 *   fails in one configuration line (exit 78), any other start-up mistake a user can fix in one
 *   line too (startup-errors); activities are the container's use cases; a stop is bounded by
 *   temporal.shutdownForce (then exit 1); the health check connects exactly as the worker does
 *   (TLS files, API key) and passes while this host's worker polls its task queue.
 */
import 'reflect-metadata';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServiceUnavailableError, isDomainError } from '../domain/index.js';
import { EXIT_CODES, EXIT_CONFIG, EXIT_UNEXPECTED } from '../adapters/cli/exit-codes.js';
import { createActivities, type NimbusActivities } from '../adapters/workflows/temporal/activities.js';
import { TASK_QUEUE } from '../adapters/workflows/temporal/constants.js';
import type { TemporalConnectionOptions } from '../adapters/workflows/temporal/temporal-client.js';
import {
  WorkerStopTimeoutError,
  coreLogLevelOf,
  runTemporalWorker,
  schedulesOf,
  workerIsPolling,
} from '../adapters/workflows/temporal/worker.js';
import type { NimbusConfig } from './config/config.schema.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { temporalOptionsOf } from './config/temporal-options.js';
import { jobActivities, jobSchedules } from './jobs.js';
import { adaptersFor } from './profiles.js';
import { createLogger } from './logger.js';
import { ServerMetrics } from './metrics.js';
import { takeShutdownSignals, withoutNewSignalHandlers } from './signals.js';
import { startRuntime, type Runtime } from './runtime.js';
import { knownStartupFailure } from './startup-errors.js';
import type { MetricsServer } from '../adapters/metrics/metrics-server.js';

/** How long the runtime may take to close after a stop that gave up on in-flight work. */
const CLOSE_AFTER_FORCED_STOP_MS = 3_000;
/** The health check's own connect timeout (compose gives it 10 s in all). */
const HEALTHCHECK_CONNECT_MS = 5_000;

/** The activities, each a use case of the jobs table, every run recorded (jobs list). */
export function buildActivities(runtime: Runtime): NimbusActivities {
  return createActivities(jobActivities(runtime));
}

function fail(message: string, exitCode: number): never {
  process.stderr.write(`nimbus worker: ${message}\n`);
  process.exit(exitCode);
}

function configured(): { config: NimbusConfig; temporal: TemporalConnectionOptions } {
  try {
    const config = loadConfig();
    return { config, temporal: temporalOptionsOf(config) };
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error), EXIT_CONFIG);
  }
}

/** Entry point of `npm run worker`: exits 0 after a graceful stop, non-zero when it cannot run. */
export async function runWorkerFromProcess(): Promise<void> {
  const { config, temporal } = configured();
  const logger = createLogger(config.log.level);

  const shutdown = takeShutdownSignals();
  // Set by the activities factory below, once Temporal has answered.
  const started: { runtime?: Runtime; metrics?: MetricsServer | null } = {};
  let exitCode = 0;
  let forced = false;
  try {
    await runTemporalWorker({
      ...temporal,
      signal: shutdown.signal,
      logger,
      coreLogLevel: coreLogLevelOf(config.log.level),
      shutdownGraceMs: config.temporal.shutdownGrace * 1000,
      shutdownForceMs: config.temporal.shutdownForce * 1000,
      schedules: schedulesOf(jobSchedules(config)),
      // Runs once Temporal answers. The worker drains on SIGINT/SIGTERM before the runtime closes,
      // so embedded PostgreSQL must not stop on those signals by itself.
      activities: async () => {
        if (adaptersFor(config).jobRunner !== 'temporal')
          logger.warn(
            { profile: config.profile },
            'this profile runs its jobs in the API process; the Temporal worker is meant for the external profile',
          );
        // The job runs of the external profile happen here: the worker serves their metrics.
        const metrics = ServerMetrics.of(config);
        const observers = metrics?.observers;
        const runtime = await withoutNewSignalHandlers(() => startRuntime(config, { logger, observers }));
        started.runtime = runtime;
        started.metrics = await metrics?.start(runtime);
        return buildActivities(runtime);
      },
    });
  } catch (error) {
    forced = error instanceof WorkerStopTimeoutError;
    exitCode = isDomainError(error) ? EXIT_CODES[error.code] : EXIT_UNEXPECTED;
    const known = knownStartupFailure(error, { dataDir: config.dataDir, metricsPort: config.metrics.port });
    if (error instanceof ServiceUnavailableError) process.stderr.write(`nimbus worker: ${error.message}\n`);
    else if (known) {
      process.stderr.write(`nimbus worker: ${known.message}\n`);
      exitCode = known.exitCode;
    } else logger.fatal({ err: error }, `Nimbus worker failed: ${(error as Error).message}`);
  } finally {
    await started.metrics?.close();
    const closing = started.runtime?.close();
    // After a forced stop, abandoned activities may still hold database connections.
    if (forced)
      await Promise.race([
        closing,
        new Promise((resolve) => setTimeout(resolve, CLOSE_AFTER_FORCED_STOP_MS)),
      ]);
    else await closing;
  }
  if (exitCode === 0) logger.info('Nimbus worker stopped');
  logger.flush();
  process.exit(exitCode);
}

/**
 * Entry point of `node dist/bootstrap/worker.js healthcheck`: exits 0 while Temporal sees this
 * host's worker polling, 1 otherwise (with the reason on stderr), 78 on a bad configuration.
 */
export async function runHealthcheckFromProcess(): Promise<void> {
  const { temporal } = configured();
  try {
    const connectTimeoutMs = Math.min(temporal.connectTimeoutMs, HEALTHCHECK_CONNECT_MS);
    if (!(await workerIsPolling({ ...temporal, connectTimeoutMs })))
      fail(`no worker of this host polls task queue ${TASK_QUEUE}`, 1);
  } catch (error) {
    fail((error as Error).message, 1);
  }
  process.exit(0);
}

// Run only as the entry point: tests import buildActivities without starting a worker.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'healthcheck') await runHealthcheckFromProcess();
  else await runWorkerFromProcess();
}
