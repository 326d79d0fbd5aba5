/**
 * Overview: the domain's expected failures, each a class with a stable literal `code`.
 * Architecture: domain layer; delivery adapters map `code` to a protocol in one table each.
 * Dependencies: none.
 * Concepts: an expected failure (bad input, wrong password) is a DomainError; a bug is a plain Error.
 */

export type DomainErrorCode =
  | 'VALIDATION_ERROR'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_TOKEN'
  | 'SESSION_REVOKED'
  | 'SESSION_LIMIT_REACHED'
  | 'SESSION_NOT_FOUND'
  | 'USER_NOT_FOUND'
  | 'FORBIDDEN'
  | 'SETUP_REQUIRED'
  | 'SETUP_ALREADY_COMPLETED'
  | 'SETUP_TOKEN_INVALID'
  | 'TOO_MANY_ATTEMPTS'
  | 'SERVICE_UNAVAILABLE';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}

/** One field of a rejected input and why it was rejected. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_ERROR' as const;
  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  }
}

export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS' as const;
  constructor() {
    super('Invalid email or password.');
  }
}

export class InvalidTokenError extends DomainError {
  readonly code = 'INVALID_TOKEN' as const;
  constructor() {
    super('The token is invalid or has expired.');
  }
}

export class SessionRevokedError extends DomainError {
  readonly code = 'SESSION_REVOKED' as const;
  constructor() {
    super('The session has ended; sign in again.');
  }
}

export class SessionLimitReachedError extends DomainError {
  readonly code = 'SESSION_LIMIT_REACHED' as const;
  constructor(readonly limit: number) {
    super(`The limit of ${limit} concurrent sessions is reached; sign out elsewhere first.`);
  }
}

export class SessionNotFoundError extends DomainError {
  readonly code = 'SESSION_NOT_FOUND' as const;
  constructor() {
    super('No such session.');
  }
}

export class UserNotFoundError extends DomainError {
  readonly code = 'USER_NOT_FOUND' as const;
  constructor() {
    super('No such user.');
  }
}

/** The caller is signed in but may not see or do this (another user's audit trail). */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
  constructor(message = 'Only an administrator may do this.') {
    super(message);
  }
}

export class SetupRequiredError extends DomainError {
  readonly code = 'SETUP_REQUIRED' as const;
  constructor() {
    super('Nimbus is not set up yet; complete the first-run setup.');
  }
}

export class SetupAlreadyCompletedError extends DomainError {
  readonly code = 'SETUP_ALREADY_COMPLETED' as const;
  constructor() {
    super('Setup has already been completed.');
  }
}

export class SetupTokenInvalidError extends DomainError {
  readonly code = 'SETUP_TOKEN_INVALID' as const;
  constructor() {
    super('A valid setup token is required to initialise Nimbus.');
  }
}

/** The budget a refused attempt spent: which one, and an opaque id of its key and current window. */
export interface SpentBudget {
  readonly scope: 'per_email_ip' | 'per_ip';
  /** The same for every attempt refused by this budget, for this client, in this window. */
  readonly window: string;
}

export class TooManyAttemptsError extends DomainError {
  readonly code = 'TOO_MANY_ATTEMPTS' as const;
  constructor(
    readonly retryAfterSeconds: number,
    /** Which budget refused the attempt, when the throttle says (the login throttle does). */
    readonly budget: SpentBudget | null = null,
  ) {
    super(`Too many attempts; try again in ${retryAfterSeconds} s.`);
  }
}

/** A dependency (database, counter store) is down; the operation did not happen and may be retried. */
export class ServiceUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE' as const;
  constructor(what = 'A required service') {
    super(`${what} is unavailable; try again shortly.`);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
