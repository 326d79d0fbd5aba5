/**
 * Overview: the application version, read once from package.json.
 * Architecture: bootstrap.
 * Dependencies: node:fs.
 * Concepts: one source of truth for the version shown by the CLI and the API.
 */
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const APP_VERSION: string = manifest.version;
