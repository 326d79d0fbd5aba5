/**
 * Overview: builds the GraphQL schema once and serves it at /graphql over HTTP (POST and GET),
 *   with GraphiQL for browsers in development.
 * Architecture: GraphQL delivery adapter (Express router); bootstrap hands it the container.
 * Dependencies: express, type-graphql, graphql-http, the resolvers, the error formatter.
 * Concepts: resolvers come from the container (their use cases injected); the context carries
 *   the bearer token; every error passes through the one code table of graphql-errors.ts.
 */
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { createHandler } from 'graphql-http/lib/use/express';
import { buildSchema } from 'type-graphql';
import { graphiqlHandlers } from './graphiql.js';
import { contextFromRequest, type GraphqlContext } from './graphql-context.js';
import { graphqlErrorFormatter, type ErrorLogger } from './graphql-errors.js';
import { AuthEventsResolver } from './resolvers/auth-events.resolver.js';
import { HealthResolver } from './resolvers/health.resolver.js';
import { MeResolver } from './resolvers/me.resolver.js';
import { SessionsResolver } from './resolvers/sessions.resolver.js';

export const GRAPHQL_RESOLVERS = [HealthResolver, MeResolver, SessionsResolver, AuthEventsResolver] as const;

export interface GraphqlRouterOptions {
  /** Builds the resolver classes (bound in the container by the composition root). */
  readonly resolverContainer: { get<T>(cls: new (...args: unknown[]) => T): T };
  /** Serves GraphiQL to browsers (GET /graphql with Accept: text/html). */
  readonly development: boolean;
  readonly logger?: ErrorLogger;
  /** Largest accepted JSON body (express.json syntax). Default: 100kb. */
  readonly bodyLimit?: string;
}

const ENDPOINT = '/graphql';
const ASSETS = '/graphql/graphiql';

/** A browser navigating here, rather than a GraphQL client. */
const wantsHtml = (req: Request): boolean =>
  req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html';

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/** Unreadable bodies answer in the GraphQL response shape rather than the app's REST envelope. */
const bodyErrors: ErrorRequestHandler = (error: { status?: unknown; type?: unknown }, _req, res, next) => {
  const status = typeof error?.status === 'number' ? error.status : 500;
  if (status >= 500 || res.headersSent) return next(error);
  const message =
    error.type === 'entity.parse.failed'
      ? 'The body is not valid JSON.'
      : error.type === 'entity.too.large'
        ? 'The body is too large.'
        : 'The request could not be read.';
  res.status(status).json({ errors: [{ message }] });
};

export async function createGraphqlRouter(options: GraphqlRouterOptions): Promise<Router> {
  const { resolverContainer } = options;
  const schema = await buildSchema({
    resolvers: GRAPHQL_RESOLVERS,
    container: { get: (cls: new (...args: unknown[]) => unknown) => resolverContainer.get(cls) },
    validate: false,
    emitSchemaFile: false,
  });
  const handler = createHandler<GraphqlContext>({
    schema,
    context: (req) => contextFromRequest(req.raw),
    formatError: graphqlErrorFormatter(options.logger),
  });

  const router = Router();
  if (options.development) {
    const graphiql = graphiqlHandlers(ENDPOINT, ASSETS);
    router.get(ENDPOINT, (req, res, next) => (wantsHtml(req) ? graphiql.page(req, res, next) : next()));
    router.get(`${ASSETS}/:file`, graphiql.asset);
  }
  router.all(
    ENDPOINT,
    noStore,
    express.json({ limit: options.bodyLimit ?? '100kb', type: 'application/json' }),
    handler,
    bodyErrors,
  );
  return router;
}
