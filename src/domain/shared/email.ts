/**
 * Overview: the email value object: trimmed, lower-cased, shape-checked.
 * Architecture: domain layer value object; every lookup by email goes through `normalizeEmail`.
 * Dependencies: domain errors.
 * Concepts: emails match case-insensitively and ignore surrounding whitespace (SECURITY L4).
 */
import { ValidationError } from './domain-error.js';

const MAX_EMAIL_LENGTH = 254;
// Deliberately loose: one "@", no whitespace, a dot in the domain. Deliverability is not ours to judge.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The canonical form used for storage and matching. Does not validate. */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Normalises and validates an email; throws ValidationError naming `field`. */
export function parseEmail(raw: string, field = 'email'): string {
  const email = normalizeEmail(raw);
  if (email.length === 0) throw new ValidationError([{ field, message: 'is required' }]);
  if (email.length > MAX_EMAIL_LENGTH)
    throw new ValidationError([{ field, message: `must be at most ${MAX_EMAIL_LENGTH} characters` }]);
  if (!EMAIL_SHAPE.test(email))
    throw new ValidationError([{ field, message: 'is not a valid email address' }]);
  return email;
}
