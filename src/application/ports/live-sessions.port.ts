/**
 * Overview: the LiveSessions port: answers "is this session live, and whose is it?" for every
 *   authenticated request, and records when sessions are used.
 * Architecture: application port; adapters: PostgreSQL with per-process state kept exact by
 *   LISTEN/NOTIFY, and in-memory (reads the memory store directly).
 * Dependencies: the application's UserView.
 * Concepts: a process may answer from its own state only while it cannot have missed a change;
 *   otherwise every check goes to the store. A revoked session is never reported live.
 */
import type { UserView } from '../shared/views.js';

export const LiveSessionsToken = Symbol.for('nimbus.LiveSessions');

/** What the presented access token says about when it was issued. */
export interface PresentedToken {
  /** `iat`, seconds since the epoch. */
  readonly issuedAt: number;
  /** `gen`, when the token carries it. */
  readonly generation?: number;
}

export interface SessionSnapshot {
  readonly sessionId: string;
  readonly userId: string;
  /** Not revoked and not expired at the instant asked about. */
  readonly live: boolean;
  /** The session's user, or null when that user is deleted. */
  readonly user: UserView | null;
  readonly lastUsedAt: Date;
  /** When the refresh token was last rotated, or null before the first rotation. */
  readonly refreshRotatedAt: Date | null;
  /** How many times the refresh token has rotated (the current tokens' generation). */
  readonly generation: number;
  /** When an access token of the current refresh token was first presented, or null. */
  readonly accessUsedAt: Date | null;
}

/**
 * 'listening': answers from process state kept exact by notifications; 'reconnecting': state is
 * not trusted and every check goes to the store; 'direct': this adapter keeps no state.
 */
export type LiveSessionsStatus = 'listening' | 'reconnecting' | 'direct';

export interface LiveSessions {
  /**
   * Begins keeping process state. Resolves once state is trusted or the first attempt failed
   * (it then keeps retrying); never rejects. Idempotent.
   */
  start(): Promise<void>;
  /**
   * The session with this id as of `now`, or null when there is none, as known for the presented
   * token: state of another generation than the token's, or (for a token without one) loaded
   * before the token was issued, is not used, since a rotation may have changed it. Costs at most
   * one query. Throws ServiceUnavailableError when the store cannot be reached and state is not
   * trusted.
   */
  find(sessionId: string, now: Date, token: PresentedToken): Promise<SessionSnapshot | null>;
  /**
   * Records, before it resolves, that an access token of the snapshot's generation was presented
   * at `at`; changes nothing once recorded, or when the session has rotated since.
   */
  markAccessUsed(snapshot: SessionSnapshot, at: Date): Promise<void>;
  /**
   * Records that the session was used at `at`. Fire and forget: written off the request path,
   * possibly batched; never throws.
   */
  touch(snapshot: SessionSnapshot, at: Date): void;
  status(): LiveSessionsStatus;
  /** Writes pending last-used times and stops listening; idempotent. */
  close(): Promise<void>;
}
