/**
 * Overview: PasswordHasher on argon2id.
 * Architecture: security adapter for the application's PasswordHasher port.
 * Dependencies: argon2 (native binding, runs on libuv's thread pool).
 * Concepts: OWASP parameters by default (19 MiB, 2 iterations, parallelism 1); a miss verifies
 *   against a dummy hash made with the same parameters, so it costs the same as a hit.
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

  needsRehash(hash: string): boolean {
    try {
      return !hash.startsWith('$argon2id$') || argon2.needsRehash(hash, this.params);
    } catch {
      return true;
    }
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
