/**
 * Overview: UserRepository on PostgreSQL through Kysely.
 * Architecture: persistence adapter (Kysely) for a domain port.
 * Dependencies: kysely, the Database schema type.
 * Concepts: every finder filters `deleted_at is null`; email matched on lower(email), which the
 *   partial unique index covers; `lock` is SELECT … FOR UPDATE on the user row; a deletion is
 *   sent on the session channel in its own statement, since it ends the user's sessions; the
 *   sign-in statements (lookup by email, lock) are prepared (database.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { User, UserRepository } from '../../../domain/index.js';
import { PREPARED, type Database } from './database.js';
import { IGNORE_CHANGES, SESSION_CHANNEL, type SessionChangeSink } from './session-changes.js';
import { isUuid } from './uuid.js';
import type { UserRow } from './tables/user.table.js';

/** Every column a User is read from, named (a prepared statement must not return `*`). */
const USER_COLUMNS = [
  'id',
  'provider_id',
  'email',
  'password_hash',
  'role',
  'deleted_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof UserRow)[];

function toUser(row: Pick<UserRow, (typeof USER_COLUMNS)[number]>): User {
  return {
    id: row.id,
    providerId: row.provider_id,
    email: row.email,
    passwordHash: row.password_hash,
    role: row.role,
    deletedAt: row.deleted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class KyselyUserRepository implements UserRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: SessionChangeSink = IGNORE_CHANGES,
  ) {}

  async insert(user: User): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        id: user.id,
        provider_id: user.providerId,
        email: user.email,
        password_hash: user.passwordHash,
        role: user.role,
        deleted_at: user.deletedAt,
        created_at: user.createdAt,
        updated_at: user.updatedAt,
      })
      .execute();
  }

  async findById(id: string): Promise<User | null> {
    if (!isUuid(id)) return null;
    const row = await this.live().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = await this.live()
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .modifyEnd(PREPARED)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async lock(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const row = await this.db
      .selectFrom('users')
      .select('id')
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .modifyEnd(PREPARED)
      .executeTakeFirst();
    return row !== undefined;
  }

  async updatePasswordHash(id: string, passwordHash: string, at: Date): Promise<void> {
    if (!isUuid(id)) return;
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async softDelete(id: string, at: Date): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await this.db
      .with('deleted', (qb) =>
        qb
          .updateTable('users')
          .set({ deleted_at: at, updated_at: at })
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .returning('id'),
      )
      .selectFrom('deleted')
      .select(sql<string>`pg_notify(${SESSION_CHANNEL}, 'u:' || deleted.id::text)::text`.as('n'))
      .execute();
    if (rows.length > 0) this.changes.usersEnded([id]);
    return rows.length > 0;
  }

  private live() {
    return this.db.selectFrom('users').select(USER_COLUMNS).where('deleted_at', 'is', null);
  }
}
