/**
 * Overview: the concurrent-session policy: how many live sessions a user may hold and what
 *   happens at the limit.
 * Architecture: domain policy, pure; SessionIssuer.open (Login, InitializeSetup) applies it under a
 *   per-user lock.
 * Dependencies: the Session entity, domain errors.
 * Concepts: limit 0 = unlimited; `evict-oldest` revokes the least recently used sessions to make
 *   room, `deny` refuses the new login and leaves existing sessions untouched.
 */
import { SessionLimitReachedError } from '../shared/domain-error.js';
import type { Session } from './session.js';

export type OnSessionLimit = 'evict-oldest' | 'deny';

export interface SessionPolicy {
  readonly maxSessionsPerUser: number;
  readonly onLimit: OnSessionLimit;
}

/**
 * Which of the user's live sessions must be evicted so that one more fits.
 * Throws SessionLimitReachedError under `deny`.
 */
export function sessionsToEvict(policy: SessionPolicy, liveSessions: readonly Session[]): Session[] {
  const max = policy.maxSessionsPerUser;
  if (max === 0 || liveSessions.length < max) return [];
  if (policy.onLimit === 'deny') throw new SessionLimitReachedError(max);
  const byLeastRecentUse = [...liveSessions].sort(
    (a, b) =>
      a.lastUsedAt.getTime() - b.lastUsedAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime(),
  );
  return byLeastRecentUse.slice(0, liveSessions.length - max + 1);
}
