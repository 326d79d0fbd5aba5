/**
 * Overview: the Session entity: one signed-in device, the server-side anchor of its tokens.
 * Architecture: domain entity; persisted through SessionRepository.
 * Dependencies: timestamps.
 * Concepts: refresh tokens rotate; the session keeps only hashes of the current one and of its
 *   immediate predecessor (spent at `refreshRotatedAt`), so a replay can be told from a race or
 *   from a retry whose reply was lost (the successor still unused, `accessUsedAt` null).
 */
import type { Timestamps } from '../shared/timestamps.js';

export type RevokeReason = 'logout' | 'revoked' | 'evicted' | 'refresh_token_reuse' | 'user_deleted';

export interface Session extends Timestamps {
  readonly id: string;
  readonly userId: string;
  readonly providerId: string;
  /** jti of the newest access token issued for this session. */
  readonly accessTokenId: string;
  /** SHA-256 of the current refresh token. */
  readonly refreshTokenHash: string;
  /** SHA-256 of the refresh token the current one replaced, or null before the first rotation. */
  readonly previousRefreshTokenHash: string | null;
  /** When the predecessor was spent (start of the grace window), or null. */
  readonly refreshRotatedAt: Date | null;
  /** `iat` of the current refresh token, so its exact bytes can be re-derived within the grace window. */
  readonly refreshIssuedAt: Date;
  /** How many times the refresh token has rotated. */
  readonly generation: number;
  /** The current refresh token's expiry; the session ends with it. */
  readonly expiresAt: Date;
  readonly lastUsedAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly revokedAt: Date | null;
  readonly revokeReason: RevokeReason | null;
  /**
   * When an access token issued for the current refresh token was first presented, or null.
   * Until then the current refresh token is unused, so its predecessor may still fetch it again
   * (a client whose refresh reply was lost); every rotation resets it.
   */
  readonly accessUsedAt: Date | null;
}

export function isSessionLive(session: Pick<Session, 'revokedAt' | 'expiresAt'>, now: Date): boolean {
  return session.revokedAt === null && session.expiresAt.getTime() > now.getTime();
}

export function revokeSession(session: Session, reason: RevokeReason, now: Date): Session {
  if (session.revokedAt !== null) return session;
  return { ...session, revokedAt: now, revokeReason: reason, updatedAt: now };
}

/** What one rotation writes: the successor's hash and times, and the new access token's id. */
export interface SessionRotation {
  /** SHA-256 of the refresh token being spent; must be the session's current one. */
  readonly presentedHash: string;
  readonly refreshTokenHash: string;
  readonly accessTokenId: string;
  readonly refreshIssuedAt: Date;
  readonly expiresAt: Date;
}

/** Whether presenting the token with this hash may rotate the session at `now`. */
export function canRotate(session: Session, presentedHash: string, now: Date): boolean {
  return isSessionLive(session, now) && session.refreshTokenHash === presentedHash;
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
