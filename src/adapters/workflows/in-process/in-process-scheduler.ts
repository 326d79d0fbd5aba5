/**
 * Overview: WorkflowScheduler that runs jobs inside this process on timers: the embedded
 *   profile's stand-in for Temporal, running the same use cases.
 * Architecture: workflows adapter (in-process) for the application's WorkflowScheduler port.
 * Dependencies: node timers; a logger with pino's shape.
 * Concepts: a job never runs twice at once (a start while it runs joins the running one); a
 *   failed run is logged and the schedule goes on; stop() clears the timers and waits for runs
 *   in flight.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduleSpec, WorkflowScheduler } from '../../../application/index.js';

export type Job = (input: unknown) => Promise<unknown>;

export interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

interface Running {
  readonly runId: string;
  readonly done: Promise<unknown>;
}

export class InProcessScheduler implements WorkflowScheduler {
  private readonly running = new Map<string, Running>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly jobs: Readonly<Record<string, Job>>,
    private readonly logger: JobLogger,
  ) {}

  /** The names of the jobs this scheduler can run. */
  get names(): string[] {
    return Object.keys(this.jobs);
  }

  async start(workflow: string, input?: unknown): Promise<{ runId: string }> {
    return { runId: this.launch(workflow, input).runId };
  }

  /** Runs the job now (joining a run in progress) and resolves with its result. */
  run(workflow: string, input?: unknown): Promise<unknown> {
    return this.launch(workflow, input).done;
  }

  async ensureSchedule(spec: ScheduleSpec): Promise<void> {
    this.job(spec.workflow);
    if (this.stopped) throw new Error('the scheduler is stopped');
    clearInterval(this.timers.get(spec.id));
    const timer = setInterval(() => {
      this.launch(spec.workflow, spec.input).done.catch(() => undefined);
    }, spec.intervalSeconds * 1000);
    timer.unref();
    this.timers.set(spec.id, timer);
    this.logger.info(
      { schedule: spec.id, workflow: spec.workflow, intervalSeconds: spec.intervalSeconds },
      'schedule set',
    );
  }

  /** Clears every schedule and waits for the runs in flight; idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  private job(name: string): Job {
    const job = this.jobs[name];
    if (!job) throw new Error(`unknown job "${name}" (known: ${this.names.join(', ')})`);
    return job;
  }

  private launch(workflow: string, input: unknown): Running {
    if (this.stopped) throw new Error('the scheduler is stopped');
    const job = this.job(workflow);
    const existing = this.running.get(workflow);
    if (existing) return existing;
    const runId = randomUUID();
    const started = performance.now();
    const done = (async () => {
      try {
        const result = await job(input);
        this.logger.info(
          { job: workflow, runId, ms: Math.round(performance.now() - started), result },
          'job completed',
        );
        return result;
      } catch (error) {
        this.logger.error({ job: workflow, runId, err: error }, 'job failed');
        throw error;
      } finally {
        this.running.delete(workflow);
      }
    })();
    const entry = { runId, done };
    this.running.set(workflow, entry);
    return entry;
  }
}
