/**
 * Overview: starts Nimbus's back end with the adapters the profile table chooses: the database,
 *   migrations, secrets, the Inversify container and the use-case catalogue; and closes it all.
 * Architecture: bootstrap, the composition root used by every entry point (CLI, server, tests).
 * Dependencies: inversify, the adapter modules, embedded PostgreSQL.
 * Concepts: callers get use cases, `get`, a migrator, `ping` and `close`, never the database
 *   handle; an embedded database lives under <dataDir>/postgres.
 */
import 'reflect-metadata';
import { Container, type ServiceIdentifier } from 'inversify';
import { sql } from 'kysely';
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
import { prepareSchema, type MigrationMode } from './migrations.js';
import type { InMemoryDatabase } from '../adapters/persistence/memory/in-memory-database.js';
import type { NimbusConfig } from './config/config.schema.js';
import { createObjectStore, storageModule } from './container/storage.module.js';
import { memoryPersistenceModule, postgresPersistenceModule } from './container/persistence.module.js';
import { securityModule } from './container/security.module.js';
import { throttlingModule } from './container/throttling.module.js';
import { ConfigToken, LoggerToken, SchemaMigratorToken } from './container/tokens.js';
import { adaptersFor } from './profiles.js';
import type { Logger } from './logger.js';
import type { RuntimeObservers } from './observers.js';
import { resolveSigningSecret } from './secrets.js';
import { buildUseCases, portsOf } from './use-cases.js';
import path from 'node:path';

export interface RuntimeOptions {
  readonly logger: Logger;
  readonly observers?: RuntimeObservers;
  /** Default: the profile's (apply for embedded, verify for external). */
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
  readonly observers: RuntimeObservers;
  readonly container: Container;
  /** The PostgreSQL this process started, or null. */
  readonly embedded: EmbeddedPostgresHandle | null;
  /** The schema migrator, or null without a database. */
  readonly migrator: SchemaMigrator | null;
  /** Every use case, built once from this runtime's ports. */
  readonly useCases: UseCases;
  get<T>(id: ServiceIdentifier<T>): T;
  /** Resolves when the database (if any) answers a query; rejects otherwise. */
  ping(): Promise<void>;
  /** Closes the pool and stops embedded PostgreSQL if this process started it; idempotent. */
  close(): Promise<void>;
}

export async function startRuntime(config: NimbusConfig, options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const choice = adaptersFor(config);
  let embedded: EmbeddedPostgresHandle | null = null;
  let database: DatabaseHandle | null = null;
  try {
    if (choice.database === 'embedded') {
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
    if (choice.database !== 'none') {
      // The configuration schema refuses a profile with an external database and no URL.
      if (!connectionString) throw new Error('no database connection string');
      database = createDatabase({
        connectionString,
        poolSize: config.database.poolSize,
        onPoolError: (error) => logger.warn({ err: { message: error.message } }, 'database connection lost'),
      });
      const mode = options.migrations ?? (choice.migrationsAtStart === 'apply' ? 'apply' : 'verify');
      await prepareSchema(new SchemaMigrator(database.db), mode, logger);
    }

    const container = new Container({ defaultScope: 'Singleton' });
    container.bind(ConfigToken).toConstantValue(config);
    container.bind(LoggerToken).toConstantValue(logger);
    container.load(
      choice.sessionState === 'postgres' && database
        ? postgresPersistenceModule(database, { cacheSize: config.auth.sessionCacheSize }, logger)
        : memoryPersistenceModule(options.memoryDatabase),
      securityModule(config, await resolveSigningSecret(config), options.clock, options.observers),
      throttlingModule(config, choice.throttleStore === 'postgres' ? (database?.pool ?? null) : null),
      storageModule(options.objectStore ?? (await createObjectStore(config, choice.objectStore, logger))),
    );
    const useCases = buildUseCases(portsOf(container), config);
    container.bind(UseCasesToken).toConstantValue(useCases);

    let closing: Promise<void> | null = null;
    const db = database;
    const pg = embedded;
    return {
      config,
      logger,
      observers: options.observers ?? {},
      container,
      embedded,
      useCases,
      migrator: database ? container.get<SchemaMigrator>(SchemaMigratorToken) : null,
      get: (id) => container.get(id),
      ping: async () => {
        if (db) await sql`select 1`.execute(db.db);
      },
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
