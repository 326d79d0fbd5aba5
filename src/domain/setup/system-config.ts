/**
 * Overview: the installation-wide configuration: whether first-run setup is done, for which
 *   organisation, with which tenant isolation strategy.
 * Architecture: domain entity, a singleton persisted through SystemConfigRepository.
 * Dependencies: timestamps.
 * Concepts: setup completes exactly once; the isolation strategy is fixed in phase 1.
 */
import type { Timestamps } from '../shared/timestamps.js';

export const ISOLATION_STRATEGY = 'schema-per-tenant-rls' as const;
export type IsolationStrategy = typeof ISOLATION_STRATEGY;

export interface SystemConfig extends Timestamps {
  readonly setupCompletedAt: Date | null;
  readonly providerId: string | null;
  readonly organizationName: string | null;
  readonly isolationStrategy: IsolationStrategy;
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
    updatedAt: now,
  };
}
