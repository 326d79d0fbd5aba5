/**
 * Overview: the port through which sessions are stored, found, updated and purged.
 * Architecture: domain-owned repository port; adapters: in-memory and Kysely.
 * Dependencies: the Session entity and its rules.
 * Concepts: "live" and "ended" are the domain's isSessionLive and sessionEndedBefore, at the
 *   instant given; "absent" is null.
 */
import type { RevokeReason, Session } from './session.js';
import type { SessionRotation } from './session-rotation.js';

export const SessionRepositoryToken = Symbol.for('nimbus.SessionRepository');

export interface SessionRepository {
  /** Stores a new session. Throws if the id already exists. */
  insert(session: Session): Promise<void>;
  /** The session with this id (live or not), or null. */
  findById(id: string): Promise<Session | null>;
  /**
   * Like findById, and takes the session's write lock until the surrounding unit of work ends,
   * so that concurrent rotations of one session run one after the other.
   */
  findByIdForUpdate(id: string): Promise<Session | null>;
  /** The user's live sessions at `now`, most recently used first. */
  listLiveByUser(userId: string, now: Date): Promise<Session[]>;
  /**
   * Spends the session's current refresh token in one atomic step, as `rotateSession` describes,
   * when `canRotate` holds for the session and its user and the rotation `staysWithinLifetime`;
   * returns the rotated session, or null when either does not (then nothing changed).
   */
  rotate(id: string, rotation: SessionRotation, now: Date): Promise<Session | null>;
  /** Overwrites a stored session with this state. No-op for an unknown id. */
  update(session: Session): Promise<void>;
  /** Records use of the session at `at`, as `touchSession` does. No-op for an unknown id. */
  touch(id: string, at: Date): Promise<void>;
  /** Revokes every live session of the user; returns the ids of those it revoked. */
  revokeAllOfUser(userId: string, reason: RevokeReason, at: Date): Promise<string[]>;
  /**
   * Revokes those of these sessions that are still live, touching nothing but their revocation
   * columns; returns the ids of those it revoked (so each end is recorded once). Idempotent.
   */
  revokeMany(ids: readonly string[], reason: RevokeReason, at: Date): Promise<string[]>;
  /**
   * Takes up to `limit` sessions that ended by expiry at `now` (`endedByExpiry`) and were not
   * taken before, marks them taken and returns them (oldest expiry first). Each such session is
   * taken exactly once, also by racing callers, so its SESSION_EXPIRED is recorded once.
   */
  takeExpired(now: Date, limit: number): Promise<Session[]>;
  /**
   * Sessions that ended before `cutoff` and are not archived yet, in the order they ended
   * (`sessionEndedAt`, then id), at most `limit`.
   */
  listEndedBefore(cutoff: Date, limit: number): Promise<Session[]>;
  /**
   * Records that these sessions were written to the archive at `at`; returns how many were not
   * marked before. Idempotent; sessions live at `at` and unknown ids are left alone.
   */
  markArchived(ids: readonly string[], at: Date): Promise<number>;
  /**
   * Deletes the archived sessions that ended before `cutoff`; returns how many went. A session
   * never archived is never deleted, so history survives an archive that keeps failing.
   */
  deleteEndedBefore(cutoff: Date): Promise<number>;
}
