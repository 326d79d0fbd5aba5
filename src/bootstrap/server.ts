/**
 * Overview: the API server: starts the runtime, builds the HTTP app from the use-case catalogue
 *   and the route registry, starts the in-process jobs, listens; and closes it all in order.
 * Architecture: bootstrap (composition root) for the HTTP and GraphQL delivery adapters.
 * Dependencies: the runtime, the HTTP adapter, the listener, the jobs, the profiles, the metrics.
 * Concepts: close = drain HTTP (in-flight requests finish within the grace period), stop the
 *   jobs within what is left of it, close the metrics port and the runtime (pool, embedded
 *   PostgreSQL); the web UI is served as found at start, or once the build `npm start` runs
 *   beside this start succeeded.
 */
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  LiveSessionsToken,
  PasswordHasherToken,
  type IssueSetupTokenOutput,
  type LiveSessions,
  type PasswordHasher,
} from '../application/index.js';
import { SetupAlreadyCompletedError } from '../domain/index.js';
import { createHttpApp, type Mount } from '../adapters/http/http-app.js';
import { webUi } from '../adapters/http/web-ui.js';
import type { MetricsServer } from '../adapters/metrics/metrics-server.js';
import type { InProcessScheduler } from '../adapters/workflows/in-process/in-process-scheduler.js';
import type { NimbusConfig } from './config/config.schema.js';
import { RequestLimitersToken, type RequestLimiters } from './container/throttling.module.js';
import { lazyGraphql } from './graphql.js';
import { listenDraining } from './http-server.js';
import { startInProcessJobs } from './jobs.js';
import type { Logger } from './logger.js';
import { ServerMetrics } from './metrics.js';
import { adaptersFor } from './profiles.js';
import { startRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { APP_VERSION } from './version.js';

export interface RunningServer {
  readonly runtime: Runtime;
  readonly server: Server;
  readonly url: string;
  /** Where Prometheus scrapes this server (`http://127.0.0.1:9464/metrics`), or null when off. */
  readonly metricsUrl: string | null;
  /**
   * Whether the web UI's build is served at `/`: known at once, or, while `npm start` still builds
   * it (`webUiBuild`), once that build settles.
   */
  readonly webUi: Promise<boolean>;
  /**
   * With `auth.setupToken: auto` while setup is pending: the token this start issued (shown once),
   * or null with the expiry of one issued earlier and still in force. Otherwise null.
   */
  readonly setupToken: IssueSetupTokenOutput | null;
  /** Stops accepting, finishes in-flight requests, closes the runtime; idempotent. */
  close(): Promise<void>;
}

export interface ServerOptions extends Partial<RuntimeOptions> {
  readonly logger: Logger;
  /** Extra mounts built from the runtime. */
  readonly mounts?: (runtime: Runtime) => Promise<readonly Mount[]>;
  /**
   * The web UI's build still running beside this start (`npm start`): true once it succeeded.
   * Until then `/` answers 503 with a page that reloads itself.
   */
  readonly webUiBuild?: Promise<boolean>;
}

/** Where `npm run build -w frontend` puts the UI, from src/bootstrap or dist/bootstrap alike. */
export const DEFAULT_WEB_UI_DIR = fileURLToPath(new URL('../../frontend/dist/browser', import.meta.url));

/** Issues the auto setup token unless setup is done or one is still in force (another replica's). */
async function issueSetupToken(runtime: Runtime): Promise<IssueSetupTokenOutput | null> {
  if (runtime.config.auth.setupToken !== 'auto') return null;
  try {
    return await runtime.useCases.issueSetupToken.execute({ replace: false });
  } catch (error) {
    if (error instanceof SetupAlreadyCompletedError) return null;
    throw error;
  }
}

export async function startServer(config: NimbusConfig, options: ServerOptions): Promise<RunningServer> {
  const metrics = ServerMetrics.of(config);
  const runtime = await startRuntime(config, { ...options, observers: metrics?.observers });
  let jobs: InProcessScheduler | null = null;
  let management: MetricsServer | null = null;
  try {
    management = (await metrics?.start(runtime)) ?? null;
    const limiters = runtime.get<RequestLimiters>(RequestLimitersToken);
    const liveSessions = runtime.get<LiveSessions>(LiveSessionsToken);
    const webUiDir = config.server.webUiDir ?? DEFAULT_WEB_UI_DIR;
    const { router: webUiRouter, served: webUiServed } = webUi(webUiDir, options.webUiBuild);
    void webUiServed.then((served) => {
      if (!served)
        runtime.logger.warn({ webUiDir }, 'web UI not built: run npm run build -w frontend (npm start does)');
    });
    const app = createHttpApp({
      ...(metrics ? metrics.counted(runtime.useCases) : runtime.useCases),
      onRequestDone: metrics?.requestDone,
      logger: runtime.logger,
      settings: { ...config.server, version: APP_VERSION },
      // Degraded, not down: without the listener every session check goes to PostgreSQL.
      informationalChecks: () => ({ sessionListener: liveSessions.status() }),
      readiness: () => runtime.ping().then(() => true),
      // Per replica and in memory, so that a refresh writes nothing but its session row.
      refreshLimiter: limiters.perProcess({
        name: 'refresh-ip',
        points: config.server.refreshRateLimit,
        windowSeconds: 60,
      }),
      setupLimiter: limiters.shared({
        name: 'setup-ip',
        points: config.server.setupRateLimit,
        windowSeconds: 60,
      }),
      mounts: [
        { path: '/', handler: lazyGraphql(runtime, config) },
        ...(webUiRouter ? [{ path: '/', handler: webUiRouter }] : []),
        ...(options.mounts ? await options.mounts(runtime) : []),
      ],
    });
    // Jobs run in this process unless the profile leaves them to the Temporal worker (npm run worker).
    jobs = adaptersFor(config).jobRunner === 'in-process' ? await startInProcessJobs(runtime) : null;
    // The first unknown-email login must cost what every other login costs.
    const [, , setupToken] = await Promise.all([
      liveSessions.start(),
      runtime.get<PasswordHasher>(PasswordHasherToken).prepare(),
      issueSetupToken(runtime),
    ]);
    const http = await listenDraining(app, config.server);
    const [scheduler, metricsServer] = [jobs, management];
    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= (async () => {
        const graceMs = config.server.shutdownGrace * 1000;
        const began = performance.now();
        await http.drain(graceMs);
        // A job run still going after the grace period is abandoned (its work is idempotent).
        const left = Math.max(0, graceMs - (performance.now() - began));
        await Promise.race([scheduler?.stop(), new Promise((r) => setTimeout(r, left).unref())]);
        await metricsServer?.close();
        await runtime.close();
      })());
    const urls = { url: http.url, metricsUrl: metricsServer?.url ?? null };
    return { runtime, server: http.server, ...urls, webUi: webUiServed, setupToken, close };
  } catch (error) {
    await management?.close();
    await jobs?.stop();
    await runtime.close();
    throw error;
  }
}
