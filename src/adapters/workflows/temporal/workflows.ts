/**
 * Overview: the Temporal workflows of Nimbus: one per job of the jobs table (session cleanup and
 *   archive), and the spec's example greeting.
 * Architecture: workflows adapter (Temporal); runs in the worker's deterministic sandbox, so it
 *   imports only @temporalio/workflow, the activities' TYPES and the activity options (data).
 * Dependencies: @temporalio/workflow, workflow-options.ts.
 * Concepts: business failures arrive as non-retryable ApplicationFailures and fail the run at
 *   once; outages are retried per workflow-options.ts; a failed scheduled run does not stop the
 *   schedule, and a stuck one ends at the run timeout the schedule gives it.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { ArchiveSummary, CleanupSummary, NimbusActivities } from './activities.js';
import { ARCHIVE_OPTIONS, CLEANUP_OPTIONS, GREET_OPTIONS } from './workflow-options.js';

const { greet } = proxyActivities<NimbusActivities>(GREET_OPTIONS);
const { cleanupExpiredSessions } = proxyActivities<NimbusActivities>(CLEANUP_OPTIONS);
const { archiveSessions } = proxyActivities<NimbusActivities>(ARCHIVE_OPTIONS);

/** The spec's example workflow (task 1.9): not a job; scheduled only when asked (schedulesOf). */
export async function exampleWorkflow(name: string): Promise<string> {
  return greet(name);
}

export async function sessionCleanup(): Promise<CleanupSummary> {
  return cleanupExpiredSessions();
}

export async function sessionArchive(): Promise<ArchiveSummary> {
  return archiveSessions();
}
