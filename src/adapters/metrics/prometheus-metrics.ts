/**
 * Overview: Nimbus's Prometheus instruments in one registry: requests, sign-in outcomes, argon2
 *   verify time, job runs, and gauges read at scrape time (pool, live-session cache).
 * Architecture: metrics adapter (prom-client); bootstrap feeds it from the other adapters' hooks.
 * Dependencies: prom-client.
 * Concepts: a route label is the route's pattern (bounded cardinality); a result is `success` or
 *   the domain error's code; gauges cost nothing between scrapes (read when collected).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface RequestDone {
  /** The route's pattern (`/api/v1/auth/login`), never the raw URL; `unmatched` without one. */
  readonly route: string;
  readonly method: string;
  readonly status: number;
  readonly ms: number;
}

export type AuthAction = 'login' | 'refresh' | 'setup';

export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

export interface PrometheusMetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC); default true. */
  readonly processMetrics?: boolean;
}

// Sign-in work sits between 1 ms (a refresh) and a few seconds (argon2 under load).
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const VERIFY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2];

export class PrometheusMetrics {
  readonly registry = new Registry();
  private readonly requests: Histogram<'method' | 'route' | 'status'>;
  private readonly outcomes: Counter<'action' | 'result'>;
  private readonly verify: Histogram;
  private readonly jobRuns: Counter<'job' | 'result'>;
  private readonly jobLastSuccess: Gauge<'job'>;

  constructor(options: PrometheusMetricsOptions = {}) {
    const registers = [this.registry];
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.requests = new Histogram({
      name: 'nimbus_http_request_duration_seconds',
      help: 'HTTP requests by route pattern, method and status, with their duration',
      labelNames: ['method', 'route', 'status'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.outcomes = new Counter({
      name: 'nimbus_auth_outcomes_total',
      help: 'Login, refresh and setup attempts by result (success, or the error code)',
      labelNames: ['action', 'result'],
      registers,
    });
    this.verify = new Histogram({
      name: 'nimbus_password_verify_duration_seconds',
      help: 'argon2 password verifications (dummy ones for unknown emails included), by duration',
      buckets: VERIFY_BUCKETS,
      registers,
    });
    this.jobRuns = new Counter({
      name: 'nimbus_job_runs_total',
      help: 'Background job runs in this process by job and result (success or failure)',
      labelNames: ['job', 'result'],
      registers,
    });
    this.jobLastSuccess = new Gauge({
      name: 'nimbus_job_last_success_timestamp_seconds',
      help: 'When each background job last succeeded in this process (Unix time)',
      labelNames: ['job'],
      registers,
    });
  }

  requestDone(done: RequestDone): void {
    this.requests.observe(
      { method: done.method, route: done.route, status: String(done.status) },
      done.ms / 1000,
    );
  }

  authOutcome(action: AuthAction, result: string): void {
    this.outcomes.inc({ action, result });
  }

  passwordVerified(ms: number): void {
    this.verify.observe(ms / 1000);
  }

  jobRan(job: string, result: 'success' | 'failure', at: Date): void {
    this.jobRuns.inc({ job, result });
    if (result === 'success') this.jobLastSuccess.set({ job }, at.getTime() / 1000);
  }

  /** Pool gauges, read from `stats` at each scrape. */
  watchPool(stats: () => PoolStats): void {
    const gauge = (name: string, help: string, read: (s: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read(stats()));
        },
      });
    gauge('nimbus_db_pool_connections', 'Open database connections in the pool', (s) => s.total);
    gauge(
      'nimbus_db_pool_in_use_connections',
      'Pool connections checked out by a query',
      (s) => s.total - s.idle,
    );
    gauge('nimbus_db_pool_waiting_requests', 'Queries waiting for a free pool connection', (s) => s.waiting);
  }

  /** A gauge of the live sessions this process answers from memory, read at each scrape. */
  watchLiveSessions(count: () => number): void {
    new Gauge({
      name: 'nimbus_live_sessions_cached',
      help: 'Live sessions held in this process’s session cache (checks answered without PostgreSQL)',
      registers: [this.registry],
      collect() {
        this.set(count());
      },
    });
  }

  /** The Prometheus text exposition of every instrument. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
