/**
 * Overview: binds the repositories, the unit of work and the live-session state: Kysely and pg
 *   on PostgreSQL, or in memory.
 * Architecture: bootstrap, Inversify module of the persistence adapter family.
 * Dependencies: inversify, the persistence adapters.
 * Concepts: the profile decides; nothing else in the app knows which one it got; on PostgreSQL
 *   the live-session state is also the sink of the sessions this process ends.
 */
import { ContainerModule } from 'inversify';
import {
  JobRunsToken,
  LiveSessionsToken,
  RepositoriesToken,
  UnitOfWorkToken,
} from '../../application/index.js';
import { KyselyJobRuns } from '../../adapters/persistence/kysely/kysely-job-runs.js';
import { InMemoryJobRuns } from '../../adapters/persistence/memory/in-memory-job-runs.js';
import type { DatabaseHandle } from '../../adapters/persistence/kysely/database.js';
import { PgLiveSessions } from '../../adapters/persistence/kysely/pg-live-sessions.js';
import { InMemoryLiveSessions } from '../../adapters/persistence/memory/in-memory-live-sessions.js';
import type { Logger } from '../logger.js';
import {
  createKyselyRepositories,
  KyselyUnitOfWork,
} from '../../adapters/persistence/kysely/kysely-unit-of-work.js';
import { SchemaMigrator } from '../../adapters/persistence/kysely/migrations/index.js';
import { InMemoryDatabase } from '../../adapters/persistence/memory/in-memory-database.js';
import {
  createInMemoryRepositories,
  InMemoryUnitOfWork,
} from '../../adapters/persistence/memory/in-memory-unit-of-work.js';
import { DatabaseHandleToken, SchemaMigratorToken } from './tokens.js';

export interface LiveSessionSettings {
  /** Most live sessions each process keeps in memory; 0 checks every request in PostgreSQL. */
  readonly cacheSize: number;
}

export function postgresPersistenceModule(
  handle: DatabaseHandle,
  settings: LiveSessionSettings,
  logger: Logger,
): ContainerModule {
  // The process's own session ends reach its live-session state before it answers.
  const liveSessions = new PgLiveSessions({
    pool: handle.pool,
    maxEntries: settings.cacheSize,
    onStatus: (status, error) =>
      status === 'listening'
        ? logger.debug('session listener connected: live sessions answered from memory')
        : logger.warn(
            { err: error ? { message: error.message } : undefined },
            'session listener lost: every session check goes to PostgreSQL until it reconnects',
          ),
    onTouchError: (error) => logger.warn({ err: { message: error.message } }, 'last-used times not written'),
  });
  return new ContainerModule(({ bind }) => {
    bind(DatabaseHandleToken).toConstantValue(handle);
    bind(SchemaMigratorToken).toConstantValue(new SchemaMigrator(handle.db));
    bind(LiveSessionsToken).toConstantValue(liveSessions);
    bind(JobRunsToken).toConstantValue(new KyselyJobRuns(handle.db));
    bind(RepositoriesToken).toConstantValue(createKyselyRepositories(handle.db, liveSessions));
    bind(UnitOfWorkToken).toConstantValue(new KyselyUnitOfWork(handle.db, liveSessions));
  });
}

export function memoryPersistenceModule(db: InMemoryDatabase = new InMemoryDatabase()): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(LiveSessionsToken).toConstantValue(new InMemoryLiveSessions(db));
    bind(JobRunsToken).toConstantValue(new InMemoryJobRuns());
    bind(RepositoriesToken).toConstantValue(createInMemoryRepositories(db));
    bind(UnitOfWorkToken).toConstantValue(new InMemoryUnitOfWork(db));
  });
}
