/**
 * Overview: the settings the auth use cases obey (lifetimes, session policy, setup token).
 * Architecture: application layer value, built by bootstrap from the validated configuration.
 * Dependencies: the domain's session policy.
 * Concepts: durations are whole seconds; a grace window of 0 disables it.
 */
import type { SessionPolicy } from '../domain/index.js';

export const AuthSettingsToken = Symbol.for('nimbus.AuthSettings');

export interface AuthSettings {
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly refreshGraceSeconds: number;
  readonly sessionPolicy: SessionPolicy;
  /** How long ended sessions are kept before cleanup removes them. */
  readonly sessionRetentionSeconds: number;
  /** When set, InitializeSetup requires this one-time token. */
  readonly setupToken: string | null;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 7 * 24 * 3600,
  refreshGraceSeconds: 10,
  sessionPolicy: { maxSessionsPerUser: 10, onLimit: 'evict-oldest' },
  sessionRetentionSeconds: 7 * 24 * 3600,
  setupToken: null,
};
