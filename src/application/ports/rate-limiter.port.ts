/**
 * Overview: the RateLimiter port: a budget of requests per client address in a window.
 * Architecture: application port; adapters: rate-limiter-flexible on PostgreSQL (shared by every
 *   API process) or in memory (per process).
 * Dependencies: none.
 * Concepts: used by delivery adapters for endpoints that must not be hammered (token refresh,
 *   setup); login has its own, finer LoginThrottle. IPv6 clients count per /64, since one client
 *   holds a whole /64. A store failure fails closed.
 */

export interface RateLimiter {
  /**
   * Counts one request from this client address (null when unknown). Throws
   * TooManyAttemptsError (with the wait) once the budget is spent, ServiceUnavailableError when
   * the counter store fails.
   */
  consume(clientAddress: string | null): Promise<void>;
}
