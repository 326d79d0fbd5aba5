/**
 * Overview: the `system_config` table as Kysely sees it: one row, id 1.
 * Architecture: persistence adapter (Kysely), table type.
 * Dependencies: kysely types.
 * Concepts: the singleton row is the setup lock (SELECT … FOR UPDATE) and the setup flag.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';

export interface SystemConfigTable {
  id: number;
  setup_completed_at: Date | null;
  provider_id: string | null;
  organization_name: string | null;
  isolation_strategy: string;
  settings: unknown;
  setup_token_hash: string | null;
  setup_token_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type SystemConfigRow = Selectable<SystemConfigTable>;
export type NewSystemConfigRow = Insertable<SystemConfigTable>;
export type SystemConfigUpdate = Updateable<SystemConfigTable>;
