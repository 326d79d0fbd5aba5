/**
 * Overview: the PasswordHasher port: one-way hashing and verification of passwords.
 * Architecture: application port; adapter: argon2id.
 * Dependencies: none.
 * Concepts: a miss costs the same as a hit (dummy verify), so timing does not reveal which
 *   emails exist; hashes made with weaker parameters than configured are upgraded on login.
 */

export const PasswordHasherToken = Symbol.for('nimbus.PasswordHasher');

export interface PasswordHasher {
  /** A new salted hash of the password. */
  hash(password: string): Promise<string>;
  /**
   * Whether the password matches the hash. With `hash` null (no such user) it verifies against
   * an internal dummy hash at the same cost and returns false. A malformed hash returns false.
   */
  verify(hash: string | null, password: string): Promise<boolean>;
  /**
   * Whether the hash should be replaced at the next successful login: it is not of the
   * configured kind, or every configured cost is at least its own and one is higher. Never true
   * for a hash stronger in any cost (lowering the configuration must not weaken stored hashes).
   */
  needsRehash(hash: string): boolean;
  /** Does the one-off costly set-up (the dummy hash a miss verifies against) now. Idempotent. */
  prepare(): Promise<void>;
}
