/**
 * Overview: the probes: GET /health and /live (the process is up) and /ready (the database answers).
 * Architecture: HTTP delivery adapter: route declarations (route.ts); bootstrap hands in the checks.
 * Dependencies: the route declaration, the Probe schema.
 * Concepts: probes are not request-logged at info, so a failing readiness check logs its own
 *   line; informational checks are shown without deciding readiness.
 */
import { defineRoute, reply } from '../route.js';
import { Probe } from '../schemas.js';

export interface ProbeDependencies {
  /** Resolves to true when the database answers. */
  readonly readiness: () => Promise<boolean>;
  /** Shown among /ready's checks without deciding readiness (e.g. the session listener). */
  readonly informationalChecks?: () => Record<string, string>;
}

const up = reply(200, { status: 'ok' });

export const probeRoutes = [
  defineRoute({
    method: 'get',
    path: '/health',
    operationId: 'health',
    tags: ['probes'],
    summary: 'The process is up',
    auth: 'none',
    responses: { 200: { description: 'Up', schema: Probe } },
    errors: [],
    handler: () => up,
  }),

  defineRoute({
    method: 'get',
    path: '/live',
    operationId: 'live',
    tags: ['probes'],
    summary: 'Liveness',
    auth: 'none',
    responses: { 200: { description: 'Alive', schema: Probe } },
    errors: [],
    handler: () => up,
  }),

  defineRoute({
    method: 'get',
    path: '/ready',
    operationId: 'ready',
    tags: ['probes'],
    summary: 'Readiness: the database answers',
    auth: 'none',
    responses: {
      200: { description: 'Ready', schema: Probe },
      503: { description: 'Not ready', schema: Probe },
    },
    errors: [],
    handler: async ({ log }, deps: ProbeDependencies) => {
      const ok = await deps.readiness().catch(() => false);
      if (!ok) log.warn('not ready: the database does not answer');
      const checks = { database: ok ? 'ok' : 'down', ...deps.informationalChecks?.() };
      return ok ? reply(200, { status: 'ok', checks }) : reply(503, { status: 'unavailable', checks });
    },
  }),
] as const;
