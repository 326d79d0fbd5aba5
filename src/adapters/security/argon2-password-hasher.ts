/**
 * Overview: PasswordHasher on argon2id.
 * Architecture: security adapter for the application's PasswordHasher port.
 * Dependencies: argon2 (native binding, runs on libuv's thread pool).
 * Concepts: OWASP parameters by default (19 MiB, 2 iterations, parallelism 1); a miss verifies
 *   against a dummy hash made with the same parameters (made by `prepare` at start-up), so it costs
 *   the same as a hit; a stored hash is only ever upgraded, never rehashed with weaker parameters.
 */
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { PasswordHasher } from '../../application/index.js';

export interface Argon2Parameters {
  /** Memory in KiB. */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export const DEFAULT_ARGON2_PARAMETERS: Argon2Parameters = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export class Argon2PasswordHasher implements PasswordHasher {
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly params: Argon2Parameters = DEFAULT_ARGON2_PARAMETERS) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.params });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (hash === null) {
      await this.safeVerify(await this.dummy(), password);
      return false;
    }
    return this.safeVerify(hash, password);
  }

  async prepare(): Promise<void> {
    await this.dummy();
  }

  needsRehash(hash: string): boolean {
    const stored = storedParameters(hash);
    if (!stored) return true;
    const wanted = this.params;
    // Only an upgrade: every configured parameter at least the stored one, and one above it.
    const atLeast =
      wanted.memoryCost >= stored.m && wanted.timeCost >= stored.t && wanted.parallelism >= stored.p;
    const above = wanted.memoryCost > stored.m || wanted.timeCost > stored.t || wanted.parallelism > stored.p;
    return stored.version < ARGON2_VERSION ? atLeast : atLeast && above;
  }

  private async safeVerify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      // A malformed stored hash is a failed verification, not an outage.
      return false;
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    return this.dummyHash;
  }
}

const ARGON2_VERSION = 0x13;
const PHC_ARGON2ID = /^\$argon2id\$v=(\d+)\$([a-z]=\d+(?:,[a-z]=\d+)*)\$/;

/** The version and cost parameters of an argon2id PHC string, or null for anything else. */
function storedParameters(hash: string): { version: number; m: number; t: number; p: number } | null {
  const match = PHC_ARGON2ID.exec(hash);
  if (!match) return null;
  const params = new Map(match[2]!.split(',').map((kv) => [kv[0], Number(kv.slice(2))] as const));
  const [m, t, p] = [params.get('m'), params.get('t'), params.get('p')];
  if (m === undefined || t === undefined || p === undefined) return null;
  return { version: Number(match[1]), m, t, p };
}
