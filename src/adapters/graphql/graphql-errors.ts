/**
 * Overview: the one table from error codes to GraphQL `extensions.code`, and the formatter that
 *   applies it to every error of a response, masking anything unexpected.
 * Architecture: GraphQL delivery adapter.
 * Dependencies: graphql, the domain's errors.
 * Concepts: an expected failure (DomainError, missing credentials) reaches the client with its
 *   code and plain message; a bug leaves as INTERNAL_SERVER_ERROR with a generic message and
 *   goes to the log. Request and validation errors (no `path`) are the client's and pass as-is.
 */
import { GraphQLError } from 'graphql';
import {
  isDomainError,
  TooManyAttemptsError,
  ValidationError,
  type DomainErrorCode,
} from '../../domain/index.js';

/** No credentials at all: raised by the adapter before any use case runs. */
export class AuthenticationRequiredError extends Error {
  readonly code = 'AUTHENTICATION_REQUIRED' as const;
  constructor() {
    super('Sign in first: send Authorization: Bearer <access token>.');
  }
}

export type ClientErrorCode = DomainErrorCode | AuthenticationRequiredError['code'];

export const GRAPHQL_CODES: Readonly<Record<ClientErrorCode, string>> = {
  AUTHENTICATION_REQUIRED: 'UNAUTHENTICATED',
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  INVALID_TOKEN: 'INVALID_TOKEN',
  SESSION_REVOKED: 'SESSION_REVOKED',
  SESSION_LIMIT_REACHED: 'SESSION_LIMIT_REACHED',
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  SETUP_REQUIRED: 'SETUP_REQUIRED',
  SETUP_ALREADY_COMPLETED: 'SETUP_ALREADY_COMPLETED',
  SETUP_TOKEN_INVALID: 'SETUP_TOKEN_INVALID',
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

export const INTERNAL_CODE = 'INTERNAL_SERVER_ERROR';
const INTERNAL_MESSAGE = 'Internal server error.';

export interface ErrorLogger {
  error(obj: object, msg: string): void;
}

function detailsOf(error: Error): Record<string, unknown> {
  if (error instanceof ValidationError) return { issues: error.issues };
  if (error instanceof TooManyAttemptsError) return { retryAfterSeconds: error.retryAfterSeconds };
  return {};
}

/** graphql-http's `formatError`: called for every error of every response. */
export function graphqlErrorFormatter(
  logger?: ErrorLogger,
): (error: Readonly<GraphQLError | Error>) => Error {
  return (error) => {
    // Without a path the error did not come from a resolver: a malformed request, a syntax or
    // validation error, a bad variable. Their messages are written for the client.
    if (!(error instanceof GraphQLError) || error.path === undefined) return error as Error;
    const original = error.originalError;
    const where = { nodes: error.nodes, path: error.path };
    if (isDomainError(original) || original instanceof AuthenticationRequiredError) {
      return new GraphQLError(original.message, {
        ...where,
        extensions: { code: GRAPHQL_CODES[original.code], ...detailsOf(original) },
      });
    }
    logger?.error({ err: original ?? error, path: error.path.join('.') }, 'graphql resolver failed');
    return new GraphQLError(INTERNAL_MESSAGE, { ...where, extensions: { code: INTERNAL_CODE } });
  };
}
