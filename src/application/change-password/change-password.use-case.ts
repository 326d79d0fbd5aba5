/**
 * Overview: ChangePassword: the signed-in user replaces their password, proving the current one;
 *   every other session of theirs ends, the caller's stays.
 * Architecture: application use case; runs after GetCurrentUser has authenticated the caller.
 * Dependencies: UnitOfWork, Repositories, PasswordHasher, LoginThrottle, Clock, endOtherSessions.
 * Concepts: the new password obeys the same rule as at setup (checkPassword); a guess at the
 *   current password is a login attempt (same throttle, same email+IP key, counted before the
 *   check); the hash is swapped only if it is still the one verified, so two parallel changes
 *   with one current password cannot both win. PASSWORD_CHANGED (and a SESSION_REVOKED per ended
 *   session) commit with the change; a refusal is recorded on its own (PASSWORD_CHANGED with
 *   outcome FAILURE, or LOGIN_THROTTLED: the throttle is the login's).
 */
import {
  authEvent,
  checkPassword,
  InvalidCredentialsError,
  InvalidTokenError,
  TooManyAttemptsError,
  ValidationError,
  type FieldIssue,
} from '../../domain/index.js';
import type { Clock } from '../ports/clock.port.js';
import type { LoginThrottle } from '../ports/login-throttle.port.js';
import type { PasswordHasher } from '../ports/password-hasher.port.js';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.port.js';
import { recordThrottled, sourceOf } from '../shared/audit.js';
import { endOtherSessions, type Caller } from '../shared/end-other-sessions.js';

export interface ChangePasswordInput extends Caller {
  readonly currentPassword: string;
  readonly newPassword: string;
  /** The client address, for the login throttle's email+IP key (and the auth events). */
  readonly ip: string | null;
}

export interface ChangePasswordOutput {
  /** How many other sessions ended. */
  readonly endedSessions: number;
}

export class ChangePassword {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repos: Repositories,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
  ) {}

  async execute(input: ChangePasswordInput): Promise<ChangePasswordOutput> {
    checkFields(input);
    const user = await this.repos.users.findById(input.userId);
    if (!user) throw new InvalidTokenError();

    const attempt = { email: user.email, ip: input.ip };
    await this.throttle.consume(attempt).catch(async (error: unknown) => {
      if (error instanceof TooManyAttemptsError)
        await recordThrottled(this.repos, error, user.email, user, input, this.clock.now());
      throw error;
    });
    if (!(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
      return this.refuse(input);
    }
    await this.throttle.reset(attempt);

    const newHash = await this.hasher.hash(input.newPassword);
    const endedSessions = await this.uow
      .run(async (tx) => {
        const now = this.clock.now();
        const ended = await endOtherSessions(tx, input, 'password_changed', now);
        // Under the user's lock: the hash must still be the one the current password matched.
        const locked = await tx.users.findById(user.id);
        if (locked?.passwordHash !== user.passwordHash) throw new InvalidCredentialsError();
        await tx.users.updatePasswordHash(user.id, newHash, now);
        await tx.authEvents.record([this.event(input, now)]);
        return ended;
      })
      .catch((error: unknown) =>
        error instanceof InvalidCredentialsError ? this.refuse(input) : Promise.reject(error),
      );
    return { endedSessions };
  }

  /** Records the refused change (wrong current password) on its own, then throws. */
  private async refuse(input: ChangePasswordInput): Promise<never> {
    await this.repos.authEvents.record([this.event(input, this.clock.now(), 'FAILURE')]);
    throw new InvalidCredentialsError();
  }

  private event(input: ChangePasswordInput, at: Date, outcome: 'SUCCESS' | 'FAILURE' = 'SUCCESS') {
    return authEvent('PASSWORD_CHANGED', at, {
      ...sourceOf(input),
      outcome,
      userId: input.userId,
      sessionId: input.sessionId,
      detail: outcome === 'FAILURE' ? 'invalid_credentials' : null,
    });
  }
}

/** Both fields at once, so a form can show every problem in one answer. */
function checkFields(input: ChangePasswordInput): void {
  const issues: FieldIssue[] = [];
  for (const [field, value] of [
    ['currentPassword', input.currentPassword],
    ['newPassword', input.newPassword],
  ] as const) {
    try {
      checkPassword(value, field);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
