/**
 * Overview: the committed OpenAPI document and the web UI's generated API types are up to date
 *   with the route declarations (the CI step that fails on a stale file).
 * Architecture: test of the `npm run api:types` script against the committed files.
 * Dependencies: scripts/generate-api-types.ts, chai.
 * Concepts: a route or schema change without `npm run api:types` leaves the web UI typed against
 *   an API that no longer exists; this test names the file and the command.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { generateApiFiles } from '../../../scripts/generate-api-types.js';

describe('generated API types (npm run api:types)', function () {
  this.timeout(60_000);

  it('the committed openapi.json and api-types.gen.ts are what the route declarations generate', async () => {
    const files = await generateApiFiles();
    expect(files.map((f) => path.basename(f.path))).to.have.members(['openapi.json', 'api-types.gen.ts']);
    for (const file of files) {
      const committed = await readFile(file.path, 'utf8').catch(() => '');
      const name = path.relative(process.cwd(), file.path);
      expect(
        committed === file.content,
        `${name} is stale: run \`npm run api:types\` and commit it`,
      ).to.equal(true);
    }
  });

  it('generates the types from the declarations: a schema component appears as a type', async () => {
    const types = (await generateApiFiles()).find((f) => f.path.endsWith('.ts'))!.content;
    expect(types).to.match(/^\/\*\*\n \* Overview:/);
    expect(types).to.match(
      /readonly SessionList: \{\s+readonly sessions: readonly components\['schemas'\]\['Session'\]\[\];/,
    );
    expect(types).to.include("readonly '/api/v1/auth/sessions/{id}'");
  });
});
