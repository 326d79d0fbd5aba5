/**
 * Overview: runs the Nimbus Temporal worker: connects, ensures the schedules, polls the task
 *   queue with the prebuilt workflow bundle (or bundles the workflows), and stops when its abort
 *   signal fires, within a bounded time; also the check behind the container's health check.
 * Architecture: workflows adapter (Temporal); started and awaited by src/bootstrap/worker.ts.
 * Dependencies: @temporalio/worker (NativeConnection, Worker, Runtime), @temporalio/client,
 *   workflow-bundle.ts, temporal-client.ts.
 * Concepts: a stop lets in-flight activities run on for the grace time, then cancels them (they
 *   stop before their next step), and gives up at the force time, which stays below the
 *   container's stop grace period; the SDK's logs, the native core's included, go to the given
 *   logger as one stream; the SDK's own signal handlers are off and process signals are the composition root's, so
 *   every stop takes one path.
 */
import { hostname } from 'node:os';
import { Client } from '@temporalio/client';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type LogLevel,
  type RuntimeOptions,
  type WorkerOptions,
} from '@temporalio/worker';
import type { ScheduleSpec } from '../../../application/index.js';
import type { NimbusActivities } from './activities.js';
import { SCHEDULE_IDS, TASK_QUEUE, WORKFLOWS } from './constants.js';
import {
  connectTemporal,
  connectWithin,
  tlsConfig,
  type TemporalConnectionOptions,
} from './temporal-client.js';
import { TemporalWorkflowScheduler } from './temporal-workflow-scheduler.js';
import { workflowSource } from './workflow-bundle.js';

export { WORKFLOWS_PATH, WORKFLOW_BUNDLE_PATH } from './workflow-bundle.js';

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
export const DEFAULT_SHUTDOWN_FORCE_MS = 20_000;
/** How long past the force time runTemporalWorker waits for the SDK before it gives up itself. */
export const FORCE_MARGIN_MS = 2_000;

/** The part of pino's logger the worker uses. */
export interface WorkerLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A job's schedule, from the composition root's jobs table. */
export interface JobSchedule {
  readonly id: string;
  readonly workflow: string;
  readonly intervalSeconds: number;
}

export interface TemporalWorkerOptions extends TemporalConnectionOptions {
  /** Or a factory, called once Temporal answers (so the database starts only then). */
  readonly activities: NimbusActivities | (() => Promise<NimbusActivities>);
  readonly logger: WorkerLogger;
  /** Ensured (created or updated) before polling starts; see schedulesOf. */
  readonly schedules: readonly ScheduleSpec[];
  /** Stops the worker when aborted (the composition root aborts it on SIGTERM/SIGINT). */
  readonly signal?: AbortSignal;
  readonly taskQueue?: string;
  /** How long in-flight activities may run on after a stop request before they are cancelled. */
  readonly shutdownGraceMs?: number;
  /** When a stop gives up waiting (keep it below the container's stop grace period). */
  readonly shutdownForceMs?: number;
  /** The least severe native core log forwarded to `logger`; default WARN (see coreLogLevelOf). */
  readonly coreLogLevel?: LogLevel;
}

/** Thrown when in-flight work did not end within the force time of a stop. */
export class WorkerStopTimeoutError extends Error {
  constructor(forceMs: number) {
    super(`the Temporal worker did not stop within ${forceMs} ms; in-flight activities were abandoned`);
    this.name = 'WorkerStopTimeoutError';
  }
}

/** The schedules of Nimbus's jobs, plus the spec's example workflow when an interval is given for it. */
export function schedulesOf(jobs: readonly JobSchedule[], exampleIntervalSeconds?: number): ScheduleSpec[] {
  return [
    ...jobs.map((job) => ({ ...job })),
    ...(exampleIntervalSeconds
      ? [
          {
            id: SCHEDULE_IDS.example,
            workflow: WORKFLOWS.example,
            intervalSeconds: exampleIntervalSeconds,
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

function plainError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return { type: error.name, message: error.message, stack: error.stack };
}

/**
 * The runtime's options: the TS side's logs and the native core's (forwarded: `coreLevel` and
 * worse from the core, ERROR from its libraries) all reach `logger`, each under `temporal` with
 * its sdkComponent; nothing is printed to the console directly.
 */
export function runtimeOptionsOf(logger: WorkerLogger, coreLevel: LogLevel = 'WARN'): RuntimeOptions {
  const sdkLevel = coreLevel === 'TRACE' || coreLevel === 'DEBUG' ? coreLevel : 'INFO';
  return {
    logger: new DefaultLogger(sdkLevel, ({ level, message, meta = {} }) => {
      // An SDK error goes under `err`, as a plain object: whatever the logger does with the
      // fields it is given, its type, message and stack survive.
      const { error, ...temporal } = meta;
      logger[LEVELS[level]](
        { temporal, ...(error === undefined ? {} : { err: plainError(error) }) },
        message,
      );
    }),
    telemetryOptions: { logging: { filter: { core: coreLevel, other: 'ERROR' }, forward: {} } },
    shutdownSignals: [],
  };
}

/** The core's log level for ours: its INFO only when we log debug, its DEBUG when we trace. */
export function coreLogLevelOf(level: string): LogLevel {
  return level === 'trace' ? 'DEBUG' : level === 'debug' ? 'INFO' : 'WARN';
}

function installRuntime(logger: WorkerLogger, coreLevel: LogLevel | undefined): void {
  try {
    Runtime.install(runtimeOptionsOf(logger, coreLevel));
  } catch {
    // Already installed in this process (a second worker, tests): keep that one.
  }
}

/** Worker.create's options, but the connection and the activities. */
export function workerOptionsOf(
  options: Pick<TemporalWorkerOptions, 'namespace' | 'taskQueue' | 'shutdownGraceMs' | 'shutdownForceMs'>,
): Omit<WorkerOptions, 'connection' | 'activities'> {
  return {
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...workflowSource(),
    shutdownGraceTime: options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
    shutdownForceTime: options.shutdownForceMs ?? DEFAULT_SHUTDOWN_FORCE_MS,
  };
}

/**
 * Whether Temporal sees a worker of THIS host (the SDK's identity is pid@hostname) polling the
 * task queue's workflow tasks. Connects like the worker (TLS, API key); rejects when it cannot.
 */
export async function workerIsPolling(
  options: TemporalConnectionOptions & { readonly taskQueue?: string },
): Promise<boolean> {
  const client = await connectTemporal(options);
  try {
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace: options.namespace,
      taskQueue: { name: options.taskQueue ?? TASK_QUEUE },
      taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
    });
    return pollers.some((poller) => poller.identity?.endsWith(`@${hostname()}`));
  } finally {
    await client.connection.close();
  }
}

/**
 * Resolves once stopped (in-flight activities finished or cancelled); rejects if the worker
 * cannot start, and with WorkerStopTimeoutError when a stop outlasts the force time.
 */
export async function runTemporalWorker(options: TemporalWorkerOptions): Promise<void> {
  const { logger, signal } = options;
  const taskQueue = options.taskQueue ?? TASK_QUEUE;
  const forceMs = options.shutdownForceMs ?? DEFAULT_SHUTDOWN_FORCE_MS;
  let stopRequested = false;
  let stopWorker = () => {};
  const requestStop = (reason: string) => {
    if (stopRequested) return;
    stopRequested = true;
    logger.info({ reason }, 'Temporal worker stopping');
    stopWorker();
  };
  const onAbort = () => requestStop(String(signal?.reason ?? 'abort'));
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });

  installRuntime(logger, options.coreLogLevel);
  let forceTimer: NodeJS.Timeout | undefined;
  try {
    const connection = await connectWithin(
      NativeConnection.connect({ address: options.address, tls: tlsConfig(options), apiKey: options.apiKey }),
      options,
    );
    let abandoned = false;
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
      const workerOptions = workerOptionsOf({ ...options, taskQueue });
      logger.debug(
        {
          workflows:
            'workflowBundle' in workerOptions ? workerOptions.workflowBundle : workerOptions.workflowsPath,
        },
        'Temporal workflow code',
      );
      const worker = await Worker.create({ ...workerOptions, connection, activities });
      // A created worker holds the connection until it has run and shut down.
      const running = worker.run();
      // The SDK gives up at shutdownForceTime; this bounds the stop even if it does not.
      const forced = new Promise<never>((_, reject) => {
        stopWorker = () => {
          if (worker.getState() === 'RUNNING') worker.shutdown();
          forceTimer = setTimeout(
            () => reject(new WorkerStopTimeoutError(forceMs)),
            forceMs + FORCE_MARGIN_MS,
          );
        };
      });
      if (stopRequested) stopWorker();
      else
        logger.info(
          { address: options.address, namespace: options.namespace, taskQueue },
          `Temporal worker polling ${taskQueue}`,
        );
      try {
        await Promise.race([running, forced]);
      } catch (error) {
        if (error instanceof WorkerStopTimeoutError) {
          // The worker still holds the connection: leave both to the process's exit.
          abandoned = true;
          running.catch(() => undefined);
        }
        throw error;
      }
      logger.info({ taskQueue }, 'Temporal worker stopped');
    } finally {
      if (!abandoned) await connection.close();
    }
  } finally {
    clearTimeout(forceTimer);
    signal?.removeEventListener('abort', onAbort);
  }
}
