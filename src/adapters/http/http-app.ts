/**
 * Overview: the Express application: security headers, CORS, trace ids, request logs, body
 *   limits, the REST routes, probes, the OpenAPI document and reference page, extra mounts
 *   (GraphQL, the web UI) and the one error middleware.
 * Architecture: HTTP delivery adapter (Express 5); bootstrap hands it use cases and settings.
 * Dependencies: express, cors, helmet (through security-headers), the trace id, the request log,
 *   the route catalogue and its registry, the OpenAPI document builder.
 * Concepts: one front middleware gives every request its trace id, its request log and the
 *   security headers (worked out once from helmet); routes are registered from their
 *   declarations (routes/index.ts), the same ones the OpenAPI document lists; every /api/v1
 *   answer is JSON-bodied and no-store; unknown /api routes answer the JSON error
 *   envelope with 404; only configured origins get CORS headers; the client address honours
 *   `trustProxy` only when it is configured.
 */
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { apiDocsRoutes } from './api-docs.js';
import { apiFront, errorMiddleware, notFound } from './middleware.js';
import { buildOpenApiDocument } from './openapi.js';
import { registerRoutes, type RegistryDependencies } from './register-routes.js';
import type { DependenciesOf } from './route.js';
import { apiRoutes, probeRoutes } from './routes/index.js';
import { requestLog, type RequestDone } from './request-log.js';
import { securityHeaders, securityHeaderSetter } from './security-headers.js';
import { assignTraceId } from './trace.js';

export interface HttpSettings {
  /** Express's `trust proxy`: false (default), a hop count, or addresses/subnets (never `true`). */
  readonly trustProxy: false | number | readonly string[];
  readonly corsOrigins: readonly string[];
  /** Largest accepted JSON body, e.g. "16kb". */
  readonly bodyLimit: string;
  readonly version: string;
}

export interface Mount {
  readonly path: string;
  readonly handler: RequestHandler | express.Router;
}

/** What the routes need (each route names its own), plus the app's own settings. */
export type HttpDependencies = DependenciesOf<typeof apiRoutes> &
  DependenciesOf<typeof probeRoutes> &
  RegistryDependencies & {
    readonly logger: Logger;
    readonly settings: HttpSettings;
    /** Mounted before the catch-all 404, after the API (GraphQL, the web UI). */
    readonly mounts?: readonly Mount[];
    /** Hears of every finished request with its route pattern (the metrics); keep it cheap. */
    readonly onRequestDone?: (done: RequestDone) => void;
  };

/** GraphQL's GET and POST, and whatever the declared API routes use (DELETE today). */
const CORS_METHODS = [...new Set(['GET', 'POST', ...apiRoutes.map((route) => route.method.toUpperCase())])];

export function createHttpApp(deps: HttpDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.settings.trustProxy);
  app.set('etag', false);

  const startRequestLog = requestLog(app, deps.logger, deps.onRequestDone);
  // Nimbus speaks plain HTTP itself; HSTS and upgrades belong to the TLS-terminating proxy.
  const setSecurityHeaders = securityHeaderSetter({
    strictTransportSecurity: false,
    contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } },
  });
  // One front middleware rather than three: every router layer costs each request, probes too.
  app.use((req, res, next) => {
    assignTraceId(req, res);
    startRequestLog(req, res);
    setSecurityHeaders(res);
    next();
  });
  if (deps.settings.corsOrigins.length > 0) {
    app.use(
      cors({
        origin: [...deps.settings.corsOrigins],
        methods: CORS_METHODS,
        allowedHeaders: ['Authorization', 'Content-Type', 'X-Trace-ID'],
        exposedHeaders: ['X-Trace-ID', 'Retry-After'],
        maxAge: 600,
      }),
    );
  }

  registerRoutes(app, probeRoutes, deps);

  const document = buildOpenApiDocument(deps.settings.version);
  app.get('/api/openapi.json', (_req, res) => void res.json(document));
  app.use(
    '/api/docs',
    securityHeaders({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
    apiDocsRoutes(),
  );

  app.use(
    '/api/v1',
    apiFront(express.json({ limit: deps.settings.bodyLimit, strict: true, type: 'application/json' })),
  );
  registerRoutes(app, apiRoutes, deps);
  app.use('/api', (req) => notFound(req));

  for (const mount of deps.mounts ?? []) app.use(mount.path, mount.handler);
  app.use((req) => notFound(req));
  app.use(errorMiddleware(deps.logger));
  return app;
}
