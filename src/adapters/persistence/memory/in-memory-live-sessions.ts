/**
 * Overview: LiveSessions for the memory profile: reads the in-memory store directly.
 * Architecture: persistence adapter (in-memory) for the application's LiveSessions port.
 * Dependencies: InMemoryDatabase, the domain's session and user rules (live, access use, last use).
 * Concepts: the store is this process's memory, so there is no separate state to keep exact.
 */
import type { LiveSessions, PresentedToken, SessionSnapshot } from '../../../application/index.js';
import { toUserView } from '../../../application/index.js';
import { isLive, isSessionLive, recordAccessUse, touchSession } from '../../../domain/index.js';
import type { InMemoryDatabase } from './in-memory-database.js';

export class InMemoryLiveSessions implements LiveSessions {
  constructor(private readonly db: InMemoryDatabase) {}

  async start(): Promise<void> {}

  async find(sessionId: string, now: Date, _token?: PresentedToken): Promise<SessionSnapshot | null> {
    const session = this.db.sessions.get(sessionId);
    if (!session) return null;
    const user = this.db.users.get(session.userId);
    return {
      sessionId,
      userId: session.userId,
      live: isSessionLive(session, now),
      user: user && isLive(user) ? toUserView(user) : null,
      lastUsedAt: session.lastUsedAt,
      refreshRotatedAt: session.refreshRotatedAt,
      generation: session.generation,
      accessUsedAt: session.accessUsedAt,
    };
  }

  async markAccessUsed(snapshot: SessionSnapshot, at: Date): Promise<void> {
    const found = this.db.sessions.get(snapshot.sessionId);
    if (found) this.db.sessions.set(found.id, recordAccessUse(found, snapshot.generation, at));
  }

  touch(snapshot: SessionSnapshot, at: Date): void {
    const found = this.db.sessions.get(snapshot.sessionId);
    if (found) this.db.sessions.set(found.id, touchSession(found, at));
  }

  status(): 'direct' {
    return 'direct';
  }

  async close(): Promise<void> {}
}
