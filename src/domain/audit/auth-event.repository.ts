/**
 * Overview: the port through which auth events are recorded, paged through and archived.
 * Architecture: domain-owned repository port; adapters: in-memory and Kysely (under one
 *   contract suite).
 * Dependencies: the AuthEvent entity.
 * Concepts: writes join the caller's unit of work (an event rolls back with the change it
 *   records); reading is keyset paging newest first on (occurredAt, id), so rows inserted while a
 *   reader pages neither repeat nor hide older ones; "absent" is [] or 0, never a throw (also for
 *   ids that are not UUIDs).
 */
import type { AuthEvent, AuthEventPosition, AuthEventType, NewAuthEvent } from './auth-event.js';

export const AuthEventRepositoryToken = Symbol.for('nimbus.AuthEventRepository');

export interface AuthEventQuery {
  /** At most this many events. */
  readonly limit: number;
  /** Only events after this position (older than it); null or absent: from the newest. */
  readonly after?: AuthEventPosition | null;
  /** Only these types; null, absent or empty: every type. */
  readonly types?: readonly AuthEventType[] | null;
  /** Only this user's events; null or absent: everyone's. */
  readonly userId?: string | null;
}

export interface AuthEventRepository {
  /** Stores these events (one statement), each with a new id and a count of 1. */
  record(events: readonly NewAuthEvent[]): Promise<void>;
  /**
   * Stores a throttled attempt under `key` (its budget and window): the first one with this key is
   * stored as `event` with a count of 1; each later one only raises that event's count by one,
   * also when they race (one event per key, however many attempts).
   */
  recordThrottled(event: NewAuthEvent, key: string): Promise<void>;
  /**
   * Events newest first ((occurredAt, id) descending) matching the query, with the email resolved
   * (the user's, else the one stored for the attempt).
   */
  list(query: AuthEventQuery): Promise<AuthEvent[]>;
  /** Events that occurred before `cutoff`, oldest first ((occurredAt, id) ascending), at most `limit`. */
  listOccurredBefore(cutoff: Date, limit: number): Promise<AuthEvent[]>;
  /** Deletes exactly these events; returns how many went. Idempotent. */
  deleteMany(ids: readonly string[]): Promise<number>;
}
