/**
 * Overview: the User entity: a person who signs in with an email and a password.
 * Architecture: domain entity; persisted through UserRepository.
 * Dependencies: timestamps.
 * Concepts: soft delete (deletedAt) hides a user from every lookup but keeps the row;
 *   the email is stored normalised and is unique among live users.
 */
import type { Timestamps } from '../shared/timestamps.js';

export type UserRole = 'admin' | 'member';

export interface User extends Timestamps {
  readonly id: string;
  readonly providerId: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly role: UserRole;
  readonly deletedAt: Date | null;
}

export function isLive(user: Pick<User, 'deletedAt'>): boolean {
  return user.deletedAt === null;
}
