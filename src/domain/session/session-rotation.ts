/**
 * Overview: how a session's refresh token rotates, when its predecessor may fetch the successor
 *   again (the grace window), and what any other presented token means.
 * Architecture: domain rules, pure; RefreshSession and SessionIssuer apply them, the in-memory
 *   repository calls them and the SQL rotation mirrors canRotate + staysWithinLifetime + rotateSession.
 * Dependencies: the Session entity and its life rules, the User entity.
 * Concepts: rotation spends the current refresh token for a successor and slides the expiry,
 *   never past the session's absolute end;
 *   the immediate predecessor may fetch that successor within the grace window, or later while the
 *   successor is unused (`accessUsedAt` null) for as long as an access token lives; any other
 *   spent token is a replay (RFC 9700 §4.14).
 */
import type { User } from '../user/user.js';
import { isSessionLive, isSessionUsable, sessionAbsoluteEnd, type Session } from './session.js';

/** What one rotation writes: the successor's hash and term (see sessionTerm), and the new access token's id. */
export interface SessionRotation {
  /** SHA-256 of the refresh token being spent; must be the session's current one. */
  readonly presentedHash: string;
  readonly refreshTokenHash: string;
  readonly accessTokenId: string;
  readonly refreshIssuedAt: Date;
  readonly expiresAt: Date;
  /** The session's maximum lifetime: a rotation never slides it past its absolute end. */
  readonly maxLifetimeSeconds: number;
}

/** Whether presenting the token with this hash may rotate the session at `now`. */
export function canRotate(
  session: Session,
  owner: Pick<User, 'deletedAt'> | null,
  presentedHash: string,
  now: Date,
): boolean {
  return isSessionUsable(session, owner, now) && session.refreshTokenHash === presentedHash;
}

/**
 * Whether the rotation keeps the session within its absolute end (sessionAbsoluteEnd). When it
 * does not, the rotation is refused and the caller retries with a term capped at that end.
 */
export function staysWithinLifetime(
  session: Pick<Session, 'createdAt'>,
  rotation: Pick<SessionRotation, 'expiresAt' | 'maxLifetimeSeconds'>,
): boolean {
  return rotation.expiresAt.getTime() <= sessionAbsoluteEnd(session, rotation.maxLifetimeSeconds).getTime();
}

/** The session after its current refresh token is spent for a successor at `now`. */
export function rotateSession(session: Session, rotation: SessionRotation, now: Date): Session {
  return {
    ...session,
    accessTokenId: rotation.accessTokenId,
    refreshTokenHash: rotation.refreshTokenHash,
    previousRefreshTokenHash: rotation.presentedHash,
    refreshRotatedAt: now,
    refreshIssuedAt: rotation.refreshIssuedAt,
    generation: session.generation + 1,
    expiresAt: rotation.expiresAt,
    lastUsedAt: now,
    accessUsedAt: null,
    updatedAt: now,
  };
}

/** How long after a rotation its predecessor may still fetch the successor. */
export interface ReissueWindow {
  /** Always, within this many seconds (parallel refreshes from one client). */
  readonly graceSeconds: number;
  /** While the successor is unused, within this many seconds (a lost reply's retry). */
  readonly unusedSeconds: number;
}

/** The window under these lifetimes: a lost reply is retried long before its access token expires. */
export function reissueWindow(lifetimes: {
  readonly refreshGraceSeconds: number;
  readonly accessTokenTtlSeconds: number;
}): ReissueWindow {
  return { graceSeconds: lifetimes.refreshGraceSeconds, unusedSeconds: lifetimes.accessTokenTtlSeconds };
}

/**
 * Whether the token with this hash is the immediate predecessor of the current refresh token
 * and may fetch that successor again: within the grace window, or later while the successor is
 * unused (its reply was lost) and the retry window lasts. Anything else spent is a replay.
 */
export function mayReissueSuccessor(
  session: Session,
  presentedHash: string,
  window: ReissueWindow,
  now: Date,
): boolean {
  if (!isSessionLive(session, now)) return false;
  if (session.previousRefreshTokenHash === null || presentedHash !== session.previousRefreshTokenHash)
    return false;
  const rotatedAt = session.refreshRotatedAt;
  if (rotatedAt === null) return false;
  const since = now.getTime() - rotatedAt.getTime();
  if (since <= window.graceSeconds * 1000) return true;
  return session.accessUsedAt === null && since <= window.unusedSeconds * 1000;
}

/** The session after its successor was handed out again with a new access token at `now`. */
export function reissueAccess(session: Session, accessTokenId: string, now: Date): Session {
  return { ...session, accessTokenId, lastUsedAt: now, updatedAt: now };
}

/**
 * What presenting a refresh token that did not rotate at once means, for the session read under
 * its lock and its user (null when deleted; not needed unless the session is live):
 * `revoked` and `expired` end nothing more; `owner-deleted` and `replay` revoke the session;
 * `current` may rotate, `predecessor` may fetch the successor again.
 */
export type PresentedRefresh = 'revoked' | 'expired' | 'owner-deleted' | 'current' | 'predecessor' | 'replay';

export function judgePresentedRefresh(
  session: Session,
  owner: Pick<User, 'deletedAt'> | null,
  presentedHash: string,
  window: ReissueWindow,
  now: Date,
): PresentedRefresh {
  if (session.revokedAt !== null) return 'revoked';
  if (!isSessionLive(session, now)) return 'expired';
  if (!isSessionUsable(session, owner, now)) return 'owner-deleted';
  if (canRotate(session, owner, presentedHash, now)) return 'current';
  if (mayReissueSuccessor(session, presentedHash, window, now)) return 'predecessor';
  return 'replay';
}

/**
 * The session once an access token of `generation` was presented at `at`: the first use of the
 * current tokens is recorded once, and ends their predecessor's retry (see mayReissueSuccessor);
 * a token of an older generation records nothing.
 */
export function recordAccessUse(session: Session, generation: number, at: Date): Session {
  if (session.accessUsedAt !== null || session.generation !== generation) return session;
  return { ...session, accessUsedAt: at };
}

/**
 * Whether an access token issued at `issuedAtSeconds` belongs to the current refresh token (was
 * issued at or after the last rotation), so that presenting it uses that refresh token's pair.
 */
export function isCurrentAccessToken(
  session: Pick<Session, 'refreshRotatedAt'>,
  issuedAtSeconds: number,
): boolean {
  const rotatedAt = session.refreshRotatedAt;
  return rotatedAt !== null && issuedAtSeconds >= Math.floor(rotatedAt.getTime() / 1000);
}
