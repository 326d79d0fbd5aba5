/**
 * Overview: the in-memory repositories over one InMemoryDatabase, and the UnitOfWork over it.
 * Architecture: persistence adapter (in-memory twin of the Kysely adapter) for the application's
 *   UnitOfWork port.
 * Dependencies: InMemoryDatabase and the in-memory repositories.
 * Concepts: units of work run one at a time (a queue stands in for row locks) and a failed one
 *   is rolled back by restoring a snapshot taken when it began; reads outside a unit of work see
 *   its writes as they happen (no isolation), which these tests never rely on.
 */
import type { Repositories, UnitOfWork } from '../../../application/index.js';
import { InMemoryAuthEventRepository } from './in-memory-auth-event.repository.js';
import type { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryProviderRepository } from './in-memory-provider.repository.js';
import { InMemorySessionRepository } from './in-memory-session.repository.js';
import { InMemorySystemConfigRepository } from './in-memory-system-config.repository.js';
import { InMemoryUserRepository } from './in-memory-user.repository.js';

export function createInMemoryRepositories(db: InMemoryDatabase): Repositories {
  return {
    providers: new InMemoryProviderRepository(db),
    users: new InMemoryUserRepository(db),
    sessions: new InMemorySessionRepository(db),
    systemConfig: new InMemorySystemConfigRepository(db),
    authEvents: new InMemoryAuthEventRepository(db),
  };
}

export class InMemoryUnitOfWork implements UnitOfWork {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: InMemoryDatabase) {}

  run<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    const result = this.tail.then(async () => {
      const before = this.db.snapshot();
      try {
        return await work(createInMemoryRepositories(this.db));
      } catch (error) {
        this.db.restore(before);
        throw error;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }
}
