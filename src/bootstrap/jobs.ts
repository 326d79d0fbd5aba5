/**
 * Overview: the background jobs of Nimbus (session cleanup and archive) built from the
 *   container's use cases, and the in-process scheduler that runs them on the embedded profile.
 * Architecture: bootstrap (composition root) for the workflows adapters.
 * Dependencies: the use cases, the in-process scheduler.
 * Concepts: the same use cases run here, in a Temporal activity, and from `nimbus jobs run`;
 *   archive runs before cleanup could remove anything unarchived (archiveAfter < retention).
 */
import { ArchiveSessions, CleanupExpiredSessions } from '../application/index.js';
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
      description: 'delete sessions that ended longer ago than the retention period',
      intervalSeconds: jobs.cleanupInterval,
      run: () => runtime.get(CleanupExpiredSessions).execute(),
    },
    {
      name: WORKFLOWS.sessionArchive,
      scheduleId: SCHEDULE_IDS.sessionArchive,
      description: 'write ended sessions to object storage (gzip JSON Lines), then delete them',
      intervalSeconds: jobs.archiveInterval,
      run: () => runtime.get(ArchiveSessions).execute(),
    },
  ];
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
