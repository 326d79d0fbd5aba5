/**
 * Overview: the route catalogue: every REST route Nimbus serves, in the order the OpenAPI
 *   document lists them.
 * Architecture: HTTP delivery adapter; http-app.ts registers these lists, openapi.ts documents them.
 * Dependencies: the route files beside it.
 * Concepts: API routes live under /api/v1 (JSON bodies, no-store answers); probes sit at the root.
 */
import { authRoutes } from './auth.routes.js';
import { probeRoutes } from './probe.routes.js';
import { setupRoutes } from './setup.routes.js';

export const apiRoutes = [...setupRoutes, ...authRoutes] as const;

export { probeRoutes };

export const allRoutes = [...apiRoutes, ...probeRoutes] as const;
