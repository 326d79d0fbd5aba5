/**
 * Overview: the repositories on one Kysely connection, and the UnitOfWork that runs work in
 *   a PostgreSQL transaction.
 * Architecture: persistence adapter (Kysely) for the application's UnitOfWork port.
 * Dependencies: kysely, the Kysely repositories.
 * Concepts: READ COMMITTED plus explicit row locks (FOR UPDATE) on the rows that must serialise:
 *   the system_config row (setup), the user row (session limit), the session row (re-issue and
 *   reuse revocation);
 *   sessions a transaction ended are handed to the process's sink right after it commits.
 */
import type { Kysely } from 'kysely';
import type { Repositories, UnitOfWork } from '../../../application/index.js';
import type { Database } from './database.js';
import { KyselyAuthEventRepository } from './kysely-auth-event.repository.js';
import { KyselyProviderRepository } from './kysely-provider.repository.js';
import { KyselySessionRepository } from './kysely-session.repository.js';
import { KyselySystemConfigRepository } from './kysely-system-config.repository.js';
import { KyselyUserRepository } from './kysely-user.repository.js';
import { IGNORE_CHANGES, PendingChanges, type SessionChangeSink } from './session-changes.js';
import { guardOutages, translateOutage } from './unavailable.js';

/** The repositories on `db`; the ids of sessions they end go to `changes`. */
export function createKyselyRepositories(
  db: Kysely<Database>,
  changes: SessionChangeSink = IGNORE_CHANGES,
): Repositories {
  return {
    providers: guardOutages(new KyselyProviderRepository(db)),
    users: guardOutages(new KyselyUserRepository(db, changes)),
    sessions: guardOutages(new KyselySessionRepository(db, changes)),
    systemConfig: guardOutages(new KyselySystemConfigRepository(db)),
    authEvents: guardOutages(new KyselyAuthEventRepository(db)),
  };
}

export class KyselyUnitOfWork implements UnitOfWork {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: SessionChangeSink = IGNORE_CHANGES,
  ) {}

  async run<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    const pending = new PendingChanges();
    const result = await this.db
      .transaction()
      .execute((trx) => work(createKyselyRepositories(trx, pending)))
      .catch(translateOutage);
    pending.flushTo(this.changes);
    return result;
  }
}
