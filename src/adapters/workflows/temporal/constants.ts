/**
 * Overview: the names Nimbus shares with Temporal: task queue, workflow types, schedule ids.
 * Architecture: workflows adapter (Temporal); read by the client, the scheduler and the worker.
 * Dependencies: none.
 * Concepts: a schedule id is stable, so ensuring a schedule at every worker start is idempotent.
 */

export const TASK_QUEUE = 'nimbus-workflows';

/** Workflow types: the names of the functions exported by workflows.ts. */
export const WORKFLOWS = {
  example: 'exampleWorkflow',
  sessionCleanup: 'sessionCleanup',
  sessionArchive: 'sessionArchive',
} as const;

export const SCHEDULE_IDS = {
  sessionCleanup: 'nimbus-session-cleanup',
  sessionArchive: 'nimbus-session-archive',
  example: 'nimbus-example',
} as const;
