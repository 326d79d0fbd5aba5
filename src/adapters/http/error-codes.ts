/**
 * Overview: the one table from error codes (the domain's and the HTTP-only ones) to HTTP
 *   statuses, and the HTTP-only error.
 * Architecture: HTTP delivery adapter (Express).
 * Dependencies: the domain's error codes.
 * Concepts: a client's mistake is a 4xx with a stable code, an outage a 503, only a bug a 500;
 *   the error middleware answers with this table and the OpenAPI document lists each route's
 *   error statuses from it.
 */
import type { DomainErrorCode } from '../../domain/index.js';

export type HttpErrorCode =
  | 'UNAUTHENTICATED'
  | 'NOT_FOUND'
  | 'MALFORMED_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL_ERROR';

export type ErrorCode = DomainErrorCode | HttpErrorCode;

export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_ERROR: 400,
  MALFORMED_REQUEST: 400,
  INVALID_CREDENTIALS: 401,
  INVALID_TOKEN: 401,
  SESSION_REVOKED: 401,
  UNAUTHENTICATED: 401,
  SETUP_TOKEN_INVALID: 403,
  FORBIDDEN: 403,
  SESSION_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  NOT_FOUND: 404,
  SESSION_LIMIT_REACHED: 409,
  SETUP_REQUIRED: 409,
  SETUP_ALREADY_COMPLETED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/** A failure of the HTTP exchange itself (no domain meaning). */
export class HttpError extends Error {
  readonly status: number;

  constructor(
    readonly code: HttpErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS_BY_CODE[code];
  }
}
