/**
 * Overview: the `auth_events` table (the audit trail) as Kysely sees it.
 * Architecture: persistence adapter (Kysely), table type.
 * Dependencies: kysely types.
 * Concepts: no secret is ever stored; `email` is kept only for attempts (the email tried), other
 *   events read it from the user; `throttle_key` (unique) names a throttled attempt's budget and
 *   window, so a flood is one row whose `count` grows.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface AuthEventTable {
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
  detail: string | null;
  count: Generated<number>;
  throttle_key: string | null;
}

export type AuthEventRow = Selectable<AuthEventTable>;
export type NewAuthEventRow = Insertable<AuthEventTable>;
