#!/usr/bin/env node
/**
 * Overview: the `nimbus` executable (`npx nimbus …` in a checkout, `nimbus` when installed).
 * Architecture: launcher of the CLI entry point in src/bootstrap/cli.ts.
 * Dependencies: @swc-node/register in a development checkout; the compiled dist/ otherwise.
 * Concepts: a checkout runs the TypeScript sources directly (never a stale build); an image
 *   without dev dependencies runs dist/.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = `${root}src/bootstrap/cli.ts`;
const built = `${root}dist/bootstrap/cli.js`;

async function canRunSources() {
  if (!existsSync(source)) return false;
  try {
    await import('@swc-node/register/esm-register');
    return true;
  } catch {
    return false;
  }
}

const entry = (await canRunSources()) ? source : built;
if (!existsSync(entry)) {
  process.stderr.write('error: Nimbus is not built; run `npm run build` first.\n');
  process.exit(1);
}
const { runFromProcess } = await import(entry);
await runFromProcess();
