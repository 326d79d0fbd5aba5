/**
 * Overview: ProviderRepository held in memory.
 * Architecture: persistence adapter (in-memory) for a domain port; shares the contract suite
 *   with the Kysely adapter.
 * Dependencies: InMemoryDatabase.
 * Concepts: copies in and out, so callers never share mutable state with the store.
 */
import type { Provider, ProviderRepository } from '../../../domain/index.js';
import type { InMemoryDatabase } from './in-memory-database.js';

export class InMemoryProviderRepository implements ProviderRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async insert(provider: Provider): Promise<void> {
    if (this.db.providers.has(provider.id)) throw new Error(`duplicate provider id ${provider.id}`);
    this.db.providers.set(provider.id, { ...provider });
  }

  async findById(id: string): Promise<Provider | null> {
    const found = this.db.providers.get(id);
    return found ? { ...found } : null;
  }

  async count(): Promise<number> {
    return this.db.providers.size;
  }
}
