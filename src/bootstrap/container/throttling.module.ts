/**
 * Overview: binds the login throttle: counters in PostgreSQL, or in memory for the memory profile.
 * Architecture: bootstrap, Inversify module of the throttling adapter family.
 * Dependencies: inversify, the throttling adapter.
 * Concepts: PostgreSQL counters are shared by every API process.
 */
import { ContainerModule } from 'inversify';
import type pg from 'pg';
import { LoginThrottleToken } from '../../application/index.js';
import {
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

export function throttlingModule(config: NimbusConfig, pool: pg.Pool | null): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(LoginThrottleToken).toConstantValue(
      pool
        ? createPostgresLoginThrottle(pool, settingsOf(config))
        : createMemoryLoginThrottle(settingsOf(config)),
    );
  });
}
