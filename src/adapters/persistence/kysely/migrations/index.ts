/**
 * Overview: the ordered list of migrations, bundled with the code (no directory scan), and the
 *   migrator wrapper the CLI and bootstrap use.
 * Architecture: persistence adapter (Kysely migrations).
 * Dependencies: kysely/migration.
 * Concepts: up applies all pending, down reverts the newest, status lists applied and pending.
 */
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationResult } from 'kysely/migration';
import * as initial from './001-initial.js';
import * as hardening from './002-hardening.js';
import * as authEvents from './003-auth-events.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-initial': initial,
  '002-hardening': hardening,
  '003-auth-events': authEvents,
};

export interface MigrationStatus {
  readonly name: string;
  readonly executedAt: Date | null;
}

export interface MigrationRun {
  readonly results: readonly MigrationResult[];
  readonly error: unknown;
}

export class SchemaMigrator {
  private readonly migrator: Migrator;

  // Migrations work on any schema, so the migrator accepts any typed Kysely instance.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(db: Kysely<any>) {
    this.migrator = new Migrator({
      db,
      provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
      migrationTableName: 'nimbus_migrations',
      migrationLockTableName: 'nimbus_migrations_lock',
    });
  }

  async up(): Promise<MigrationRun> {
    const { results, error } = await this.migrator.migrateToLatest();
    return { results: results ?? [], error };
  }

  async down(): Promise<MigrationRun> {
    const { results, error } = await this.migrator.migrateDown();
    return { results: results ?? [], error };
  }

  async status(): Promise<MigrationStatus[]> {
    const all = await this.migrator.getMigrations();
    return all.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
  }
}
