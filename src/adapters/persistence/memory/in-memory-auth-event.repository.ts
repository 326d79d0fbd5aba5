/**
 * Overview: AuthEventRepository held in memory.
 * Architecture: persistence adapter (in-memory) for a domain port; shares the contract suite
 *   with the Kysely adapter.
 * Dependencies: InMemoryDatabase, node:crypto (ids), the domain's event order.
 * Concepts: the newest-first order and "after a position" are the domain's (newestFirst,
 *   isAfter); the email is the user's, else the one stored for the attempt; a throttle key maps
 *   to the one event that counts its attempts.
 */
import { randomUUID } from 'node:crypto';
import {
  isAfter,
  newestFirst,
  type AuthEvent,
  type AuthEventQuery,
  type AuthEventRepository,
  type NewAuthEvent,
} from '../../../domain/index.js';
import type { InMemoryDatabase } from './in-memory-database.js';

export class InMemoryAuthEventRepository implements AuthEventRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async record(events: readonly NewAuthEvent[]): Promise<void> {
    for (const event of events) this.insert(event);
  }

  async recordThrottled(event: NewAuthEvent, key: string): Promise<void> {
    const counting = this.db.authEvents.get(this.db.throttledEvents.get(key) ?? '');
    if (counting) this.db.authEvents.set(counting.id, { ...counting, count: counting.count + 1 });
    else this.db.throttledEvents.set(key, this.insert(event));
  }

  async list(query: AuthEventQuery): Promise<AuthEvent[]> {
    const types = query.types && query.types.length > 0 ? new Set(query.types) : null;
    return [...this.db.authEvents.values()]
      .filter(
        (e) =>
          (query.userId == null || e.userId === query.userId) &&
          (types === null || types.has(e.type)) &&
          (!query.after || isAfter(e, query.after)),
      )
      .sort(newestFirst)
      .slice(0, query.limit)
      .map((e) => this.resolved(e));
  }

  async listOccurredBefore(cutoff: Date, limit: number): Promise<AuthEvent[]> {
    return [...this.db.authEvents.values()]
      .filter((e) => e.occurredAt.getTime() < cutoff.getTime())
      .sort((a, b) => newestFirst(b, a))
      .slice(0, limit)
      .map((e) => this.resolved(e));
  }

  async deleteMany(ids: readonly string[]): Promise<number> {
    let count = 0;
    for (const id of new Set(ids)) if (this.db.authEvents.delete(id)) count++;
    for (const [key, id] of this.db.throttledEvents)
      if (!this.db.authEvents.has(id)) this.db.throttledEvents.delete(key);
    return count;
  }

  private insert(event: NewAuthEvent): string {
    const id = randomUUID();
    this.db.authEvents.set(id, { ...event, id, count: 1 });
    return id;
  }

  private resolved(e: AuthEvent): AuthEvent {
    const user = e.userId === null ? undefined : this.db.users.get(e.userId);
    return { ...e, email: user?.email ?? e.email };
  }
}
