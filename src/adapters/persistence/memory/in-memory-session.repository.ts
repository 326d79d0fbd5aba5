/**
 * Overview: SessionRepository held in memory.
 * Architecture: persistence adapter (in-memory) for a domain port; shares the contract suite
 *   with the Kysely adapter.
 * Dependencies: InMemoryDatabase, the domain's session rules (it decides nothing itself).
 * Concepts: live, ended, rotation, revocation and last use are the domain's functions; only
 *   archived sessions are ever deleted; the expiry mark (like the archive mark) lives beside them.
 */
import {
  canRotate,
  endedByExpiry,
  isSessionLive,
  revokeSession,
  rotateSession,
  sessionEndedAt,
  sessionEndedBefore,
  staysWithinLifetime,
  touchSession,
  type RevokeReason,
  type Session,
  type SessionRepository,
  type SessionRotation,
} from '../../../domain/index.js';
import type { InMemoryDatabase } from './in-memory-database.js';

const byEnding = (a: Session, b: Session): number =>
  sessionEndedAt(a).getTime() - sessionEndedAt(b).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class InMemorySessionRepository implements SessionRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async insert(session: Session): Promise<void> {
    if (this.db.sessions.has(session.id)) throw new Error(`duplicate session id ${session.id}`);
    this.db.sessions.set(session.id, { ...session });
  }

  async findById(id: string): Promise<Session | null> {
    const found = this.db.sessions.get(id);
    return found ? { ...found } : null;
  }

  findByIdForUpdate(id: string): Promise<Session | null> {
    return this.findById(id);
  }

  async listLiveByUser(userId: string, now: Date): Promise<Session[]> {
    return [...this.db.sessions.values()]
      .filter((s) => s.userId === userId && isSessionLive(s, now))
      .sort(
        (a, b) =>
          b.lastUsedAt.getTime() - a.lastUsedAt.getTime() || b.createdAt.getTime() - a.createdAt.getTime(),
      )
      .map((s) => ({ ...s }));
  }

  async rotate(id: string, rotation: SessionRotation, now: Date): Promise<Session | null> {
    const found = this.db.sessions.get(id);
    if (!found) return null;
    const owner = this.db.users.get(found.userId) ?? null;
    if (!canRotate(found, owner, rotation.presentedHash, now) || !staysWithinLifetime(found, rotation))
      return null;
    const rotated = rotateSession(found, rotation, now);
    this.db.sessions.set(id, rotated);
    return { ...rotated };
  }

  async revokeMany(ids: readonly string[], reason: RevokeReason, at: Date): Promise<string[]> {
    const revoked: string[] = [];
    for (const id of new Set(ids)) {
      const found = this.db.sessions.get(id);
      if (found && isSessionLive(found, at)) {
        this.db.sessions.set(id, revokeSession(found, reason, at));
        revoked.push(id);
      }
    }
    return revoked;
  }

  async update(session: Session): Promise<void> {
    const found = this.db.sessions.get(session.id);
    if (found) this.db.sessions.set(session.id, { ...session, createdAt: found.createdAt });
  }

  async touch(id: string, at: Date): Promise<void> {
    const found = this.db.sessions.get(id);
    if (found) this.db.sessions.set(id, touchSession(found, at));
  }

  async revokeAllOfUser(userId: string, reason: RevokeReason, at: Date): Promise<string[]> {
    const revoked: string[] = [];
    for (const s of this.db.sessions.values()) {
      if (s.userId === userId && isSessionLive(s, at)) {
        this.db.sessions.set(s.id, revokeSession(s, reason, at));
        revoked.push(s.id);
      }
    }
    return revoked;
  }

  async takeExpired(now: Date, limit: number): Promise<Session[]> {
    const taken = [...this.db.sessions.values()]
      .filter((s) => endedByExpiry(s, now) && !this.db.expiryRecorded.has(s.id))
      .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())
      .slice(0, limit);
    for (const s of taken) this.db.expiryRecorded.set(s.id, now);
    return taken.map((s) => ({ ...s }));
  }

  async listEndedBefore(cutoff: Date, limit: number): Promise<Session[]> {
    return [...this.db.sessions.values()]
      .filter((s) => sessionEndedBefore(s, cutoff) && !this.db.archivedSessions.has(s.id))
      .sort(byEnding)
      .slice(0, limit)
      .map((s) => ({ ...s }));
  }

  async markArchived(ids: readonly string[], at: Date): Promise<number> {
    let count = 0;
    for (const id of new Set(ids)) {
      const found = this.db.sessions.get(id);
      if (found && !isSessionLive(found, at) && !this.db.archivedSessions.has(id)) {
        this.db.archivedSessions.set(id, at);
        count++;
      }
    }
    return count;
  }

  async deleteEndedBefore(cutoff: Date): Promise<number> {
    let count = 0;
    for (const s of [...this.db.sessions.values()]) {
      if (sessionEndedBefore(s, cutoff) && this.db.archivedSessions.has(s.id)) {
        this.db.sessions.delete(s.id);
        this.db.archivedSessions.delete(s.id);
        this.db.expiryRecorded.delete(s.id);
        count++;
      }
    }
    return count;
  }
}
