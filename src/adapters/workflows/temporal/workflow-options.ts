/**
 * Overview: the activity options of Nimbus's workflows: timeouts, heartbeat and retry policy.
 * Architecture: workflows adapter (Temporal); imported by workflows.ts inside the deterministic
 *   sandbox (plain data, no imports at run time) and by the tests.
 * Dependencies: @temporalio/workflow (the ActivityOptions type only).
 * Concepts: the retry policy covers outages (SERVICE_UNAVAILABLE, bugs) with bounded attempts;
 *   the archive activity heartbeats, so a run on a worker that died is retried after
 *   heartbeatTimeout instead of the whole startToCloseTimeout; an attempt cancelled by a stopping
 *   worker fails at once and is retried (after the retry interval) by a worker that runs.
 */
import type { ActivityOptions } from '@temporalio/workflow';

export const GREET_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 3 },
};

const JOB_RETRY: ActivityOptions['retry'] = {
  initialInterval: '5 seconds',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: 5,
};

/** Cleanup is one DELETE. */
export const CLEANUP_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: JOB_RETRY,
};

/** Archive writes one bounded batch to object storage, heartbeating while it runs. */
export const ARCHIVE_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: JOB_RETRY,
};
