/**
 * Overview: Logout: ends the caller's own session.
 * Architecture: application use case; runs after GetCurrentUser has authenticated the caller.
 * Dependencies: UnitOfWork, Clock.
 * Concepts: a revoked session stops its access token at once and its refresh token for good.
 */
import { revokeSession, SessionRevokedError } from '../../domain/index.js';
import type { Clock } from '../ports/clock.port.js';
import type { UnitOfWork } from '../ports/unit-of-work.port.js';

export class Logout {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(input: { readonly sessionId: string }): Promise<void> {
    await this.uow.run(async (tx) => {
      const session = await tx.sessions.findByIdForUpdate(input.sessionId);
      if (!session || session.revokedAt !== null) throw new SessionRevokedError();
      await tx.sessions.update(revokeSession(session, 'logout', this.clock.now()));
    });
  }
}
