/**
 * Overview: JobRuns on PostgreSQL (the job_runs table), shared by every process that runs jobs.
 * Architecture: persistence adapter (Kysely) for the application's JobRuns port.
 * Dependencies: kysely, the Database schema type.
 * Concepts: one upsert per event; failing_since keeps the first failure after the last success.
 */
import { sql, type Kysely } from 'kysely';
import type { JobRuns, JobRunStatus } from '../../../application/index.js';
import type { Database } from './database.js';

const MAX_ERROR_LENGTH = 500;

export class KyselyJobRuns implements JobRuns {
  constructor(private readonly db: Kysely<Database>) {}

  async started(name: string, at: Date): Promise<void> {
    await this.upsert(name, { last_started_at: at, updated_at: at });
  }

  async succeeded(name: string, at: Date): Promise<void> {
    await this.upsert(name, { last_success_at: at, failing_since: null, updated_at: at });
  }

  async failed(name: string, at: Date, message: string): Promise<void> {
    const lastError = message.slice(0, MAX_ERROR_LENGTH);
    await this.db
      .insertInto('job_runs')
      .values({ name, last_failure_at: at, failing_since: at, last_error: lastError, updated_at: at })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          last_failure_at: at,
          last_error: lastError,
          failing_since: sql<Date>`coalesce(job_runs.failing_since, excluded.failing_since)`,
          updated_at: at,
        }),
      )
      .execute();
  }

  async status(names: readonly string[]): Promise<JobRunStatus[]> {
    const rows = names.length
      ? await this.db.selectFrom('job_runs').selectAll().where('name', 'in', names).execute()
      : [];
    return names.map((name) => {
      const row = rows.find((r) => r.name === name);
      return {
        name,
        lastStartedAt: row?.last_started_at ?? null,
        lastSuccessAt: row?.last_success_at ?? null,
        lastFailureAt: row?.last_failure_at ?? null,
        failingSince: row?.failing_since ?? null,
        lastError: row?.last_error ?? null,
      };
    });
  }

  private async upsert(
    name: string,
    changes: { last_started_at?: Date; last_success_at?: Date; failing_since?: null; updated_at: Date },
  ): Promise<void> {
    await this.db
      .insertInto('job_runs')
      .values({ name, ...changes })
      .onConflict((oc) => oc.column('name').doUpdateSet(changes))
      .execute();
  }
}
