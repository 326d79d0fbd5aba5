/**
 * Overview: the WorkflowScheduler port: starts background workflows and keeps recurring
 *   schedules in place.
 * Architecture: application port; adapters: Temporal (client + schedules) and in-process.
 * Dependencies: none.
 * Concepts: a workflow is named; a schedule runs one workflow every `intervalSeconds`;
 *   ensureSchedule is idempotent (creates, or updates the interval of, the schedule `id`).
 */

export const WorkflowSchedulerToken = Symbol.for('nimbus.WorkflowScheduler');

export interface ScheduleSpec {
  readonly id: string;
  readonly workflow: string;
  readonly intervalSeconds: number;
  readonly input?: unknown;
}

export interface WorkflowScheduler {
  /** Starts one run of the named workflow; resolves with its run id once started (not finished). */
  start(workflow: string, input?: unknown): Promise<{ readonly runId: string }>;
  /** Creates the schedule, or brings an existing one with this id to this spec. */
  ensureSchedule(spec: ScheduleSpec): Promise<void>;
}
