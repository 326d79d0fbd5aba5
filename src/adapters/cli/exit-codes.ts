/**
 * Overview: the one table from error codes to CLI exit codes.
 * Architecture: CLI delivery adapter.
 * Dependencies: the domain's error codes.
 * Concepts: exit codes follow BSD sysexits where one fits, so scripts can tell a typo from an
 *   outage; 0 is success and 1 an unexpected failure.
 */
import type { DomainErrorCode } from '../../domain/index.js';

export const EXIT_OK = 0;
export const EXIT_UNEXPECTED = 1;
export const EXIT_USAGE = 64;
export const EXIT_CONFIG = 78;

export const EXIT_CODES: Readonly<Record<DomainErrorCode, number>> = {
  VALIDATION_ERROR: 65, // EX_DATAERR
  INVALID_CREDENTIALS: 77, // EX_NOPERM
  INVALID_TOKEN: 77,
  SESSION_REVOKED: 77,
  SETUP_TOKEN_INVALID: 77,
  FORBIDDEN: 77,
  USER_NOT_FOUND: 67, // EX_NOUSER
  SESSION_NOT_FOUND: 66, // EX_NOINPUT
  SETUP_REQUIRED: 70,
  SETUP_ALREADY_COMPLETED: 73, // EX_CANTCREAT
  SESSION_LIMIT_REACHED: 75, // EX_TEMPFAIL
  TOO_MANY_ATTEMPTS: 75,
  SERVICE_UNAVAILABLE: 69, // EX_UNAVAILABLE
};
