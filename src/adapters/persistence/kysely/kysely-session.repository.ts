/**
 * Overview: SessionRepository on PostgreSQL through Kysely.
 * Architecture: persistence adapter (Kysely) for a domain port.
 * Dependencies: kysely, the Database schema type, the domain's session rules (mirrored in SQL).
 * Concepts: the domain's rules exist here once each, as named SQL fragments at the end of this
 *   file (liveSession, liveOwner, staysWithinLifetime, sessionEndedBefore, sessionEndedAt), under the same contract
 *   suite as the in-memory adapter that calls the TypeScript ones;
 *   rotate is one conditional UPDATE (a concurrent one re-checks the token after the row lock);
 *   findByIdForUpdate holds that lock for the rare paths (re-issue, reuse); every statement
 *   that ends sessions also sends their ids on the session channel (see session-changes.ts) and
 *   returns them; only archived sessions (archived_at set) are ever deleted; takeExpired marks
 *   expired sessions (expiry_recorded_at) in one UPDATE that skips rows another taker holds; the
 *   statements of sign-in and refresh (insert, live list, rotate, ending sessions) are prepared
 *   (database.ts), so they name their columns and take id lists as one array.
 */
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
  type UpdateObject,
} from 'kysely';
import type { RevokeReason, Session, SessionRepository, SessionRotation } from '../../../domain/index.js';
import { PREPARED, type Database } from './database.js';
import {
  IDS_PER_NOTIFICATION,
  IGNORE_CHANGES,
  SESSION_CHANNEL,
  type SessionChangeSink,
} from './session-changes.js';
import { isUuid } from './uuid.js';
import type { NewSessionRow, SessionRow } from './tables/session.table.js';

/** Every column a Session is read from, named (a prepared statement must not return `*`). */
const SESSION_COLUMNS = [
  'id',
  'user_id',
  'provider_id',
  'access_token_id',
  'refresh_token_hash',
  'previous_refresh_token_hash',
  'refresh_rotated_at',
  'refresh_issued_at',
  'generation',
  'expires_at',
  'last_used_at',
  'ip',
  'user_agent',
  'revoked_at',
  'revoke_reason',
  'access_used_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof SessionRow)[];

function toSession(row: Pick<SessionRow, (typeof SESSION_COLUMNS)[number]>): Session {
  return {
    id: row.id,
    userId: row.user_id,
    providerId: row.provider_id,
    accessTokenId: row.access_token_id,
    refreshTokenHash: row.refresh_token_hash,
    previousRefreshTokenHash: row.previous_refresh_token_hash,
    refreshRotatedAt: row.refresh_rotated_at,
    refreshIssuedAt: row.refresh_issued_at,
    generation: row.generation,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    ip: row.ip,
    userAgent: row.user_agent,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason as RevokeReason | null,
    accessUsedAt: row.access_used_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(s: Session): NewSessionRow {
  return {
    id: s.id,
    user_id: s.userId,
    provider_id: s.providerId,
    access_token_id: s.accessTokenId,
    refresh_token_hash: s.refreshTokenHash,
    previous_refresh_token_hash: s.previousRefreshTokenHash,
    refresh_rotated_at: s.refreshRotatedAt,
    refresh_issued_at: s.refreshIssuedAt,
    generation: s.generation,
    expires_at: s.expiresAt,
    last_used_at: s.lastUsedAt,
    ip: s.ip,
    user_agent: s.userAgent,
    revoked_at: s.revokedAt,
    revoke_reason: s.revokeReason,
    access_used_at: s.accessUsedAt,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

export class KyselySessionRepository implements SessionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: SessionChangeSink = IGNORE_CHANGES,
  ) {}

  async insert(session: Session): Promise<void> {
    await this.db.insertInto('sessions').values(toRow(session)).modifyEnd(PREPARED).execute();
  }

  async findById(id: string): Promise<Session | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSession(row) : null;
  }

  async findByIdForUpdate(id: string): Promise<Session | null> {
    if (!isUuid(id)) return null;
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? toSession(row) : null;
  }

  async listLiveByUser(userId: string, now: Date): Promise<Session[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.db
      .selectFrom('sessions')
      .select(SESSION_COLUMNS)
      .where('user_id', '=', userId)
      .where((eb) => liveSession(eb, now))
      .orderBy('last_used_at', 'desc')
      .orderBy('created_at', 'desc')
      .modifyEnd(PREPARED)
      .execute();
    return rows.map(toSession);
  }

  async rotate(id: string, rotation: SessionRotation, now: Date): Promise<Session | null> {
    if (!isUuid(id)) return null;
    // The SQL form of the domain's canRotate + staysWithinLifetime + rotateSession, in one statement.
    const row = await this.db
      .updateTable('sessions')
      .set((eb) => ({
        access_token_id: rotation.accessTokenId,
        refresh_token_hash: rotation.refreshTokenHash,
        previous_refresh_token_hash: rotation.presentedHash,
        refresh_rotated_at: now,
        refresh_issued_at: rotation.refreshIssuedAt,
        generation: eb('generation', '+', 1),
        expires_at: rotation.expiresAt,
        last_used_at: now,
        access_used_at: null,
        updated_at: now,
      }))
      .where('id', '=', id)
      .where('refresh_token_hash', '=', rotation.presentedHash)
      .where((eb) => eb.and([liveSession(eb, now), liveOwner(eb), staysWithinLifetime(rotation)]))
      .returning(SESSION_COLUMNS)
      .modifyEnd(PREPARED)
      .executeTakeFirst();
    return row ? toSession(row) : null;
  }

  async update(session: Session): Promise<void> {
    if (!isUuid(session.id)) return;
    const { id: _id, created_at: _created, ...changes } = toRow(session);
    if (session.revokedAt === null) {
      await this.db.updateTable('sessions').set(changes).where('id', '=', session.id).execute();
      return;
    }
    await this.endSessions(changes, (eb) => eb('id', '=', session.id));
  }

  async revokeMany(ids: readonly string[], reason: RevokeReason, at: Date): Promise<string[]> {
    const wanted = ids.filter(isUuid);
    if (wanted.length === 0) return [];
    // `= any(array)` rather than `in (...)`: one statement text whatever the count, so it is prepared.
    return this.endSessions({ revoked_at: at, revoke_reason: reason, updated_at: at }, (eb) =>
      eb.and([eb('id', '=', sql<string>`any(${wanted}::uuid[])`), liveSession(eb, at)]),
    );
  }

  /**
   * Updates the matching sessions and notifies their ids, in one statement; returns the ids.
   * Prepared: `changes` and `which` must have the same shape at every call of one caller.
   */
  private async endSessions(
    changes: UpdateObject<Database, 'sessions'>,
    which: (eb: ExpressionBuilder<Database, 'sessions'>) => Expression<SqlBool>,
  ): Promise<string[]> {
    const rows = await this.db
      .with('ended', (qb) => qb.updateTable('sessions').set(changes).where(which).returning('id'))
      .selectFrom('ended')
      .select(['ended.id', sql<string>`pg_notify(${SESSION_CHANNEL}, 's:' || ended.id::text)::text`.as('n')])
      .modifyEnd(PREPARED)
      .execute();
    const ids = rows.map((r) => r.id);
    this.changes.sessionsEnded(ids);
    return ids;
  }

  async touch(id: string, at: Date): Promise<void> {
    if (!isUuid(id)) return;
    // The domain's touchSession: the last-used time only moves forward.
    await this.db
      .updateTable('sessions')
      .set({ last_used_at: at })
      .where('id', '=', id)
      .where('last_used_at', '<', at)
      .execute();
  }

  async revokeAllOfUser(userId: string, reason: RevokeReason, at: Date): Promise<string[]> {
    if (!isUuid(userId)) return [];
    return this.endSessions({ revoked_at: at, revoke_reason: reason, updated_at: at }, (eb) =>
      eb.and([eb('user_id', '=', userId), liveSession(eb, at)]),
    );
  }

  async takeExpired(now: Date, limit: number): Promise<Session[]> {
    // The domain's endedByExpiry, oldest expiry first. The pick is materialised once (an IN
    // subquery may be run again per row and overshoot the limit); SKIP LOCKED lets racing takers
    // split the sessions instead of waiting for each other.
    const rows = await this.db
      .with(
        (cte) => cte('picked').materialized(),
        (qb) =>
          qb
            .selectFrom('sessions')
            .select('id')
            .where('revoked_at', 'is', null)
            .where('expires_at', '<=', now)
            .where('expiry_recorded_at', 'is', null)
            .orderBy('expires_at')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
      )
      .updateTable('sessions')
      .from('picked')
      .set({ expiry_recorded_at: now })
      .whereRef('sessions.id', '=', 'picked.id')
      .returningAll('sessions')
      .execute();
    return rows.map(toSession).sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
  }

  async listEndedBefore(cutoff: Date, limit: number): Promise<Session[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where((eb) => sessionEndedBefore(eb, cutoff))
      .where('archived_at', 'is', null)
      .orderBy(sessionEndedAt)
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toSession);
  }

  async markArchived(ids: readonly string[], at: Date): Promise<number> {
    const wanted = ids.filter(isUuid);
    if (wanted.length === 0) return 0;
    const result = await this.db
      .updateTable('sessions')
      .set({ archived_at: at })
      .where('id', 'in', wanted)
      .where('archived_at', 'is', null)
      .where((eb) => eb.not(liveSession(eb, at)))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async deleteEndedBefore(cutoff: Date): Promise<number> {
    // Ended sessions are live nowhere, but their ids are still sent (in chunks, since a payload
    // is capped), so that no process keeps an entry for a row that is gone.
    const chunks = await this.db
      .with('gone', (qb) =>
        qb
          .deleteFrom('sessions')
          .where((eb) => sessionEndedBefore(eb, cutoff))
          .where('archived_at', 'is not', null)
          .returning('id'),
      )
      .with('numbered', (qb) =>
        qb
          .selectFrom('gone')
          .select(['id', sql<number>`(row_number() over ()) / ${IDS_PER_NOTIFICATION}`.as('chunk')]),
      )
      .selectFrom('numbered')
      .select([
        sql<string[]>`array_agg(id::text)`.as('ids'),
        sql<string>`pg_notify(${SESSION_CHANNEL}, 's:' || string_agg(id::text, ','))::text`.as('n'),
      ])
      .groupBy('chunk')
      .execute();
    const deleted = chunks.flatMap((c) => c.ids);
    this.changes.sessionsEnded(deleted);
    return deleted.length;
  }
}

type SessionsBuilder = ExpressionBuilder<Database, 'sessions'>;

/** The domain's isSessionLive: never revoked, and expiring after `now`. */
export function liveSession(eb: SessionsBuilder, now: Date): Expression<SqlBool> {
  return eb.and([eb('sessions.revoked_at', 'is', null), eb('sessions.expires_at', '>', now)]);
}

/** The owner half of the domain's isSessionUsable: the session's user exists and is not deleted. */
export function liveOwner(eb: SessionsBuilder): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('users')
      .select('users.id')
      .whereRef('users.id', '=', 'sessions.user_id')
      .where('users.deleted_at', 'is', null),
  );
}

/** The domain's staysWithinLifetime: the new expiry is not past opening + the maximum lifetime. */
export function staysWithinLifetime(
  rotation: Pick<SessionRotation, 'expiresAt' | 'maxLifetimeSeconds'>,
): Expression<SqlBool> {
  return sql<SqlBool>`${rotation.expiresAt}::timestamptz <= sessions.created_at + make_interval(secs => ${rotation.maxLifetimeSeconds}::double precision)`;
}

/**
 * The domain's sessionEndedBefore: expired or revoked before the cutoff (the same as
 * `sessionEndedAt < cutoff`, written as two comparisons so each can use its column).
 */
export function sessionEndedBefore(eb: SessionsBuilder, cutoff: Date): Expression<SqlBool> {
  return eb.or([eb('sessions.expires_at', '<', cutoff), eb('sessions.revoked_at', '<', cutoff)]);
}

/** The domain's sessionEndedAt: the earlier of revocation and expiry (`least` skips a null). */
export const sessionEndedAt = sql<Date>`least(sessions.expires_at, sessions.revoked_at)`;
