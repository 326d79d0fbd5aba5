/**
 * Overview: runs the Nimbus Temporal worker: connects, bundles the workflows, ensures the
 *   schedules, polls the task queue, and stops gracefully on SIGTERM/SIGINT or an abort signal.
 * Architecture: workflows adapter (Temporal); started and awaited by src/bootstrap/worker.ts.
 * Dependencies: @temporalio/worker (NativeConnection, Worker, Runtime), @temporalio/client.
 * Concepts: workflows.ts is bundled from the file beside this module with this module's own
 *   extension (.ts under swc-node, .js in dist/); graceful = in-flight activities finish (up to
 *   the grace time) before the promise resolves; SDK logs go to the given logger; the SDK's
 *   own signal handlers are off, so every stop takes the same path.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel } from '@temporalio/worker';
import type { ScheduleSpec } from '../../../application/index.js';
import type { NimbusActivities } from './activities.js';
import { SCHEDULE_IDS, TASK_QUEUE, WORKFLOWS } from './constants.js';
import { connectWithin, tlsConfig, type TemporalConnectionOptions } from './temporal-client.js';
import { TemporalWorkflowScheduler } from './temporal-workflow-scheduler.js';

const here = fileURLToPath(import.meta.url);
export const WORKFLOWS_PATH = path.join(path.dirname(here), `workflows${path.extname(here)}`);

/** The part of pino's logger the worker uses. */
export interface WorkerLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerSchedules {
  readonly cleanupIntervalSeconds: number;
  readonly archiveIntervalSeconds: number;
  /** Also schedule the example workflow at this interval. */
  readonly exampleIntervalSeconds?: number;
}

export interface TemporalWorkerOptions extends TemporalConnectionOptions {
  /** Or a factory, called once Temporal answers (so the database starts only then). */
  readonly activities: NimbusActivities | (() => Promise<NimbusActivities>);
  readonly logger: WorkerLogger;
  /** Ensured (created or updated) before polling starts; see schedulesOf. */
  readonly schedules: readonly ScheduleSpec[];
  /** Stops the worker when aborted (as SIGTERM/SIGINT do). */
  readonly signal?: AbortSignal;
  readonly taskQueue?: string;
  /** How long in-flight activities may run on after a stop request. Default 10 s. */
  readonly shutdownGraceMs?: number;
}

/** The schedules of Nimbus's jobs, plus the example's when an interval is given for it. */
export function schedulesOf(schedules: WorkerSchedules): ScheduleSpec[] {
  return [
    {
      id: SCHEDULE_IDS.sessionCleanup,
      workflow: WORKFLOWS.sessionCleanup,
      intervalSeconds: schedules.cleanupIntervalSeconds,
    },
    {
      id: SCHEDULE_IDS.sessionArchive,
      workflow: WORKFLOWS.sessionArchive,
      intervalSeconds: schedules.archiveIntervalSeconds,
    },
    ...(schedules.exampleIntervalSeconds
      ? [
          {
            id: SCHEDULE_IDS.example,
            workflow: WORKFLOWS.example,
            intervalSeconds: schedules.exampleIntervalSeconds,
            input: 'Nimbus',
          },
        ]
      : []),
  ];
}

/** SDK log levels onto ours: the SDK's INFO (webpack statistics, state changes) is our debug. */
const LEVELS: Record<LogLevel, keyof WorkerLogger> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'debug',
  WARN: 'warn',
  ERROR: 'error',
};

function installRuntime(logger: WorkerLogger): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('INFO', ({ level, message, meta = {} }) => {
        // pino serialises an Error only under `err`.
        const { error, ...temporal } = meta;
        logger[LEVELS[level]]({ temporal, ...(error === undefined ? {} : { err: error }) }, message);
      }),
      shutdownSignals: [],
    });
  } catch {
    // Already installed in this process (a second worker, tests): keep that one.
  }
}

/** Resolves once stopped (in-flight activities finished); rejects if the worker cannot start. */
export async function runTemporalWorker(options: TemporalWorkerOptions): Promise<void> {
  const { logger, signal } = options;
  const taskQueue = options.taskQueue ?? TASK_QUEUE;
  let stopRequested = false;
  let stopWorker = () => {};
  const requestStop = (reason: string) => {
    if (stopRequested) return;
    stopRequested = true;
    logger.info({ reason }, 'Temporal worker stopping');
    stopWorker();
  };
  const onSigterm = () => requestStop('SIGTERM');
  const onSigint = () => requestStop('SIGINT');
  const onAbort = () => requestStop('abort');
  process.on('SIGTERM', onSigterm);
  process.on('SIGINT', onSigint);
  if (signal?.aborted) requestStop('abort');
  signal?.addEventListener('abort', onAbort, { once: true });

  installRuntime(logger);
  try {
    const connection = await connectWithin(
      NativeConnection.connect({ address: options.address, tls: tlsConfig(options), apiKey: options.apiKey }),
      options,
    );
    try {
      const activities =
        typeof options.activities === 'function' ? await options.activities() : options.activities;
      if (stopRequested) return;
      const scheduler = new TemporalWorkflowScheduler(
        new Client({ connection, namespace: options.namespace }),
        {
          address: options.address,
          taskQueue,
        },
      );
      for (const spec of options.schedules) {
        await scheduler.ensureSchedule(spec);
        logger.info({ schedule: spec.id, intervalSeconds: spec.intervalSeconds }, 'schedule ensured');
      }
      if (stopRequested) return;
      const worker = await Worker.create({
        connection,
        namespace: options.namespace,
        taskQueue,
        workflowsPath: WORKFLOWS_PATH,
        activities,
        shutdownGraceTime: options.shutdownGraceMs ?? 10_000,
      });
      // A created worker holds the connection until it has run and shut down.
      const running = worker.run();
      stopWorker = () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
      };
      if (stopRequested) stopWorker();
      else
        logger.info(
          { address: options.address, namespace: options.namespace, taskQueue },
          `Temporal worker polling ${taskQueue}`,
        );
      await running;
      logger.info({ taskQueue }, 'Temporal worker stopped');
    } finally {
      await connection.close();
    }
  } finally {
    process.off('SIGTERM', onSigterm);
    process.off('SIGINT', onSigint);
    signal?.removeEventListener('abort', onAbort);
  }
}
