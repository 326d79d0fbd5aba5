/**
 * Overview: SystemConfigRepository on PostgreSQL through Kysely: the singleton row id 1.
 * Architecture: persistence adapter (Kysely) for a domain port.
 * Dependencies: kysely, the Database schema type.
 * Concepts: getForUpdate locks the row: the setup lock; the row itself is seeded by migration.
 */
import type { Kysely } from 'kysely';
import { ISOLATION_STRATEGY, type SystemConfig, type SystemConfigRepository } from '../../../domain/index.js';
import type { Database } from './database.js';
import type { SystemConfigRow } from './tables/system-config.table.js';

const SINGLETON_ID = 1;

function toConfig(row: SystemConfigRow): SystemConfig {
  return {
    setupCompletedAt: row.setup_completed_at,
    providerId: row.provider_id,
    organizationName: row.organization_name,
    isolationStrategy: ISOLATION_STRATEGY,
    setupTokenHash: row.setup_token_hash,
    setupTokenExpiresAt: row.setup_token_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class KyselySystemConfigRepository implements SystemConfigRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(): Promise<SystemConfig> {
    return toConfig(await this.select().executeTakeFirstOrThrow(missingRow));
  }

  async getForUpdate(): Promise<SystemConfig> {
    return toConfig(await this.select().forUpdate().executeTakeFirstOrThrow(missingRow));
  }

  async save(config: SystemConfig): Promise<void> {
    await this.db
      .updateTable('system_config')
      .set({
        setup_completed_at: config.setupCompletedAt,
        provider_id: config.providerId,
        organization_name: config.organizationName,
        isolation_strategy: config.isolationStrategy,
        setup_token_hash: config.setupTokenHash,
        setup_token_expires_at: config.setupTokenExpiresAt,
        updated_at: config.updatedAt,
      })
      .where('id', '=', SINGLETON_ID)
      .execute();
  }

  private select() {
    return this.db.selectFrom('system_config').selectAll().where('id', '=', SINGLETON_ID);
  }
}

function missingRow(): Error {
  return new Error('system_config row is missing: run the database migrations (npm run db:migrate)');
}
