/**
 * Overview: the Session entity and its life: opening, when it ends, revoking, last use.
 * Architecture: domain entity; persisted through SessionRepository, whose SQL adapter mirrors the
 *   "live" and "ended" rules below in named fragments (kysely-session.repository.ts).
 * Dependencies: timestamps, the User entity's liveness.
 * Concepts: a session ends at the earlier of its revocation and its expiry; it is live while it
 *   is neither revoked (whenever that was) nor expired; it is usable while it is live and its user
 *   is live (not soft-deleted). Refresh tokens rotate (session-rotation.ts) and slide the expiry,
 *   never past the absolute end (opening + the maximum lifetime).
 */
import type { Timestamps } from '../shared/timestamps.js';
import { isLive, type User } from '../user/user.js';

export type RevokeReason =
  | 'logout'
  | 'revoked'
  | 'evicted'
  | 'refresh_token_reuse'
  | 'user_deleted'
  | 'password_changed'
  | 'signed_out_elsewhere'
  | 'password_reset';

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

type EndFields = Pick<Session, 'revokedAt' | 'expiresAt'>;

/** When the session ended, or will end if nothing revokes it: the earlier of revocation and expiry. */
export function sessionEndedAt(session: EndFields): Date {
  const revoked = session.revokedAt?.getTime() ?? Infinity;
  return new Date(Math.min(revoked, session.expiresAt.getTime()));
}

/** Live at `now`: never revoked (a revocation counts whatever its time) and expiring after `now`. */
export function isSessionLive(session: EndFields, now: Date): boolean {
  return session.revokedAt === null && session.expiresAt.getTime() > now.getTime();
}

/** Ended by reaching its expiry (the refresh term or the absolute end), never revoked, at `now`. */
export function endedByExpiry(session: EndFields, now: Date): boolean {
  return session.revokedAt === null && session.expiresAt.getTime() <= now.getTime();
}

/** Ended strictly before `cutoff` (expired or revoked before it): old enough to archive or delete. */
export function sessionEndedBefore(session: EndFields, cutoff: Date): boolean {
  return sessionEndedAt(session).getTime() < cutoff.getTime();
}

/** Live at `now` and owned by a live user (null: the user is gone or unknown). */
export function isSessionUsable(
  session: EndFields,
  owner: Pick<User, 'deletedAt'> | null,
  now: Date,
): boolean {
  return isSessionLive(session, now) && owner !== null && isLive(owner);
}

/** The session revoked at `now` for this reason; a revoked session keeps its first revocation. */
export function revokeSession(session: Session, reason: RevokeReason, now: Date): Session {
  if (session.revokedAt !== null) return session;
  return { ...session, revokedAt: now, revokeReason: reason, updatedAt: now };
}

/** The session used at `at`: the last-used time only ever moves forward. */
export function touchSession(session: Session, at: Date): Session {
  return session.lastUsedAt.getTime() < at.getTime() ? { ...session, lastUsedAt: at } : session;
}

/** The times of one refresh token, and so of the session it keeps alive. */
export interface SessionTerm {
  /** Whole seconds, so a token's `iat` re-derives it exactly. */
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/** The latest a session may end however often it refreshes: its opening plus the maximum lifetime. */
export function sessionAbsoluteEnd(session: Pick<Session, 'createdAt'>, maxLifetimeSeconds: number): Date {
  return new Date(session.createdAt.getTime() + maxLifetimeSeconds * 1000);
}

/**
 * The term of a refresh token issued at `now`: opening and every rotation slide the expiry one
 * refresh lifetime on, but never past the session's absolute end when it is given.
 */
export function sessionTerm(now: Date, refreshTokenTtlSeconds: number, absoluteEnd?: Date): SessionTerm {
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const slid = issuedAt.getTime() + refreshTokenTtlSeconds * 1000;
  return { issuedAt, expiresAt: new Date(Math.min(slid, absoluteEnd?.getTime() ?? Infinity)) };
}

const MAX_USER_AGENT_LENGTH = 512;

export interface NewSession {
  readonly id: string;
  readonly owner: Pick<User, 'id' | 'providerId'>;
  /** jti of the first access token. */
  readonly accessTokenId: string;
  /** SHA-256 of the first refresh token, issued for `term`. */
  readonly refreshTokenHash: string;
  readonly term: SessionTerm;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

/** A session opened at `now`: generation 0, no predecessor, ending with its first refresh token. */
export function openSession(input: NewSession, now: Date): Session {
  return {
    id: input.id,
    userId: input.owner.id,
    providerId: input.owner.providerId,
    accessTokenId: input.accessTokenId,
    refreshTokenHash: input.refreshTokenHash,
    previousRefreshTokenHash: null,
    refreshRotatedAt: null,
    refreshIssuedAt: input.term.issuedAt,
    generation: 0,
    expiresAt: input.term.expiresAt,
    lastUsedAt: now,
    ip: input.ip ?? null,
    userAgent: input.userAgent ? input.userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null,
    revokedAt: null,
    revokeReason: null,
    accessUsedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}
