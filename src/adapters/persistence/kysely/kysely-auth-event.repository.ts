/**
 * Overview: AuthEventRepository on PostgreSQL through Kysely.
 * Architecture: persistence adapter (Kysely) for a domain port; shares the contract suite with
 *   the in-memory adapter.
 * Dependencies: kysely, node:crypto (ids), the Database schema type.
 * Concepts: the newest-first order is (occurred_at, id) descending, and a page starts after a
 *   position with one row comparison, served by an index (overall, or per user); the email is
 *   the user's, else the one stored for the attempt (a left join on the primary key); a throttled
 *   attempt is one upsert on its unique throttle key, so racing attempts raise one row's count.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type {
  AuthEvent,
  AuthEventOutcome,
  AuthEventQuery,
  AuthEventRepository,
  AuthEventType,
  NewAuthEvent,
} from '../../../domain/index.js';
import type { Database } from './database.js';
import type { NewAuthEventRow } from './tables/auth-event.table.js';
import { isUuid } from './uuid.js';

function toRow(e: NewAuthEvent, throttleKey: string | null = null): NewAuthEventRow {
  return {
    id: randomUUID(),
    occurred_at: e.occurredAt,
    type: e.type,
    outcome: e.outcome,
    // A user or session id that is not a UUID names nothing stored: kept as null, never a 500.
    user_id: e.userId !== null && isUuid(e.userId) ? e.userId : null,
    email: e.email,
    session_id: e.sessionId !== null && isUuid(e.sessionId) ? e.sessionId : null,
    ip: e.ip,
    user_agent: e.userAgent,
    trace_id: e.traceId,
    detail: e.detail,
    throttle_key: throttleKey,
  };
}

export class KyselyAuthEventRepository implements AuthEventRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async record(events: readonly NewAuthEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db
      .insertInto('auth_events')
      .values(events.map((e) => toRow(e)))
      .execute();
  }

  async recordThrottled(event: NewAuthEvent, key: string): Promise<void> {
    await this.db
      .insertInto('auth_events')
      .values(toRow(event, key))
      .onConflict((oc) =>
        oc.column('throttle_key').doUpdateSet((eb) => ({ count: eb('auth_events.count', '+', 1) })),
      )
      .execute();
  }

  async list(query: AuthEventQuery): Promise<AuthEvent[]> {
    if (query.userId != null && !isUuid(query.userId)) return [];
    const after = query.after && isUuid(query.after.id) ? query.after : null;
    if (query.after && !after) return [];
    let select = this.selectEvents();
    if (query.userId != null) select = select.where('e.user_id', '=', query.userId);
    if (query.types && query.types.length > 0) select = select.where('e.type', 'in', [...query.types]);
    if (after)
      select = select.where(({ eb, refTuple, tuple }) =>
        eb(refTuple('e.occurred_at', 'e.id'), '<', tuple(after.occurredAt, after.id)),
      );
    const rows = await select
      .orderBy('e.occurred_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(query.limit)
      .execute();
    return rows.map(toEvent);
  }

  async listOccurredBefore(cutoff: Date, limit: number): Promise<AuthEvent[]> {
    const rows = await this.selectEvents()
      .where('e.occurred_at', '<', cutoff)
      .orderBy('e.occurred_at', 'asc')
      .orderBy('e.id', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  async deleteMany(ids: readonly string[]): Promise<number> {
    const wanted = ids.filter(isUuid);
    if (wanted.length === 0) return 0;
    const result = await this.db.deleteFrom('auth_events').where('id', 'in', wanted).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private selectEvents() {
    return this.db
      .selectFrom('auth_events as e')
      .leftJoin('users as u', 'u.id', 'e.user_id')
      .select([
        'e.id',
        'e.occurred_at',
        'e.type',
        'e.outcome',
        'e.user_id',
        sql<string | null>`coalesce(u.email, e.email)`.as('email'),
        'e.session_id',
        'e.ip',
        'e.user_agent',
        'e.trace_id',
        'e.count',
        'e.detail',
      ]);
  }
}

function toEvent(row: {
  id: string;
  occurred_at: Date;
  type: string;
  outcome: string;
  user_id: string | null;
  email: string | null;
  session_id: string | null;
  ip: string | null;
  user_agent: string | null;
  trace_id: string | null;
  count: number;
  detail: string | null;
}): AuthEvent {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    type: row.type as AuthEventType,
    outcome: row.outcome as AuthEventOutcome,
    userId: row.user_id,
    email: row.email,
    sessionId: row.session_id,
    ip: row.ip,
    userAgent: row.user_agent,
    traceId: row.trace_id,
    count: row.count,
    detail: row.detail,
  };
}
