/**
 * Overview: the port through which sessions are stored, found, updated and purged.
 * Architecture: domain-owned repository port; adapters: in-memory and Kysely.
 * Dependencies: the Session entity.
 * Concepts: "live" = not revoked and not expired at the given instant; "absent" is null.
 */
import type { Session } from './session.js';

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
  /** Overwrites a stored session with this state. No-op for an unknown id. */
  update(session: Session): Promise<void>;
  /** Records use of the session at `at` (last-used time). No-op for an unknown id. */
  touch(id: string, at: Date): Promise<void>;
  /** Revokes every live session of the user; returns how many were revoked. */
  revokeAllOfUser(userId: string, reason: Session['revokeReason'] & string, at: Date): Promise<number>;
  /**
   * Sessions that expired or were revoked before `cutoff`, in the order they ended (the earlier
   * of revokedAt and expiresAt, then id), at most `limit`. Used to archive before purging.
   */
  listEndedBefore(cutoff: Date, limit: number): Promise<Session[]>;
  /** Deletes the sessions with these ids that ended before `cutoff`; returns how many went. */
  deleteEndedBefore(cutoff: Date, ids?: readonly string[]): Promise<number>;
}
