/**
 * Overview: the GraphQL delivery adapter's public surface.
 * Architecture: GraphQL delivery adapter barrel; imported by the composition root.
 * Dependencies: the modules beside it.
 * Concepts: bootstrap binds the resolvers and AppVersionToken, then mounts the router.
 */
export { createGraphqlRouter, GRAPHQL_RESOLVERS, type GraphqlRouterOptions } from './graphql-router.js';
export type { GraphqlContext } from './graphql-context.js';
export { GRAPHQL_CODES, INTERNAL_CODE } from './graphql-errors.js';
export { AuthEventsResolver } from './resolvers/auth-events.resolver.js';
export { HealthResolver } from './resolvers/health.resolver.js';
export { MeResolver } from './resolvers/me.resolver.js';
export { SessionsResolver } from './resolvers/sessions.resolver.js';
export { AppVersionToken } from './tokens.js';
