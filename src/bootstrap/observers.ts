/**
 * Overview: what the runtime reports as it works, for whoever listens (the server's metrics).
 * Architecture: bootstrap; handed to the runtime, called by the wiring modules and the jobs.
 * Dependencies: none.
 * Concepts: every observer is optional and must be cheap: it runs on the work's own path.
 */

export interface RuntimeObservers {
  /** A password verification (a dummy one included) took `ms`. */
  readonly passwordVerified?: (ms: number) => void;
  /** A background job run ended at `at`. */
  readonly jobRan?: (job: string, result: 'success' | 'failure', at: Date) => void;
}
