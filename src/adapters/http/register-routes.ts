/**
 * Overview: serves declared routes on an Express app: authenticates, validates path parameters,
 *   query and body, calls the handler and sends its reply.
 * Architecture: HTTP delivery adapter (Express); the serving half of the route registry
 *   (openapi.ts is the documenting half).
 * Dependencies: express, pino (the request logger's type), the route declaration, the shared
 *   middleware, the application's GetCurrentUser.
 * Concepts: one Express handler per route (no middleware chain), so a probe costs no more than
 *   before; authentication comes before validation (no hint about formats without a token); a
 *   failure is thrown to the one error middleware, so error bodies stay one shape; what a
 *   handler receives is one class's instance (no per-request closures or hidden classes).
 */
import type { Express, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Principal, UseCases } from '../../application/index.js';
import { authenticate, clientInfo, parseInput } from './middleware.js';
import type { AnyRoute, DependenciesOf } from './route.js';

/** What serving any route needs besides the routes' own dependencies. */
export type RegistryDependencies = Pick<UseCases, 'getCurrentUser'>;

function send(res: Response, reply: { readonly status: number; readonly body?: unknown }): void {
  if ('body' in reply) res.status(reply.status).json(reply.body);
  else res.status(reply.status).end();
}

/**
 * What a handler receives. A class, not an object literal with getters: a literal's getters are
 * new closures on every request, and V8 then gives every request's object a hidden class of its
 * own, which the young-generation GC has to carry (measured: /live at a quarter of its speed).
 */
class ServedRequest {
  readonly #req: Request;

  constructor(
    req: Request,
    readonly params: unknown,
    readonly query: unknown,
    readonly body: unknown,
    readonly principal: Principal | undefined,
  ) {
    this.#req = req;
  }

  /** Read on demand: most requests never need the client address. */
  get client(): ReturnType<typeof clientInfo> {
    return clientInfo(this.#req);
  }

  /** Read on demand: most requests never create their logger. */
  get log(): Logger {
    return this.#req.log;
  }
}

function serve(route: AnyRoute, deps: RegistryDependencies): RequestHandler {
  return async (req, res) => {
    const principal = route.auth === 'bearer' ? await authenticate(deps.getCurrentUser, req) : undefined;
    const request = new ServedRequest(
      req,
      route.params ? parseInput(route.params, req.params, 'path') : undefined,
      route.query ? parseInput(route.query, req.query, 'query') : undefined,
      route.body ? parseInput(route.body, req.body ?? {}, 'body') : undefined,
      principal,
    );
    send(res, await route.handler(request, deps));
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
