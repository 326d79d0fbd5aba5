/**
 * Overview: ResetPassword: an operator sets a user's password and ends all of that user's sessions.
 * Architecture: application use case (operator action: the CLI; no current password asked).
 * Dependencies: UnitOfWork, PasswordHasher, Clock.
 * Concepts: the way back in when the only admin forgets the password (Keycloak's
 *   `bootstrap-admin`); the password rule is the domain's checkPassword; the new hash, the
 *   revocations and their auth events (PASSWORD_RESET, a SESSION_REVOKED per ended session) commit
 *   together, under the user's lock, so no session outlives the reset.
 */
import { authEvent, checkPassword, normalizeEmail, UserNotFoundError } from '../../domain/index.js';
import type { Clock } from '../ports/clock.port.js';
import type { PasswordHasher } from '../ports/password-hasher.port.js';
import type { UnitOfWork } from '../ports/unit-of-work.port.js';
import { END_DETAIL, endedSessionEvents } from '../shared/audit.js';

export interface ResetPasswordInput {
  readonly email: string;
  readonly newPassword: string;
}

/** What the reset did, without any secret: for the operator's confirmation and its record. */
export interface PasswordReset {
  readonly userId: string;
  readonly email: string;
  readonly sessionsRevoked: number;
  readonly at: Date;
}

export class ResetPassword {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /** Throws ValidationError for an empty or overlong password, UserNotFoundError for an unknown email. */
  async execute(input: ResetPasswordInput): Promise<PasswordReset> {
    checkPassword(input.newPassword, 'newPassword');
    const email = normalizeEmail(input.email);
    // Hashed before the unit of work, so that no lock waits on the slow hash.
    const passwordHash = await this.hasher.hash(input.newPassword);
    return this.uow.run(async (tx) => {
      const user = await tx.users.findByEmail(email);
      // The user's lock serialises the reset with logins opening sessions for this user.
      if (!user || !(await tx.users.lock(user.id))) throw new UserNotFoundError();
      const at = this.clock.now();
      await tx.users.updatePasswordHash(user.id, passwordHash, at);
      const ended = await tx.sessions.revokeAllOfUser(user.id, 'password_reset', at);
      // An operator at the server: no client address, device or trace id.
      await tx.authEvents.record([
        ...endedSessionEvents('SESSION_REVOKED', user.id, ended, END_DETAIL.passwordReset, {}, at),
        authEvent('PASSWORD_RESET', at, { userId: user.id }),
      ]);
      return { userId: user.id, email: user.email, sessionsRevoked: ended.length, at };
    });
  }
}
