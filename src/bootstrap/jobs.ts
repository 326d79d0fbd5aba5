/**
 * Overview: the background jobs of Nimbus (session cleanup and archive) built from the
 *   container's use cases, and the in-process scheduler that runs them on the embedded profile.
 * Architecture: bootstrap (composition root) for the workflows adapters.
 * Dependencies: the use cases, the in-process scheduler.
 * Concepts: the same use cases run here, in a Temporal activity, and from `nimbus jobs run`;
 *   every run is recorded in the job-run history; cleanup removes only archived sessions.
 */
import { ClockToken, JobRunsToken, type Clock, type JobRuns } from '../application/index.js';
import { InProcessScheduler } from '../adapters/workflows/in-process/in-process-scheduler.js';
import { SCHEDULE_IDS, WORKFLOWS } from '../adapters/workflows/temporal/constants.js';
import type { Runtime } from './runtime.js';

export interface JobDefinition {
  readonly name: string;
  readonly description: string;
  readonly intervalSeconds: number;
  readonly scheduleId: string;
  run(): Promise<unknown>;
}

export function jobsOf(runtime: Runtime): JobDefinition[] {
  const { jobs } = runtime.config;
  return [
    {
      name: WORKFLOWS.sessionCleanup,
      scheduleId: SCHEDULE_IDS.sessionCleanup,
      description: 'delete archived sessions that ended longer ago than the retention period',
      intervalSeconds: jobs.cleanupInterval,
      run: () =>
        recorded(runtime, WORKFLOWS.sessionCleanup, () => runtime.useCases.cleanupExpiredSessions.execute()),
    },
    {
      name: WORKFLOWS.sessionArchive,
      scheduleId: SCHEDULE_IDS.sessionArchive,
      description: 'write ended sessions to object storage (gzip JSON Lines) and mark them archived',
      intervalSeconds: jobs.archiveInterval,
      run: () =>
        recorded(runtime, WORKFLOWS.sessionArchive, () => runtime.useCases.archiveSessions.execute()),
    },
  ];
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
    await note(runs.succeeded(name, clock.now()));
    return result;
  } catch (error) {
    await note(runs.failed(name, clock.now(), error instanceof Error ? error.message : String(error)));
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
