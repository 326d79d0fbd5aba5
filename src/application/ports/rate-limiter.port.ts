/**
 * Overview: the RateLimiter port: a budget of requests per key (for example per client address)
 *   in a window, shared by every API process.
 * Architecture: application port; adapters: rate-limiter-flexible on PostgreSQL, and in memory.
 * Dependencies: none.
 * Concepts: used by delivery adapters for endpoints that must not be hammered (token refresh,
 *   setup); login has its own, finer LoginThrottle. A store failure fails closed.
 */

export interface RateLimiter {
  /**
   * Counts one request for `key`. Throws TooManyAttemptsError (with the wait) once the budget is
   * spent, ServiceUnavailableError when the counter store fails.
   */
  consume(key: string): Promise<void>;
}
