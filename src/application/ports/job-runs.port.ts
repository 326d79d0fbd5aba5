/**
 * Overview: the JobRuns port: each background job's run history (last start, success, failure,
 *   and since when it has been failing), so a job that keeps failing is visible.
 * Architecture: application port; adapters: PostgreSQL (job_runs, shared by every process that
 *   runs jobs) and in-memory.
 * Dependencies: none.
 * Concepts: failingSince is the first failure after the last success; null while healthy.
 */

export const JobRunsToken = Symbol.for('nimbus.JobRuns');

export interface JobRunStatus {
  readonly name: string;
  readonly lastStartedAt: Date | null;
  readonly lastSuccessAt: Date | null;
  readonly lastFailureAt: Date | null;
  readonly failingSince: Date | null;
  /** The last failure's message (never a stack), or null. */
  readonly lastError: string | null;
}

export interface JobRuns {
  started(name: string, at: Date): Promise<void>;
  succeeded(name: string, at: Date): Promise<void>;
  failed(name: string, at: Date, message: string): Promise<void>;
  /** The recorded jobs' status, or an absent job's all-null status; never throws for a name. */
  status(names: readonly string[]): Promise<JobRunStatus[]>;
}
