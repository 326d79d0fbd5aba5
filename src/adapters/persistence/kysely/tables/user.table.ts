/**
 * Overview: the `users` table as Kysely sees it.
 * Architecture: persistence adapter (Kysely), table type.
 * Dependencies: kysely types.
 * Concepts: soft delete via deleted_at; email unique case-insensitively among live rows.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';

export interface UserTable {
  id: string;
  provider_id: string;
  email: string;
  password_hash: string;
  role: 'admin' | 'member';
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
