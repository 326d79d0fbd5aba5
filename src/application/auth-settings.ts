/**
 * Overview: the settings the auth use cases obey (lifetimes, session policy, setup token).
 * Architecture: application layer value, built by bootstrap from the validated configuration.
 * Dependencies: the domain's session policy.
 * Concepts: durations are whole seconds; a grace window of 0 disables it.
 */
import type { SessionPolicy } from '../domain/index.js';

export interface AuthSettings {
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly refreshGraceSeconds: number;
  /** A session's absolute lifetime from its opening: refreshing never extends it past that end. */
  readonly sessionMaxLifetimeSeconds: number;
  readonly sessionPolicy: SessionPolicy;
  /** How long ended sessions are kept before cleanup removes them. */
  readonly sessionRetentionSeconds: number;
  /** Whether and how InitializeSetup requires a one-time setup token. */
  readonly setupToken: SetupTokenPolicy;
}

/**
 * none: no token; fixed: the configured one; issued: one issued by IssueSetupToken, stored as a
 * hash with an expiry, so every API process accepts the same one.
 */
export type SetupTokenPolicy =
  | { readonly kind: 'none' }
  | { readonly kind: 'fixed'; readonly token: string }
  | { readonly kind: 'issued'; readonly ttlSeconds: number };

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 7 * 24 * 3600,
  refreshGraceSeconds: 10,
  sessionMaxLifetimeSeconds: 30 * 24 * 3600,
  sessionPolicy: { maxSessionsPerUser: 10, onLimit: 'evict-oldest' },
  sessionRetentionSeconds: 7 * 24 * 3600,
  setupToken: { kind: 'none' },
};
