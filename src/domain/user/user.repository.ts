/**
 * Overview: the port through which users are stored, found and soft-deleted.
 * Architecture: domain-owned repository port; adapters: in-memory and Kysely.
 * Dependencies: the User entity.
 * Concepts: every finder ignores soft-deleted users; "absent" is null, never a throw.
 */
import type { User } from './user.js';

export const UserRepositoryToken = Symbol.for('nimbus.UserRepository');

export interface UserRepository {
  /** Stores a new user. Throws if a live user already has this email (case-insensitively). */
  insert(user: User): Promise<void>;
  /** The live user with this id, or null (also null when soft-deleted). */
  findById(id: string): Promise<User | null>;
  /** The live user with this normalised email, or null. */
  findByEmail(email: string): Promise<User | null>;
  /**
   * Takes the per-user write lock until the surrounding unit of work ends; returns false when
   * no live user has this id. Serialises session-limit checks of one user.
   */
  lock(id: string): Promise<boolean>;
  /** Replaces the stored password hash (rehash on login). No-op for an unknown id. */
  updatePasswordHash(id: string, passwordHash: string, at: Date): Promise<void>;
  /** Marks the user deleted. Idempotent; returns false when no live user had this id. */
  softDelete(id: string, at: Date): Promise<boolean>;
}
