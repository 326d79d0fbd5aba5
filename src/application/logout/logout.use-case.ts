/**
 * Overview: Logout: ends the caller's own session.
 * Architecture: application use case; runs after GetCurrentUser has authenticated the caller.
 * Dependencies: UnitOfWork, Clock.
 * Concepts: a revoked session stops its access token at once and its refresh token for good; the
 *   LOGOUT event commits with the revocation.
 */
import { authEvent, revokeSession, SessionRevokedError } from '../../domain/index.js';
import type { Clock } from '../ports/clock.port.js';
import type { UnitOfWork } from '../ports/unit-of-work.port.js';
import { sourceOf } from '../shared/audit.js';
import type { ClientInfo } from '../shared/session-issuer.js';

export interface LogoutInput extends ClientInfo {
  readonly sessionId: string;
}

export class Logout {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(input: LogoutInput): Promise<void> {
    await this.uow.run(async (tx) => {
      const session = await tx.sessions.findByIdForUpdate(input.sessionId);
      if (!session || session.revokedAt !== null) throw new SessionRevokedError();
      const now = this.clock.now();
      await tx.sessions.update(revokeSession(session, 'logout', now));
      await tx.authEvents.record([
        authEvent('LOGOUT', now, { ...sourceOf(input), userId: session.userId, sessionId: session.id }),
      ]);
    });
  }
}
