/**
 * Overview: the first-run setup endpoints: GET /api/v1/setup/status, POST /api/v1/setup/initialize.
 * Architecture: HTTP delivery adapter (Express router) over GetSetupStatus and InitializeSetup.
 * Dependencies: express, the use cases, the request schemas.
 * Concepts: initialise is throttled per client address and answers the admin's first tokens.
 */
import { Router } from 'express';
import type { GetSetupStatus, InitializeSetup, RateLimiter } from '../../../application/index.js';
import { body, clientInfo, noStore } from '../middleware.js';
import { InitializeSetupRequest } from '../schemas.js';
import type { z } from 'zod';

export interface SetupRoutesDependencies {
  readonly getSetupStatus: GetSetupStatus;
  readonly initializeSetup: InitializeSetup;
  readonly setupLimiter: RateLimiter;
}

export function setupRoutes(deps: SetupRoutesDependencies): Router {
  const router = Router();
  router.use(noStore);

  router.get('/status', async (_req, res) => {
    const { initialized, organizationName, isolationStrategy, setupTokenRequired } =
      await deps.getSetupStatus.execute();
    res.json({ initialized, organizationName, isolationStrategy, setupTokenRequired });
  });

  router.post('/initialize', body(InitializeSetupRequest), async (req, res) => {
    await deps.setupLimiter.consume(req.ip ?? null);
    const input = req.body as z.output<typeof InitializeSetupRequest>;
    const result = await deps.initializeSetup.execute({ ...input, ...clientInfo(req) });
    req.log?.info({ providerId: result.provider.id, adminId: result.admin.id }, 'setup completed');
    res.status(201).json(result);
  });

  return router;
}
