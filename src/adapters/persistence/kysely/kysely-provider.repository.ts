/**
 * Overview: ProviderRepository on PostgreSQL through Kysely.
 * Architecture: persistence adapter (Kysely) for a domain port.
 * Dependencies: kysely, the Database schema type.
 * Concepts: rows map to domain entities here; Kysely types never leave this folder.
 */
import type { Kysely } from 'kysely';
import type { Provider, ProviderRepository } from '../../../domain/index.js';
import type { Database } from './database.js';
import { isUuid } from './uuid.js';
import type { ProviderRow } from './tables/provider.table.js';

function toProvider(row: ProviderRow): Provider {
  return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at };
}

export class KyselyProviderRepository implements ProviderRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(provider: Provider): Promise<void> {
    await this.db
      .insertInto('providers')
      .values({
        id: provider.id,
        name: provider.name,
        created_at: provider.createdAt,
        updated_at: provider.updatedAt,
      })
      .execute();
  }

  async findById(id: string): Promise<Provider | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toProvider(row) : null;
  }

  async count(): Promise<number> {
    const { n } = await this.db
      .selectFrom('providers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }
}
