/**
 * Overview: ends every live session of a user but the caller's own, in the caller's unit of work.
 * Architecture: application helper shared by ChangePassword and SignOutOtherSessions.
 * Dependencies: the repositories of a unit of work, domain errors, the audit helpers.
 * Concepts: the user's lock (the one logins take) is held while the sessions are read and ended,
 *   so no login can slip a session in between; a caller whose own session has ended meanwhile
 *   changes nothing (SESSION_REVOKED); the repository announces the ended sessions to every
 *   process; each ended session gets its SESSION_REVOKED event in the same unit of work.
 */
import { InvalidTokenError, SessionRevokedError, type RevokeReason } from '../../domain/index.js';
import type { Repositories } from '../ports/unit-of-work.port.js';
import { END_DETAIL, endedSessionEvents } from './audit.js';
import type { ClientInfo } from './session-issuer.js';

export interface Caller extends ClientInfo {
  readonly userId: string;
  /** The session the request came with: it stays. */
  readonly sessionId: string;
}

const DETAIL: Readonly<Record<'signed_out_elsewhere' | 'password_changed', string>> = {
  signed_out_elsewhere: END_DETAIL.signedOutOthers,
  password_changed: END_DETAIL.passwordChanged,
};

/** Returns how many sessions ended. Throws InvalidTokenError when the user is gone. */
export async function endOtherSessions(
  tx: Repositories,
  caller: Caller,
  reason: Extract<RevokeReason, 'signed_out_elsewhere' | 'password_changed'>,
  now: Date,
): Promise<number> {
  if (!(await tx.users.lock(caller.userId))) throw new InvalidTokenError();
  const live = await tx.sessions.listLiveByUser(caller.userId, now);
  if (!live.some((s) => s.id === caller.sessionId)) throw new SessionRevokedError();
  const others = live.filter((s) => s.id !== caller.sessionId).map((s) => s.id);
  if (others.length === 0) return 0;
  const ended = await tx.sessions.revokeMany(others, reason, now);
  if (ended.length > 0)
    await tx.authEvents.record(
      endedSessionEvents('SESSION_REVOKED', caller.userId, ended, DETAIL[reason], caller, now),
    );
  return ended.length;
}
