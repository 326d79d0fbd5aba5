/**
 * Overview: the OpenAPI 3.1 document of the REST API, generated from the same zod schemas that
 *   validate requests.
 * Architecture: HTTP delivery adapter (Express), served at /api/openapi.json.
 * Dependencies: zod-openapi.
 * Concepts: one source of truth: a route's schema change shows up in the document.
 */
import { createDocument, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { z } from 'zod';
import {
  ErrorEnvelope,
  InitializeSetupRequest,
  InitializeSetupResponse,
  LoginRequest,
  LoginResponse,
  Probe,
  RefreshRequest,
  SessionIdParam,
  SessionList,
  SetupStatus,
  TokenPair,
  User,
} from './schemas.js';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...json(ErrorEnvelope) });

function responses(
  ok: Record<string, { description: string; schema?: z.ZodType }>,
  errors: Record<string, string>,
) {
  const out: Record<string, object> = {};
  for (const [status, { description, schema }] of Object.entries(ok)) {
    out[status] = schema ? { description, ...json(schema) } : { description };
  }
  for (const [status, description] of Object.entries(errors)) out[status] = error(description);
  return out as ZodOpenApiResponsesObject;
}

const bearer = [{ bearerAuth: [] }];
const common = {
  '400': 'Invalid input (VALIDATION_ERROR, MALFORMED_REQUEST)',
  '503': 'A dependency is down',
};
const authErrors = {
  '401': 'Missing, invalid or expired token, or ended session',
  '503': 'A dependency is down',
};

export function buildOpenApiDocument(version: string): object {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Nimbus API',
      version,
      description:
        'Local authentication and first-run setup of Nimbus. Errors are `{ "error": { "code", "message", "traceId" } }`; ' +
        'every response carries `X-Trace-ID`.',
    },
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths: {
      '/api/v1/setup/status': {
        get: {
          operationId: 'getSetupStatus',
          tags: ['setup'],
          summary: 'Whether first-run setup is complete',
          responses: responses(
            { '200': { description: 'Setup status', schema: SetupStatus } },
            { '503': common['503'] },
          ),
        },
      },
      '/api/v1/setup/initialize': {
        post: {
          operationId: 'initializeSetup',
          tags: ['setup'],
          summary: 'Create the organisation and its admin, once; returns the admin’s first tokens',
          requestBody: { required: true, ...json(InitializeSetupRequest) },
          responses: responses(
            { '201': { description: 'Setup complete', schema: InitializeSetupResponse } },
            {
              ...common,
              '403': 'Setup token missing or wrong (SETUP_TOKEN_INVALID)',
              '409': 'Setup already completed (SETUP_ALREADY_COMPLETED)',
              '413': 'Body too large',
              '415': 'Body is not JSON',
              '429': 'Too many attempts (Retry-After)',
            },
          ),
        },
      },
      '/api/v1/auth/login': {
        post: {
          operationId: 'login',
          tags: ['auth'],
          summary: 'Sign in with email and password',
          requestBody: { required: true, ...json(LoginRequest) },
          responses: responses(
            { '200': { description: 'Signed in', schema: LoginResponse } },
            {
              ...common,
              '401': 'Invalid email or password (INVALID_CREDENTIALS)',
              '409': 'Setup not done (SETUP_REQUIRED) or session limit reached (SESSION_LIMIT_REACHED)',
              '413': 'Body too large',
              '415': 'Body is not JSON',
              '429': 'Too many attempts (Retry-After)',
            },
          ),
        },
      },
      '/api/v1/auth/refresh': {
        post: {
          operationId: 'refresh',
          tags: ['auth'],
          summary: 'Spend a refresh token for a new access token and refresh token',
          requestBody: { required: true, ...json(RefreshRequest) },
          responses: responses(
            { '200': { description: 'New tokens', schema: TokenPair } },
            { ...common, '401': 'Invalid, expired or replayed refresh token', '429': 'Too many requests' },
          ),
        },
      },
      '/api/v1/auth/logout': {
        post: {
          operationId: 'logout',
          tags: ['auth'],
          summary: 'End the current session',
          security: bearer,
          responses: responses({ '204': { description: 'Signed out' } }, authErrors),
        },
      },
      '/api/v1/auth/me': {
        get: {
          operationId: 'me',
          tags: ['auth'],
          summary: 'The signed-in user',
          security: bearer,
          responses: responses({ '200': { description: 'The user', schema: User } }, authErrors),
        },
      },
      '/api/v1/auth/sessions': {
        get: {
          operationId: 'listSessions',
          tags: ['auth'],
          summary: 'The signed-in user’s live sessions',
          security: bearer,
          responses: responses({ '200': { description: 'Sessions', schema: SessionList } }, authErrors),
        },
      },
      '/api/v1/auth/sessions/{id}': {
        delete: {
          operationId: 'revokeSession',
          tags: ['auth'],
          summary: 'End one of the signed-in user’s sessions',
          security: bearer,
          requestParams: { path: z.object({ id: SessionIdParam }) },
          responses: responses(
            { '204': { description: 'Session ended' } },
            { ...authErrors, '404': 'No such session of this user' },
          ),
        },
      },
      '/health': {
        get: {
          operationId: 'health',
          tags: ['probes'],
          summary: 'The process is up',
          responses: responses({ '200': { description: 'Up', schema: Probe } }, {}),
        },
      },
      '/live': {
        get: {
          operationId: 'live',
          tags: ['probes'],
          summary: 'Liveness',
          responses: responses({ '200': { description: 'Alive', schema: Probe } }, {}),
        },
      },
      '/ready': {
        get: {
          operationId: 'ready',
          tags: ['probes'],
          summary: 'Readiness: the database answers',
          responses: {
            '200': { description: 'Ready', ...json(Probe) },
            '503': { description: 'Not ready', ...json(Probe) },
          },
        },
      },
    },
  });
}
