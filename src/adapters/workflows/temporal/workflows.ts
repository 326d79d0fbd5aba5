/**
 * Overview: the Temporal workflows of Nimbus: the example greeting, session cleanup and archive.
 * Architecture: workflows adapter (Temporal); runs in the worker's deterministic sandbox, so it
 *   imports only @temporalio/workflow and the activities' TYPES.
 * Dependencies: @temporalio/workflow.
 * Concepts: the retry policy covers outages (SERVICE_UNAVAILABLE, bugs) with bounded attempts;
 *   business failures arrive as non-retryable ApplicationFailures and fail the run at once; a
 *   failed scheduled run does not stop the schedule.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { ArchiveSummary, CleanupSummary, NimbusActivities } from './activities.js';

const { greet } = proxyActivities<NimbusActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 3 },
});

const jobs = proxyActivities<NimbusActivities>({
  // Archive writes one bounded batch to object storage; cleanup is one DELETE.
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
  },
});

export async function exampleWorkflow(name: string): Promise<string> {
  return greet(name);
}

export async function sessionCleanup(): Promise<CleanupSummary> {
  return jobs.cleanupExpiredSessions();
}

export async function sessionArchive(): Promise<ArchiveSummary> {
  return jobs.archiveSessions();
}
