/**
 * Overview: the `rate_limits` table, in the layout rate-limiter-flexible expects.
 * Architecture: persistence adapter (Kysely), table type; written by the throttling adapter.
 * Dependencies: kysely types.
 * Concepts: one counter per key; `expire` is epoch milliseconds.
 */
import type { Selectable } from 'kysely';

export interface RateLimitTable {
  key: string;
  points: number;
  expire: string | null;
}

export type RateLimitRow = Selectable<RateLimitTable>;
