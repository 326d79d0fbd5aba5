/**
 * Overview: binds the repositories and the unit of work: Kysely on PostgreSQL, or in memory.
 * Architecture: bootstrap, Inversify module of the persistence adapter family.
 * Dependencies: inversify, the persistence adapters.
 * Concepts: the profile decides; nothing else in the app knows which one it got.
 */
import { ContainerModule } from 'inversify';
import { RepositoriesToken, UnitOfWorkToken } from '../../application/index.js';
import type { DatabaseHandle } from '../../adapters/persistence/kysely/database.js';
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

export function postgresPersistenceModule(handle: DatabaseHandle): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DatabaseHandleToken).toConstantValue(handle);
    bind(SchemaMigratorToken).toConstantValue(new SchemaMigrator(handle.db));
    bind(RepositoriesToken).toConstantValue(createKyselyRepositories(handle.db));
    bind(UnitOfWorkToken).toConstantValue(new KyselyUnitOfWork(handle.db));
  });
}

export function memoryPersistenceModule(db: InMemoryDatabase = new InMemoryDatabase()): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(RepositoriesToken).toConstantValue(createInMemoryRepositories(db));
    bind(UnitOfWorkToken).toConstantValue(new InMemoryUnitOfWork(db));
  });
}
