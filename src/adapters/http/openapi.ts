/**
 * Overview: the OpenAPI 3.1 document of the REST API, built from the route declarations.
 * Architecture: HTTP delivery adapter (Express), served at /api/openapi.json; the documenting
 *   half of the route registry (register-routes.ts is the serving half).
 * Dependencies: zod-openapi, the route catalogue, the status table, the error schema.
 * Concepts: a path is served and documented from one declaration, so the document lists exactly
 *   the served routes; error statuses come from each route's codes through the status table.
 */
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi';
import type { z } from 'zod';
import { STATUS_BY_CODE, type ErrorCode } from './error-codes.js';
import { openApiPath, type AnyRoute, type ResponseMap } from './route.js';
import { allRoutes } from './routes/index.js';
import { ErrorEnvelope } from './schemas.js';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

const BEARER_CODES = ['UNAUTHENTICATED', 'INVALID_TOKEN', 'SESSION_REVOKED'] as const;
const BODY_CODES = ['MALFORMED_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const;

/** Every code a route may answer: its own and those its auth and validation imply. */
function errorCodes(route: AnyRoute): ErrorCode[] {
  const implied: ErrorCode[] = [
    ...(route.auth === 'bearer' ? BEARER_CODES : []),
    ...(route.params || route.query || route.body ? (['VALIDATION_ERROR'] as const) : []),
    ...(route.body ? BODY_CODES : []),
  ];
  return [...new Set([...implied, ...route.errors])];
}

function operation(route: AnyRoute): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, { description, schema }] of Object.entries(route.responses as ResponseMap)) {
    responses[status] = schema ? { description, ...json(schema) } : { description };
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodes(route)) {
    const status = STATUS_BY_CODE[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[status] = { description: `Error: ${codes.join(', ')}`, ...json(ErrorEnvelope) };
  }
  return {
    operationId: route.operationId,
    tags: [...route.tags],
    summary: route.summary,
    ...(route.auth === 'bearer' ? { security: [{ bearerAuth: [] }] } : {}),
    ...(route.params || route.query
      ? {
          requestParams: {
            ...(route.params ? { path: route.params } : {}),
            ...(route.query ? { query: route.query } : {}),
          },
        }
      : {}),
    ...(route.body ? { requestBody: { required: true, ...json(route.body) } } : {}),
    responses,
  };
}

export function buildOpenApiDocument(version: string, routes: readonly AnyRoute[] = allRoutes): object {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    if (paths[path]?.[route.method])
      throw new Error(`${route.method.toUpperCase()} ${path} is declared twice`);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
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
    paths,
  });
}
