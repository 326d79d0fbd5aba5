/**
 * Overview: a constant-time string comparison for secrets such as the setup token.
 * Architecture: application helper, pure (no platform import, per the dependency rule).
 * Dependencies: none.
 * Concepts: the time taken depends only on the lengths, never on where the strings differ.
 */

export function constantTimeEqual(expected: string, given: string): boolean {
  const length = Math.max(expected.length, given.length);
  let diff = expected.length ^ given.length;
  for (let i = 0; i < length; i++) {
    diff |= (expected.charCodeAt(i) || 0) ^ (given.charCodeAt(i) || 0);
  }
  return diff === 0;
}
