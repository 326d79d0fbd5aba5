/**
 * Overview: RevokeSession: ends one session, the owner's own or any (operator).
 * Architecture: application use case.
 * Dependencies: UnitOfWork, Clock.
 * Concepts: another user's session is reported as not found (never "forbidden"), so ids of
 *   other users' sessions cannot be probed; revoking an ended session is not found too; the
 *   SESSION_REVOKED event (by the user, or by an operator) commits with the revocation.
 */
import { authEvent, isSessionLive, revokeSession, SessionNotFoundError } from '../../domain/index.js';
import type { Clock } from '../ports/clock.port.js';
import type { UnitOfWork } from '../ports/unit-of-work.port.js';
import { END_DETAIL, sourceOf } from '../shared/audit.js';
import type { ClientInfo } from '../shared/session-issuer.js';

export interface RevokeSessionInput extends ClientInfo {
  readonly sessionId: string;
  /** The signed-in user who asks, or null for an operator (CLI) who may revoke any session. */
  readonly ownerId: string | null;
}

export class RevokeSession {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(input: RevokeSessionInput): Promise<void> {
    await this.uow.run(async (tx) => {
      const session = await tx.sessions.findByIdForUpdate(input.sessionId);
      const now = this.clock.now();
      if (!session || !isSessionLive(session, now)) throw new SessionNotFoundError();
      if (input.ownerId !== null && session.userId !== input.ownerId) throw new SessionNotFoundError();
      await tx.sessions.update(revokeSession(session, 'revoked', now));
      const detail = input.ownerId === null ? END_DETAIL.revokedByOperator : END_DETAIL.revokedByUser;
      await tx.authEvents.record([
        authEvent('SESSION_REVOKED', now, {
          ...sourceOf(input),
          userId: session.userId,
          sessionId: session.id,
          detail,
        }),
      ]);
    });
  }
}
