/**
 * Overview: the port through which providers are stored and found.
 * Architecture: domain-owned repository port; adapters: in-memory and Kysely.
 * Dependencies: the Provider entity.
 * Concepts: "absent" is null, never a throw.
 */
import type { Provider } from './provider.js';

export const ProviderRepositoryToken = Symbol.for('nimbus.ProviderRepository');

export interface ProviderRepository {
  /** Stores a new provider. Throws if the id already exists. */
  insert(provider: Provider): Promise<void>;
  /** The provider with this id, or null. */
  findById(id: string): Promise<Provider | null>;
  /** How many providers exist. */
  count(): Promise<number>;
}
