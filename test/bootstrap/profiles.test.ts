/**
 * Overview: the profile table: every profile's row is coherent, and no file but the table tests
 *   the profile's name.
 * Architecture: unit test of bootstrap.
 * Dependencies: the profile table, node:fs (reads src/).
 * Concepts: "one place per change": a new profile is one row, a new adapter family one column.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { PROFILES, adaptersFor } from '../../src/bootstrap/profiles.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('profile table', () => {
  it('gives each profile a coherent row', () => {
    for (const [name, row] of Object.entries(PROFILES)) {
      const hasDatabase = row.database !== 'none';
      expect(row.sessionState === 'postgres', `${name}: session state on PostgreSQL needs one`).to.equal(
        hasDatabase,
      );
      if (row.throttleStore === 'postgres') expect(hasDatabase, `${name}: throttle store`).to.equal(true);
      expect(row.migrationsAtStart === 'none', `${name}: migrations`).to.equal(!hasDatabase);
      if (row.jobRunner === 'in-process') expect(row.objectStore, name).to.not.equal('s3');
    }
    expect(adaptersFor({ profile: 'embedded' }).database).to.equal('embedded');
    expect(adaptersFor({ profile: 'external' }).jobRunner).to.equal('temporal');
    expect(adaptersFor({ profile: 'memory' }).objectStore).to.equal('memory');
  });

  it('is the only place that decides by the profile name', () => {
    const offenders = sourceFiles(SRC)
      // The table, and the schema's rules for the settings a profile needs.
      .filter((file) => !/bootstrap\/(profiles|config\/config\.schema)\.ts$/.test(file))
      .filter((file) => /\bprofile\s*[!=]==|[!=]==\s*[\w.]*\bprofile\b/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(SRC, file));
    expect(offenders).to.deep.equal([]);
  });
});
