/**
 * Overview: the rule for object-storage keys: slash-separated segments of safe characters.
 * Architecture: domain value rule, shared by every ObjectStore adapter.
 * Dependencies: domain errors.
 * Concepts: a key can never climb out of its store (`..`), start at a root, or smuggle control
 *   characters or backslashes.
 */
import { ValidationError } from './domain-error.js';

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._=+@-]*$/;
const MAX_KEY_LENGTH = 1024;

export function isSafeObjectKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  return key
    .split('/')
    .every((segment) => SEGMENT.test(segment) && segment !== '..' && !segment.endsWith('.'));
}

export function assertSafeObjectKey(key: string): void {
  if (!isSafeObjectKey(key)) {
    throw new ValidationError([
      { field: 'key', message: 'must be slash-separated segments of letters, digits and ._=+@- (no "..")' },
    ]);
  }
}
