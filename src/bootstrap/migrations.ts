/**
 * Overview: what a start does with the database schema: apply pending migrations, only check
 *   that none is pending, or nothing.
 * Architecture: bootstrap; used by the runtime.
 * Dependencies: the schema migrator, the logger.
 * Concepts: a start that only checks refuses a database with pending migrations and names the
 *   command that applies them.
 */
import type { SchemaMigrator } from '../adapters/persistence/kysely/migrations/index.js';
import type { Logger } from './logger.js';

export type MigrationMode = 'apply' | 'verify' | 'skip';

export class PendingMigrationsError extends Error {
  constructor(readonly pending: readonly string[]) {
    super(
      `The database schema is not up to date: ${pending.length} migration(s) pending (${pending.join(', ')}). ` +
        'Run: npm run db:migrate',
    );
  }
}

export async function prepareSchema(
  migrator: SchemaMigrator,
  mode: MigrationMode,
  logger: Logger,
): Promise<void> {
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
