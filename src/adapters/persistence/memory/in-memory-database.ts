/**
 * Overview: the state behind the in-memory repositories.
 * Architecture: persistence adapter (in-memory twin of the Kysely adapter) for unit tests and
 *   the `memory` profile.
 * Dependencies: the domain entities.
 * Concepts: plain maps plus the singleton configuration; snapshot/restore serve rollback (of the
 *   auth events too).
 */
import {
  ISOLATION_STRATEGY,
  type AuthEvent,
  type Provider,
  type Session,
  type SystemConfig,
  type User,
} from '../../../domain/index.js';

export class InMemoryDatabase {
  providers = new Map<string, Provider>();
  users = new Map<string, User>();
  sessions = new Map<string, Session>();
  /** When each archived session was archived (the archive mark lives beside the entity). */
  archivedSessions = new Map<string, Date>();
  /** When each expired session's expiry was recorded (taken by takeExpired). */
  expiryRecorded = new Map<string, Date>();
  authEvents = new Map<string, AuthEvent>();
  /** Throttle key → the id of the event that counts its attempts. */
  throttledEvents = new Map<string, string>();
  systemConfig: SystemConfig;

  constructor(now: Date = new Date()) {
    this.systemConfig = {
      setupCompletedAt: null,
      providerId: null,
      organizationName: null,
      isolationStrategy: ISOLATION_STRATEGY,
      setupTokenHash: null,
      setupTokenExpiresAt: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  snapshot(): InMemoryDatabase {
    return structuredClone(this);
  }

  restore(from: InMemoryDatabase): void {
    this.providers = from.providers;
    this.users = from.users;
    this.sessions = from.sessions;
    this.archivedSessions = from.archivedSessions;
    this.expiryRecorded = from.expiryRecorded;
    this.authEvents = from.authEvents;
    this.throttledEvents = from.throttledEvents;
    this.systemConfig = from.systemConfig;
  }
}
