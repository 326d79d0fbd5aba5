/**
 * Overview: the installation-wide configuration: whether first-run setup is done, for which
 *   organisation, with which tenant isolation strategy.
 * Architecture: domain entity, a singleton persisted through SystemConfigRepository.
 * Dependencies: timestamps.
 * Concepts: setup completes exactly once; the isolation strategy is fixed in phase 1; an issued
 *   setup token is kept only as a hash with an expiry, and dropped when setup completes.
 */
import type { Timestamps } from '../shared/timestamps.js';

export const ISOLATION_STRATEGY = 'schema-per-tenant-rls' as const;
export type IsolationStrategy = typeof ISOLATION_STRATEGY;

export interface SystemConfig extends Timestamps {
  readonly setupCompletedAt: Date | null;
  readonly providerId: string | null;
  readonly organizationName: string | null;
  readonly isolationStrategy: IsolationStrategy;
  /** Hash of the issued one-time setup token (auto mode), or null. */
  readonly setupTokenHash: string | null;
  readonly setupTokenExpiresAt: Date | null;
}

/** Whether an issued setup token is still in force at `now`. */
export function hasValidSetupToken(config: SystemConfig, now: Date): boolean {
  return (
    config.setupTokenHash !== null &&
    config.setupTokenExpiresAt !== null &&
    config.setupTokenExpiresAt.getTime() > now.getTime()
  );
}

export function isSetupComplete(config: SystemConfig): boolean {
  return config.setupCompletedAt !== null;
}

export function completeSetup(
  config: SystemConfig,
  providerId: string,
  organizationName: string,
  now: Date,
): SystemConfig {
  return {
    ...config,
    setupCompletedAt: now,
    providerId,
    organizationName,
    isolationStrategy: ISOLATION_STRATEGY,
    // A completed setup needs no token any more.
    setupTokenHash: null,
    setupTokenExpiresAt: null,
    updatedAt: now,
  };
}
