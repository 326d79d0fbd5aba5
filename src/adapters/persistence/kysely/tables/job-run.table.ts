/**
 * Overview: the `job_runs` table as Kysely sees it: each background job's run history.
 * Architecture: persistence adapter (Kysely), table type.
 * Dependencies: kysely types.
 * Concepts: failing_since is the first failure after the last success (null while healthy).
 */
import type { Generated, Selectable } from 'kysely';

export interface JobRunTable {
  name: string;
  last_started_at: Date | null;
  last_success_at: Date | null;
  last_failure_at: Date | null;
  failing_since: Date | null;
  last_error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type JobRunRow = Selectable<JobRunTable>;
