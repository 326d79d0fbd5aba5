/**
 * Overview: LoginThrottle on rate-limiter-flexible: a PostgreSQL store shared by every API
 *   process, or a memory store for the memory profile.
 * Architecture: throttling adapter for the application's LoginThrottle port.
 * Dependencies: rate-limiter-flexible, pg (the pool is handed in by bootstrap).
 * Concepts: two budgets, per email+IP and per IP; an IPv6 client is one /64 (it can rotate within
 *   it freely) and an IPv4-mapped IPv6 address is its IPv4 address; keys are hashed, so the counter
 *   table holds no email addresses; a store failure fails closed (ServiceUnavailableError); a
 *   refusal names the spent budget (the per-IP one when both are) and an opaque id of its key and
 *   window (the window's end, which is fixed from its first attempt), so the audit trail can count
 *   a flood on one event.
 */
import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { LoginAttempt, LoginThrottle, RateLimiter } from '../../application/index.js';
import { ServiceUnavailableError, TooManyAttemptsError, type SpentBudget } from '../../domain/index.js';

export interface LoginThrottleSettings {
  /** Attempts allowed per email+IP within the window. */
  readonly maxAttemptsPerEmailIp: number;
  /** Attempts allowed per IP (any email) within the window. */
  readonly maxAttemptsPerIp: number;
  readonly windowSeconds: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = {
  maxAttemptsPerEmailIp: 10,
  maxAttemptsPerIp: 100,
  windowSeconds: 900,
};

/** The table created by the initial migration, in the layout the library expects. */
export const RATE_LIMIT_TABLE = 'rate_limits';

const UNKNOWN_IP = 'unknown';

/** One budget's consume: which budget, under which key. */
interface Consumption {
  readonly scope: SpentBudget['scope'];
  readonly key: string;
  readonly consumed: Promise<unknown>;
}

/** A refused consume and the second its window ends (read at once, so the same for every refusal). */
type Refusal = { readonly res: RateLimiterRes; readonly windowEnd: number };

/** Turns a rejected consume into the domain's errors: too many, or the store is down. */
async function consumeAll(consumptions: readonly Consumption[]): Promise<void> {
  const results = await Promise.allSettled(
    consumptions.map((c) =>
      c.consumed.catch((reason: unknown) => {
        if (!(reason instanceof RateLimiterRes)) throw reason;
        const refusal: Refusal = {
          res: reason,
          windowEnd: Math.round((Date.now() + reason.msBeforeNext) / 1000),
        };
        throw refusal;
      }),
    ),
  );
  let waitMs = -1;
  let spent: SpentBudget | null = null;
  for (const [i, result] of results.entries()) {
    if (result.status === 'fulfilled') continue;
    const refusal = result.reason as Refusal | unknown;
    if (!isRefusal(refusal)) throw new ServiceUnavailableError('The rate limiter');
    waitMs = Math.max(waitMs, refusal.res.msBeforeNext);
    const { scope, key } = consumptions[i]!;
    // The per-IP budget covers every email from that client: one event for all of them.
    if (spent === null || scope === 'per_ip')
      spent = { scope, window: windowId(scope, key, refusal.windowEnd) };
  }
  if (waitMs >= 0) throw new TooManyAttemptsError(Math.max(1, Math.ceil(waitMs / 1000)), spent);
}

function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as Refusal).res instanceof RateLimiterRes;
}

function windowId(scope: string, key: string, windowEnd: number): string {
  return createHash('sha256').update(`${scope}\n${key}\n${windowEnd}`).digest('base64url');
}

export class RateLimiterLoginThrottle implements LoginThrottle {
  constructor(
    private readonly perEmailIp: RateLimiterAbstract,
    private readonly perIp: RateLimiterAbstract,
  ) {}

  consume(attempt: LoginAttempt): Promise<void> {
    const emailIp = emailIpKey(attempt);
    const ip = ipKey(attempt);
    return consumeAll([
      { scope: 'per_email_ip', key: emailIp, consumed: this.perEmailIp.consume(emailIp) },
      { scope: 'per_ip', key: ip, consumed: this.perIp.consume(ip) },
    ]);
  }

  async reset(attempt: LoginAttempt): Promise<void> {
    try {
      await Promise.all([this.perEmailIp.delete(emailIpKey(attempt)), this.perIp.reward(ipKey(attempt), 1)]);
    } catch {
      throw new ServiceUnavailableError('The login throttle');
    }
  }
}

/** The client a throttle counts: an IPv4 address, or an IPv6 address's /64. */
export function clientKey(address: string | null): string {
  if (!address) return UNKNOWN_IP;
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}

function emailIpKey(attempt: LoginAttempt): string {
  return createHash('sha256')
    .update(`${attempt.email}\n${clientKey(attempt.ip)}`)
    .digest('base64url');
}

function ipKey(attempt: LoginAttempt): string {
  return clientKey(attempt.ip);
}

export function createPostgresLoginThrottle(
  pool: pg.Pool,
  settings: LoginThrottleSettings = DEFAULT_LOGIN_THROTTLE,
): RateLimiterLoginThrottle {
  const common = { storeClient: pool, storeType: 'pool', tableName: RATE_LIMIT_TABLE, tableCreated: true };
  return new RateLimiterLoginThrottle(
    new RateLimiterPostgres({
      ...common,
      keyPrefix: 'login-email-ip',
      points: settings.maxAttemptsPerEmailIp,
      duration: settings.windowSeconds,
    }),
    new RateLimiterPostgres({
      ...common,
      keyPrefix: 'login-ip',
      points: settings.maxAttemptsPerIp,
      duration: settings.windowSeconds,
    }),
  );
}

export function createMemoryLoginThrottle(
  settings: LoginThrottleSettings = DEFAULT_LOGIN_THROTTLE,
): RateLimiterLoginThrottle {
  return new RateLimiterLoginThrottle(
    new RateLimiterMemory({ points: settings.maxAttemptsPerEmailIp, duration: settings.windowSeconds }),
    new RateLimiterMemory({ points: settings.maxAttemptsPerIp, duration: settings.windowSeconds }),
  );
}

/** A RateLimiter over one rate-limiter-flexible limiter. */
export class RateLimiterFlexibleLimiter implements RateLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  consume(clientAddress: string | null): Promise<void> {
    const key = clientKey(clientAddress);
    return consumeAll([{ scope: 'per_ip', key, consumed: this.limiter.consume(key) }]);
  }
}

export interface RequestLimitSettings {
  /** Distinguishes this budget's counters from others in the shared table. */
  readonly name: string;
  readonly points: number;
  readonly windowSeconds: number;
}

/** A request budget kept in PostgreSQL (pool) or in memory (null). */
export function createRequestLimiter(pool: pg.Pool | null, settings: RequestLimitSettings): RateLimiter {
  const options = { keyPrefix: settings.name, points: settings.points, duration: settings.windowSeconds };
  return new RateLimiterFlexibleLimiter(
    pool
      ? new RateLimiterPostgres({
          ...options,
          storeClient: pool,
          storeType: 'pool',
          tableName: RATE_LIMIT_TABLE,
          tableCreated: true,
        })
      : new RateLimiterMemory(options),
  );
}
