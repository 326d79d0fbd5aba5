/**
 * Overview: the one table from error codes to HTTP statuses, and the HTTP-only errors.
 * Architecture: HTTP delivery adapter (Express).
 * Dependencies: the domain's error codes.
 * Concepts: a client's mistake is a 4xx with a stable code, an outage a 503, only a bug a 500.
 */
import type { DomainErrorCode } from '../../domain/index.js';

export const STATUS_BY_CODE: Readonly<Record<DomainErrorCode, number>> = {
  VALIDATION_ERROR: 400,
  INVALID_CREDENTIALS: 401,
  INVALID_TOKEN: 401,
  SESSION_REVOKED: 401,
  SETUP_TOKEN_INVALID: 403,
  SESSION_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  SESSION_LIMIT_REACHED: 409,
  SETUP_REQUIRED: 409,
  SETUP_ALREADY_COMPLETED: 409,
  TOO_MANY_ATTEMPTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

export type HttpErrorCode =
  | 'UNAUTHENTICATED'
  | 'NOT_FOUND'
  | 'MALFORMED_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL_ERROR';

/** A failure of the HTTP exchange itself (no domain meaning). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
  ) {
    super(message);
  }
}
