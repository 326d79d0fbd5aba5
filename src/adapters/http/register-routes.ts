/**
 * Overview: serves declared routes on an Express app: authenticates, validates path parameters,
 *   query and body, calls the handler and sends its reply.
 * Architecture: HTTP delivery adapter (Express); the serving half of the route registry
 *   (openapi.ts is the documenting half).
 * Dependencies: express, the route declaration, the shared middleware, the application's
 *   GetCurrentUser.
 * Concepts: one Express handler per route (no middleware chain), so a probe costs no more than
 *   before; authentication comes before validation (no hint about formats without a token); a
 *   failure is thrown to the one error middleware, so error bodies stay one shape.
 */
import type { Express, RequestHandler, Response } from 'express';
import type { UseCases } from '../../application/index.js';
import { authenticate, clientInfo, parseInput } from './middleware.js';
import type { AnyRoute, DependenciesOf } from './route.js';

/** What serving any route needs besides the routes' own dependencies. */
export type RegistryDependencies = Pick<UseCases, 'getCurrentUser'>;

function send(res: Response, reply: { readonly status: number; readonly body?: unknown }): void {
  if ('body' in reply) res.status(reply.status).json(reply.body);
  else res.status(reply.status).end();
}

function serve(route: AnyRoute, deps: RegistryDependencies): RequestHandler {
  return async (req, res) => {
    const principal = route.auth === 'bearer' ? await authenticate(deps.getCurrentUser, req) : undefined;
    const reply = await route.handler(
      {
        params: route.params ? parseInput(route.params, req.params, 'path') : undefined,
        query: route.query ? parseInput(route.query, req.query, 'query') : undefined,
        body: route.body ? parseInput(route.body, req.body ?? {}, 'body') : undefined,
        principal,
        // Getters: most requests never read the client address or create the request's logger.
        get client() {
          return clientInfo(req);
        },
        get log() {
          return req.log;
        },
      },
      deps,
    );
    send(res, reply);
  };
}

/** Registers each route on `app` at its declared method and path. */
export function registerRoutes<const Routes extends readonly AnyRoute[]>(
  app: Express,
  routes: Routes,
  deps: DependenciesOf<Routes> & RegistryDependencies,
): void {
  for (const route of routes) app[route.method](route.path, serve(route, deps));
}
