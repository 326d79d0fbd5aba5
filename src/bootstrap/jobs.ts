/**
 * Overview: the jobs table (every background job's name, schedule id, interval and the use case
 *   it runs), the job-run history around each run, and the in-process scheduler.
 * Architecture: bootstrap (composition root) for the workflows adapters.
 * Dependencies: the use-case catalogue, the in-process scheduler, the Temporal names.
 * Concepts: one table feeds the in-process scheduler, the Temporal schedules and activities, and
 *   `nimbus jobs`; every run is recorded in the job-run history and told to the runtime's
 *   observers (metrics); cleanup removes only archived sessions; the archive job also archives
 *   the auth events (ArchiveSessions hands over to ArchiveAuthEvents).
 */
import { ClockToken, JobRunsToken, type Clock, type JobRuns, type UseCases } from '../application/index.js';
import { InProcessScheduler } from '../adapters/workflows/in-process/in-process-scheduler.js';
import { SCHEDULE_IDS, WORKFLOWS } from '../adapters/workflows/temporal/constants.js';
import type { NimbusConfig } from './config/config.schema.js';
import type { Runtime } from './runtime.js';

/** The use cases a job can run: those taking an optional abort signal. */
type JobUseCase = 'cleanupExpiredSessions' | 'archiveSessions';

interface JobSpec {
  /** The job's name: its Temporal workflow type, and its name in the history and the CLI. */
  readonly name: string;
  readonly scheduleId: string;
  readonly description: string;
  readonly intervalSeconds: (config: NimbusConfig) => number;
  /** The catalogue entry it runs (also the Temporal activity's name). */
  readonly useCase: JobUseCase;
}

/** Every background job. A new one is a row here, a workflow and an activity (Temporal). */
export const JOBS: readonly JobSpec[] = [
  {
    name: WORKFLOWS.sessionCleanup,
    scheduleId: SCHEDULE_IDS.sessionCleanup,
    description: 'record expired sessions (SESSION_EXPIRED); delete archived sessions past the retention',
    intervalSeconds: (config) => config.jobs.cleanupInterval,
    useCase: 'cleanupExpiredSessions',
  },
  {
    name: WORKFLOWS.sessionArchive,
    scheduleId: SCHEDULE_IDS.sessionArchive,
    description:
      'archive ended sessions (gzip JSON Lines) and mark them; archive, then delete, old auth events',
    intervalSeconds: (config) => config.jobs.archiveInterval,
    useCase: 'archiveSessions',
  },
];

export interface JobDefinition {
  readonly name: string;
  readonly description: string;
  readonly intervalSeconds: number;
  readonly scheduleId: string;
  run(input?: { readonly signal?: AbortSignal }): Promise<unknown>;
}

/** The jobs table bound to a runtime: each run goes through the runtime's use case, recorded. */
export function jobsOf(runtime: Runtime): JobDefinition[] {
  return JOBS.map((job) => {
    const useCase = runtime.useCases[job.useCase];
    return {
      name: job.name,
      description: job.description,
      scheduleId: job.scheduleId,
      intervalSeconds: job.intervalSeconds(runtime.config),
      run: (input = {}) => recorded<unknown>(runtime, job.name, () => useCase.execute(input)),
    };
  });
}

/** The Temporal schedules of the jobs table. */
export function jobSchedules(config: NimbusConfig) {
  return JOBS.map((job) => ({
    id: job.scheduleId,
    workflow: job.name,
    intervalSeconds: job.intervalSeconds(config),
  }));
}

type RecordedUseCases = { readonly [K in JobUseCase]: Pick<UseCases[K], 'execute'> };

/** Each job's use case under its catalogue name, every run recorded (the Temporal activities' input). */
export function jobActivities(runtime: Runtime): RecordedUseCases {
  const wrapped: Record<string, unknown> = {};
  for (const job of JOBS) {
    const useCase = runtime.useCases[job.useCase];
    wrapped[job.useCase] = {
      execute: (input?: { readonly signal?: AbortSignal }) =>
        recorded<unknown>(runtime, job.name, () => useCase.execute(input)),
    };
  }
  return wrapped as unknown as RecordedUseCases;
}

/**
 * Runs a job and records its start and outcome in the job-run history (`nimbus jobs list`). A
 * history that cannot be written is logged, never the job's failure.
 */
export async function recorded<T>(runtime: Runtime, name: string, work: () => Promise<T>): Promise<T> {
  const runs = runtime.get<JobRuns>(JobRunsToken);
  const clock = runtime.get<Clock>(ClockToken);
  const note = (step: Promise<void>) =>
    step.catch((error: unknown) =>
      runtime.logger.warn(
        { job: name, err: { message: (error as Error).message } },
        'job history not written',
      ),
    );
  await note(runs.started(name, clock.now()));
  try {
    const result = await work();
    const at = clock.now();
    runtime.observers.jobRan?.(name, 'success', at);
    await note(runs.succeeded(name, at));
    return result;
  } catch (error) {
    const at = clock.now();
    runtime.observers.jobRan?.(name, 'failure', at);
    await note(runs.failed(name, at, error instanceof Error ? error.message : String(error)));
    throw error;
  }
}

/** Starts the in-process scheduler with every job on its interval. */
export async function startInProcessJobs(runtime: Runtime): Promise<InProcessScheduler> {
  const definitions = jobsOf(runtime);
  const scheduler = new InProcessScheduler(
    Object.fromEntries(definitions.map((d) => [d.name, () => d.run()])),
    runtime.logger,
  );
  for (const d of definitions) {
    await scheduler.ensureSchedule({
      id: d.scheduleId,
      workflow: d.name,
      intervalSeconds: d.intervalSeconds,
    });
  }
  return scheduler;
}
