/**
 * Overview: the port through which the singleton system configuration is read and written.
 * Architecture: domain-owned repository port; adapters: in-memory and Kysely.
 * Dependencies: the SystemConfig entity.
 * Concepts: there is always exactly one configuration (created by the initial migration).
 */
import type { SystemConfig } from './system-config.js';

export const SystemConfigRepositoryToken = Symbol.for('nimbus.SystemConfigRepository');

export interface SystemConfigRepository {
  /** The current configuration. */
  get(): Promise<SystemConfig>;
  /**
   * The current configuration, holding its write lock until the surrounding unit of work ends:
   * the setup lock that lets exactly one InitializeSetup win.
   */
  getForUpdate(): Promise<SystemConfig>;
  /** Overwrites the configuration. */
  save(config: SystemConfig): Promise<void>;
}
