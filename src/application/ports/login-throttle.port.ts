/**
 * Overview: the LoginThrottle port: counts login attempts per email+IP and per IP.
 * Architecture: application port; adapters: rate-limiter-flexible on PostgreSQL, and in memory.
 * Dependencies: none.
 * Concepts: an attempt is counted before the password is checked, so parallel guesses cannot
 *   slip past the limit; a successful login clears its email+IP counter. The store is shared
 *   by every API process. When the store fails, the throttle fails closed.
 */

export const LoginThrottleToken = Symbol.for('nimbus.LoginThrottle');

export interface LoginAttempt {
  /** The normalised email the attempt is for. */
  readonly email: string;
  /** The client address, or null when unknown (then counted under one shared key). */
  readonly ip: string | null;
}

export interface LoginThrottle {
  /**
   * Counts one attempt. Throws TooManyAttemptsError (with the wait) when the email+IP or the IP
   * budget is spent, ServiceUnavailableError when the counter store fails.
   */
  consume(attempt: LoginAttempt): Promise<void>;
  /** After a successful login: clears the email+IP counter and gives the IP its point back. */
  reset(attempt: LoginAttempt): Promise<void>;
}
