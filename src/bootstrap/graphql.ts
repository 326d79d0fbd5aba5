/**
 * Overview: the GraphQL endpoint as an Express handler that loads GraphQL on first use.
 * Architecture: bootstrap; wires the GraphQL delivery adapter for the server bootstrap.
 * Dependencies: express (types), the GraphQL adapter and its container module (loaded lazily).
 * Concepts: graphql and type-graphql weigh ~22 MB of memory, so they load on the first /graphql
 *   request; a failed load is retried by the next request without binding the resolvers twice.
 */
import type { RequestHandler } from 'express';
import type { NimbusConfig } from './config/config.schema.js';
import type { Runtime } from './runtime.js';

export function lazyGraphql(runtime: Runtime, config: NimbusConfig): RequestHandler {
  let graphql: Promise<RequestHandler> | null = null;
  const load = async (): Promise<RequestHandler> => {
    const [adapter, module] = await Promise.all([
      import('../adapters/graphql/index.js'),
      import('./container/graphql.module.js'),
    ]);
    if (!runtime.container.isBound(adapter.HealthResolver)) runtime.container.load(module.graphqlModule());
    return adapter.createGraphqlRouter({
      resolverContainer: runtime.container,
      development: config.env === 'development',
      logger: runtime.logger,
      bodyLimit: config.server.bodyLimit,
    });
  };
  return (req, res, next) => {
    if (!req.path.startsWith('/graphql')) return next();
    graphql ??= load().catch((error: unknown) => {
      graphql = null;
      throw error;
    });
    graphql.then((router) => router(req, res, next), next);
  };
}
