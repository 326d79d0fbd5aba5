/**
 * Overview: binds the login throttle and the request limiters' factory, on the store the profile
 *   table chooses: counters in PostgreSQL, or in memory.
 * Architecture: bootstrap, Inversify module of the throttling adapter family.
 * Dependencies: inversify, the throttling adapter.
 * Concepts: PostgreSQL counters are shared by every API process; a per-process limiter (the
 *   refresh budget) is always in memory, whatever the store.
 */
import { ContainerModule } from 'inversify';
import type pg from 'pg';
import { LoginThrottleToken, type RateLimiter } from '../../application/index.js';
import {
  createRequestLimiter,
  type RequestLimitSettings,
  createMemoryLoginThrottle,
  createPostgresLoginThrottle,
  type LoginThrottleSettings,
} from '../../adapters/throttling/rate-limiter-login-throttle.js';
import type { NimbusConfig } from '../config/config.schema.js';

function settingsOf(config: NimbusConfig): LoginThrottleSettings {
  return {
    maxAttemptsPerEmailIp: config.auth.throttle.maxAttemptsPerEmailIp,
    maxAttemptsPerIp: config.auth.throttle.maxAttemptsPerIp,
    windowSeconds: config.auth.throttle.window,
  };
}

export interface RequestLimiters {
  /** Counted on the profile's throttle store: shared by every API process on PostgreSQL. */
  shared(settings: RequestLimitSettings): RateLimiter;
  /** Counted in this process's memory. */
  perProcess(settings: RequestLimitSettings): RateLimiter;
}

export const RequestLimitersToken = Symbol.for('nimbus.RequestLimiters');

/** `pool` is the throttle store: null keeps every counter in memory. */
export function throttlingModule(config: NimbusConfig, pool: pg.Pool | null): ContainerModule {
  const limiters: RequestLimiters = {
    shared: (settings) => createRequestLimiter(pool, settings),
    perProcess: (settings) => createRequestLimiter(null, settings),
  };
  return new ContainerModule(({ bind }) => {
    bind(RequestLimitersToken).toConstantValue(limiters);
    bind(LoginThrottleToken).toConstantValue(
      pool
        ? createPostgresLoginThrottle(pool, settingsOf(config))
        : createMemoryLoginThrottle(settingsOf(config)),
    );
  });
}
