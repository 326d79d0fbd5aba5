/**
 * Overview: the `providers` table as Kysely sees it.
 * Architecture: persistence adapter (Kysely), table type.
 * Dependencies: kysely types.
 * Concepts: Selectable/Insertable/Updateable aliases per table.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface ProviderTable {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Generated<Date>;
}

export type ProviderRow = Selectable<ProviderTable>;
export type NewProviderRow = Insertable<ProviderTable>;
export type ProviderUpdate = Updateable<ProviderTable>;
