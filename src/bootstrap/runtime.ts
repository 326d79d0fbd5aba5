/**
 * Overview: starts Nimbus's back end for a profile (embedded, external, memory): the database,
 *   migrations, secrets and the Inversify container; and closes it all again.
 * Architecture: bootstrap, the composition root used by every entry point (CLI, server, tests).
 * Dependencies: inversify, the adapter modules, embedded PostgreSQL.
 * Concepts: embedded starts PostgreSQL under <dataDir>/postgres and migrates; external only
 *   checks that migrations are applied (they run by explicit command); memory needs nothing.
 */
import 'reflect-metadata';
import { Container, type ServiceIdentifier } from 'inversify';
import {
  LiveSessionsToken,
  UseCasesToken,
  type Clock,
  type LiveSessions,
  type ObjectStore,
  type UseCases,
} from '../application/index.js';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../adapters/persistence/embedded/embedded-postgres-server.js';
import { createDatabase, type DatabaseHandle } from '../adapters/persistence/kysely/database.js';
import { SchemaMigrator } from '../adapters/persistence/kysely/migrations/index.js';
import type { InMemoryDatabase } from '../adapters/persistence/memory/in-memory-database.js';
import type { NimbusConfig } from './config/config.schema.js';
import { createObjectStore, storageModule } from './container/storage.module.js';
import { memoryPersistenceModule, postgresPersistenceModule } from './container/persistence.module.js';
import { securityModule } from './container/security.module.js';
import { throttlingModule } from './container/throttling.module.js';
import { ConfigToken, LoggerToken } from './container/tokens.js';
import type { Logger } from './logger.js';
import { resolveSigningSecret } from './secrets.js';
import { buildUseCases, portsOf } from './use-cases.js';
import path from 'node:path';

export type MigrationMode = 'apply' | 'verify' | 'skip';

export interface RuntimeOptions {
  readonly logger: Logger;
  /** Default: apply for embedded, verify for external. */
  readonly migrations?: MigrationMode;
  readonly clock?: Clock;
  /** Memory profile: the state to use (tests share it). */
  readonly memoryDatabase?: InMemoryDatabase;
  /** Replaces the profile's object store (tests). */
  readonly objectStore?: ObjectStore;
  /** Embedded profile, tests only: no fsync. */
  readonly unsafeFastEmbedded?: boolean;
}

export interface Runtime {
  readonly config: NimbusConfig;
  readonly logger: Logger;
  readonly container: Container;
  /** The PostgreSQL handle, or null on the memory profile. */
  readonly database: DatabaseHandle | null;
  readonly embedded: EmbeddedPostgresHandle | null;
  /** Every use case, built once from this runtime's ports. */
  readonly useCases: UseCases;
  get<T>(id: ServiceIdentifier<T>): T;
  /** Closes the pool and stops embedded PostgreSQL if this process started it; idempotent. */
  close(): Promise<void>;
}

export class PendingMigrationsError extends Error {
  constructor(readonly pending: readonly string[]) {
    super(
      `The database schema is not up to date: ${pending.length} migration(s) pending (${pending.join(', ')}). ` +
        'Run: npm run db:migrate',
    );
  }
}

export async function startRuntime(config: NimbusConfig, options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  let embedded: EmbeddedPostgresHandle | null = null;
  let database: DatabaseHandle | null = null;
  try {
    if (config.profile === 'embedded') {
      embedded = await startEmbeddedPostgres({
        directory: path.join(path.resolve(config.dataDir), 'postgres'),
        port: config.database.embeddedPort,
        unsafeFast: options.unsafeFastEmbedded ?? false,
        onLog: (line) => logger.debug({ postgres: line }, 'embedded postgres'),
      });
      logger.info(
        {
          owned: embedded.owned,
          initMs: Math.round(embedded.timings.initMs),
          startMs: Math.round(embedded.timings.startMs),
        },
        'embedded PostgreSQL ready',
      );
    }
    const connectionString = embedded?.connectionString ?? config.database.url;
    if (config.profile !== 'memory') {
      if (!connectionString)
        throw new Error('database.url (DATABASE_URL) is required by the external profile');
      database = createDatabase({
        connectionString,
        poolSize: config.database.poolSize,
        onPoolError: (error) => logger.warn({ err: { message: error.message } }, 'database connection lost'),
      });
      const mode = options.migrations ?? (config.profile === 'embedded' ? 'apply' : 'verify');
      await prepareSchema(new SchemaMigrator(database.db), mode, logger);
    }

    const container = new Container({ defaultScope: 'Singleton' });
    container.bind(ConfigToken).toConstantValue(config);
    container.bind(LoggerToken).toConstantValue(logger);
    container.load(
      database
        ? postgresPersistenceModule(database, { cacheSize: config.auth.sessionCacheSize }, logger)
        : memoryPersistenceModule(options.memoryDatabase),
      securityModule(config, await resolveSigningSecret(config), options.clock),
      throttlingModule(config, database?.pool ?? null),
      storageModule(options.objectStore ?? (await createObjectStore(config, logger))),
    );
    const useCases = buildUseCases(portsOf(container), config);
    container.bind(UseCasesToken).toConstantValue(useCases);

    let closing: Promise<void> | null = null;
    const db = database;
    const pg = embedded;
    return {
      config,
      logger,
      container,
      database,
      embedded,
      useCases,
      get: (id) => container.get(id),
      close: () =>
        (closing ??= (async () => {
          await container.get<LiveSessions>(LiveSessionsToken).close();
          await db?.close();
          await pg?.stop();
        })()),
    };
  } catch (error) {
    await database?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}

async function prepareSchema(migrator: SchemaMigrator, mode: MigrationMode, logger: Logger): Promise<void> {
  if (mode === 'skip') return;
  if (mode === 'apply') {
    const run = await migrator.up();
    for (const r of run.results) logger.info({ migration: r.migrationName, status: r.status }, 'migration');
    if (run.error) throw run.error instanceof Error ? run.error : new Error(String(run.error));
    return;
  }
  const pending = (await migrator.status()).filter((m) => m.executedAt === null).map((m) => m.name);
  if (pending.length > 0) throw new PendingMigrationsError(pending);
}
