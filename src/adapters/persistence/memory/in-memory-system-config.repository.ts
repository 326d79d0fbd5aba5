/**
 * Overview: SystemConfigRepository held in memory.
 * Architecture: persistence adapter (in-memory) for a domain port; shares the contract suite
 *   with the Kysely adapter.
 * Dependencies: InMemoryDatabase.
 * Concepts: one configuration always exists; getForUpdate relies on serial units of work.
 */
import type { SystemConfig, SystemConfigRepository } from '../../../domain/index.js';
import type { InMemoryDatabase } from './in-memory-database.js';

export class InMemorySystemConfigRepository implements SystemConfigRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async get(): Promise<SystemConfig> {
    return { ...this.db.systemConfig };
  }

  getForUpdate(): Promise<SystemConfig> {
    return this.get();
  }

  async save(config: SystemConfig): Promise<void> {
    this.db.systemConfig = { ...config };
  }
}
