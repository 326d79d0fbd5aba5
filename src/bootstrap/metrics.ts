/**
 * Overview: the server's Prometheus metrics: builds the instruments, hangs them on the runtime's
 *   observers, the HTTP adapter's request hook and the sign-in use cases, and serves them.
 * Architecture: bootstrap (composition root) for the metrics adapter family.
 * Dependencies: the metrics adapter, the runtime, the use-case catalogue, the domain's errors.
 * Concepts: off when `metrics.port` is 0; a sign-in outcome is counted where the use case returns
 *   or throws (`success`, or the domain error's code), whichever adapter called it; gauges read
 *   the pool and the live-session cache only when scraped.
 */
import { LiveSessionsToken, type UseCases } from '../application/index.js';
import { isDomainError } from '../domain/index.js';
import { startMetricsServer, type MetricsServer } from '../adapters/metrics/metrics-server.js';
import {
  PrometheusMetrics,
  type AuthAction,
  type RequestDone,
} from '../adapters/metrics/prometheus-metrics.js';
import type { DatabaseHandle } from '../adapters/persistence/kysely/database.js';
import { PgLiveSessions } from '../adapters/persistence/kysely/pg-live-sessions.js';
import type { NimbusConfig } from './config/config.schema.js';
import { DatabaseHandleToken } from './container/tokens.js';
import type { RuntimeObservers } from './observers.js';
import type { Runtime } from './runtime.js';

/** The use cases whose outcomes are counted, under the action they count as. */
const COUNTED: Readonly<Record<AuthAction, 'login' | 'refreshSession' | 'initializeSetup'>> = {
  login: 'login',
  refresh: 'refreshSession',
  setup: 'initializeSetup',
};

interface Executable {
  execute(...args: never[]): Promise<unknown>;
}

/** `useCase` with each `execute` counted by result; everything else is the original's. */
function counted<T extends Executable>(useCase: T, count: (result: string) => void): T {
  const execute = useCase.execute.bind(useCase) as (...args: unknown[]) => Promise<unknown>;
  const wrapper = Object.create(useCase) as T & { execute: (...args: unknown[]) => Promise<unknown> };
  wrapper.execute = async (...args) => {
    try {
      const output = await execute(...args);
      count('success');
      return output;
    } catch (error) {
      count(isDomainError(error) ? error.code.toLowerCase() : 'error');
      throw error;
    }
  };
  return wrapper;
}

export class ServerMetrics {
  private readonly metrics = new PrometheusMetrics();
  readonly observers: RuntimeObservers = {
    passwordVerified: (ms) => this.metrics.passwordVerified(ms),
    jobRan: (job, result, at) => this.metrics.jobRan(job, result, at),
  };
  /** For the HTTP adapter's `onRequestDone`. */
  readonly requestDone = (done: RequestDone): void => this.metrics.requestDone(done);

  private constructor(private readonly address: NimbusConfig['metrics']) {}

  /** The server's metrics, or null when `metrics.port` is 0 (off). */
  static of(config: NimbusConfig): ServerMetrics | null {
    return config.metrics.port === 0 ? null : new ServerMetrics(config.metrics);
  }

  /**
   * Serves GET /metrics on the management address, with gauges of the runtime's pool and
   * live-session cache (those it has), read at each scrape.
   */
  async start(runtime: Runtime): Promise<MetricsServer> {
    if (runtime.container.isBound(DatabaseHandleToken)) {
      const { pool } = runtime.get<DatabaseHandle>(DatabaseHandleToken);
      this.metrics.watchPool(() => ({
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
      }));
    }
    const live = runtime.get(LiveSessionsToken);
    if (live instanceof PgLiveSessions) this.metrics.watchLiveSessions(() => live.cachedCount);
    return startMetricsServer(this.metrics, this.address, (err) =>
      runtime.logger.warn({ err }, 'metrics not collected'),
    );
  }

  /** The catalogue with login, refresh and setup outcomes counted. */
  counted(useCases: UseCases): UseCases {
    const out: Record<string, unknown> = { ...useCases };
    for (const [action, name] of Object.entries(COUNTED) as [AuthAction, keyof UseCases][])
      out[name] = counted(useCases[name], (result) => this.metrics.authOutcome(action, result));
    return out as unknown as UseCases;
  }
}
