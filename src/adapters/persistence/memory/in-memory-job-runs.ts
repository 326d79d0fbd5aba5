/**
 * Overview: JobRuns held in memory.
 * Architecture: persistence adapter (in-memory) for the application's JobRuns port.
 * Dependencies: none.
 * Concepts: failingSince is set by the first failure after a success and cleared by a success.
 */
import type { JobRuns, JobRunStatus } from '../../../application/index.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class InMemoryJobRuns implements JobRuns {
  private readonly runs = new Map<string, Mutable<JobRunStatus>>();

  private of(name: string): Mutable<JobRunStatus> {
    let run = this.runs.get(name);
    if (!run) {
      run = {
        name,
        lastStartedAt: null,
        lastSuccessAt: null,
        lastFailureAt: null,
        failingSince: null,
        lastError: null,
      };
      this.runs.set(name, run);
    }
    return run;
  }

  async started(name: string, at: Date): Promise<void> {
    this.of(name).lastStartedAt = at;
  }

  async succeeded(name: string, at: Date): Promise<void> {
    Object.assign(this.of(name), { lastSuccessAt: at, failingSince: null });
  }

  async failed(name: string, at: Date, message: string): Promise<void> {
    const run = this.of(name);
    Object.assign(run, { lastFailureAt: at, lastError: message, failingSince: run.failingSince ?? at });
  }

  async status(names: readonly string[]): Promise<JobRunStatus[]> {
    return names.map((name) => ({ ...this.of(name) }));
  }
}
