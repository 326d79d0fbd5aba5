/**
 * Overview: SessionRepository on PostgreSQL through Kysely.
 * Architecture: persistence adapter (Kysely) for a domain port.
 * Dependencies: kysely, the Database schema type.
 * Concepts: live = revoked_at is null and expires_at > now; ended = expired or revoked;
 *   findByIdForUpdate holds the row lock that serialises refresh-token rotation.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { RevokeReason, Session, SessionRepository } from '../../../domain/index.js';
import type { Database } from './database.js';
import { isUuid } from './uuid.js';
import type { NewSessionRow, SessionRow } from './tables/session.table.js';

function toSession(row: SessionRow): Session {
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
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

export class KyselySessionRepository implements SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(session: Session): Promise<void> {
    await this.db.insertInto('sessions').values(toRow(session)).execute();
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
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('last_used_at', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toSession);
  }

  async update(session: Session): Promise<void> {
    if (!isUuid(session.id)) return;
    const { id: _id, created_at: _created, ...changes } = toRow(session);
    await this.db.updateTable('sessions').set(changes).where('id', '=', session.id).execute();
  }

  async touch(id: string, at: Date): Promise<void> {
    if (!isUuid(id)) return;
    await this.db
      .updateTable('sessions')
      .set({ last_used_at: at })
      .where('id', '=', id)
      .where('last_used_at', '<', at)
      .execute();
  }

  async revokeAllOfUser(userId: string, reason: RevokeReason, at: Date): Promise<number> {
    if (!isUuid(userId)) return 0;
    const result = await this.db
      .updateTable('sessions')
      .set({ revoked_at: at, revoke_reason: reason, updated_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async listEndedBefore(cutoff: Date, limit: number): Promise<Session[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where(endedBefore(cutoff))
      .orderBy(sql`least(expires_at, coalesce(revoked_at, expires_at))`)
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toSession);
  }

  async deleteEndedBefore(cutoff: Date, ids?: readonly string[]): Promise<number> {
    const wanted = ids?.filter(isUuid);
    if (wanted && wanted.length === 0) return 0;
    let query = this.db.deleteFrom('sessions').where(endedBefore(cutoff));
    if (wanted) query = query.where('id', 'in', wanted);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** Expired, or revoked, before the cutoff. */
function endedBefore(cutoff: Date) {
  return (eb: ExpressionBuilder<Database, 'sessions'>): Expression<SqlBool> =>
    eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]);
}
