/**
 * Overview: ends every live session of a user but the caller's own, in the caller's unit of work.
 * Architecture: application helper shared by ChangePassword and SignOutOtherSessions.
 * Dependencies: the repositories of a unit of work, domain errors.
 * Concepts: the user's lock (the one logins take) is held while the sessions are read and ended,
 *   so no login can slip a session in between; a caller whose own session has ended meanwhile
 *   changes nothing (SESSION_REVOKED); the repository announces the ended sessions to every process.
 */
import { InvalidTokenError, SessionRevokedError, type RevokeReason } from '../../domain/index.js';
import type { Repositories } from '../ports/unit-of-work.port.js';

export interface Caller {
  readonly userId: string;
  /** The session the request came with: it stays. */
  readonly sessionId: string;
}

/** Returns how many sessions ended. Throws InvalidTokenError when the user is gone. */
export async function endOtherSessions(
  tx: Repositories,
  caller: Caller,
  reason: RevokeReason,
  now: Date,
): Promise<number> {
  if (!(await tx.users.lock(caller.userId))) throw new InvalidTokenError();
  const live = await tx.sessions.listLiveByUser(caller.userId, now);
  if (!live.some((s) => s.id === caller.sessionId)) throw new SessionRevokedError();
  const others = live.filter((s) => s.id !== caller.sessionId).map((s) => s.id);
  return others.length === 0 ? 0 : tx.sessions.revokeMany(others, reason, now);
}
