/**
 * Overview: the only password rule of phase 1: present and not absurdly long.
 * Architecture: domain layer policy, checked before any hashing work (SECURITY L2).
 * Dependencies: domain errors.
 * Concepts: phase 1 accepts any password (spec Q3); the length cap bounds hashing cost.
 */
import { ValidationError } from './domain-error.js';

export const MAX_PASSWORD_LENGTH = 1024;

export function checkPassword(password: string, field = 'password'): void {
  if (password.length === 0) throw new ValidationError([{ field, message: 'is required' }]);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new ValidationError([{ field, message: `must be at most ${MAX_PASSWORD_LENGTH} characters` }]);
}
