/**
 * Overview: the `sessions` table as Kysely sees it.
 * Architecture: persistence adapter (Kysely), table type.
 * Dependencies: kysely types.
 * Concepts: only hashes of refresh tokens are stored, never the tokens; archived_at is set once
 *   the archive job has written the ended session to object storage; expiry_recorded_at once
 *   cleanup has recorded its SESSION_EXPIRED event.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface SessionTable {
  id: string;
  user_id: string;
  provider_id: string;
  access_token_id: string;
  refresh_token_hash: string;
  previous_refresh_token_hash: string | null;
  refresh_rotated_at: Date | null;
  refresh_issued_at: Date;
  generation: number;
  expires_at: Date;
  last_used_at: Date;
  ip: string | null;
  user_agent: string | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
  access_used_at: Date | null;
  archived_at: Generated<Date | null>;
  expiry_recorded_at: Generated<Date | null>;
  created_at: Date;
  updated_at: Date;
}

export type SessionRow = Selectable<SessionTable>;
export type NewSessionRow = Insertable<SessionTable>;
export type SessionUpdate = Updateable<SessionTable>;
