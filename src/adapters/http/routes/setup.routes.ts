/**
 * Overview: the first-run setup endpoints: GET /api/v1/setup/status, POST /api/v1/setup/initialize.
 * Architecture: HTTP delivery adapter: route declarations (route.ts) over GetSetupStatus and
 *   InitializeSetup.
 * Dependencies: the route declaration, the schemas, the setup use cases, the setup limiter.
 * Concepts: initialise is throttled per client address and answers the admin's first tokens.
 */
import type { RateLimiter, UseCases } from '../../../application/index.js';
import { defineRoute, reply } from '../route.js';
import { InitializeSetupRequest, InitializeSetupResponse, SetupStatus } from '../schemas.js';

export const setupRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/setup/status',
    operationId: 'getSetupStatus',
    tags: ['setup'],
    summary: 'Whether first-run setup is complete',
    auth: 'none',
    responses: { 200: { description: 'Setup status', schema: SetupStatus } },
    errors: ['SERVICE_UNAVAILABLE'],
    handler: async (_request, { getSetupStatus }: Pick<UseCases, 'getSetupStatus'>) => {
      const { initialized, organizationName, isolationStrategy, setupTokenRequired } =
        await getSetupStatus.execute();
      return reply(200, { initialized, organizationName, isolationStrategy, setupTokenRequired });
    },
  }),

  defineRoute({
    method: 'post',
    path: '/api/v1/setup/initialize',
    operationId: 'initializeSetup',
    tags: ['setup'],
    summary: 'Create the organisation and its admin, once; returns the admin’s first tokens',
    auth: 'none',
    body: InitializeSetupRequest,
    responses: { 201: { description: 'Setup complete', schema: InitializeSetupResponse } },
    errors: ['SETUP_TOKEN_INVALID', 'SETUP_ALREADY_COMPLETED', 'TOO_MANY_ATTEMPTS', 'SERVICE_UNAVAILABLE'],
    handler: async (
      { body, client, log },
      deps: Pick<UseCases, 'initializeSetup'> & { readonly setupLimiter: RateLimiter },
    ) => {
      await deps.setupLimiter.consume(client.ip);
      const { provider, admin, tokens } = await deps.initializeSetup.execute({
        ...body,
        ...client,
        signIn: true,
      });
      if (!tokens) throw new Error('InitializeSetup signed the admin in without tokens');
      log.info({ providerId: provider.id, adminId: admin.id }, 'setup completed');
      return reply(201, { provider, admin, tokens });
    },
  }),
] as const;
