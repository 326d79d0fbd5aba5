/**
 * Overview: resolves the JWT signing secret.
 * Architecture: bootstrap.
 * Dependencies: node:crypto, node:fs, the profile table.
 * Concepts: outside production a missing secret is generated once and kept in the data
 *   directory (mode 600, written atomically), so tokens survive restarts; a profile without a
 *   data folder (memory) uses a per-process one.
 *   Production never gets here without a configured secret (config validation refuses it).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NimbusConfig } from './config/config.schema.js';
import { MIN_SECRET_BYTES } from './config/load-config.js';
import { adaptersFor } from './profiles.js';

export async function resolveSigningSecret(config: NimbusConfig): Promise<string> {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  if (adaptersFor(config).generatedSecret === 'per-process') return randomBytes(48).toString('base64url');
  const dir = path.resolve(config.dataDir);
  const file = path.join(dir, 'jwt-secret');
  if (existsSync(file)) {
    const kept = (await readFile(file, 'utf8')).trim();
    // A file cut short (or emptied by hand) is replaced: a weak key would let anyone forge tokens.
    if (Buffer.byteLength(kept, 'utf8') >= MIN_SECRET_BYTES) return kept;
  }
  await mkdir(dir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, secret, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
  return secret;
}
