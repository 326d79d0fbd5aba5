/**
 * Overview: the auth types the web UI exchanges with the REST API and keeps in localStorage.
 * Architecture: core auth model (mirrors src/adapters/http/schemas.ts of the back end).
 * Dependencies: none.
 * Concepts: access token (short-lived bearer), refresh token (rotates on every use), session
 *   (one sign-in on one device, listed and revocable by its owner).
 */

export type UserRole = 'admin' | 'member';

export interface User {
  readonly id: string;
  readonly email: string;
  readonly providerId: string;
  readonly role: UserRole;
  readonly createdAt: string;
}

export interface LoginRequest {
  readonly email: string;
  readonly password: string;
}

export interface TokenPair {
  readonly tokenType: 'Bearer';
  readonly accessToken: string;
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
  readonly refreshToken: string;
  /** Seconds until the refresh token expires. */
  readonly refreshExpiresIn: number;
  readonly sessionId: string;
}

export interface LoginResponse extends TokenPair {
  readonly user: User;
}

/** What survives a page reload: the tokens, their absolute expiry times and the user. */
export interface StoredSession {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly sessionId: string;
  /** Epoch milliseconds when the access token was issued (as seen by this browser). */
  readonly issuedAt: number;
  /** Epoch milliseconds when the access token expires. */
  readonly expiresAt: number;
  /** Epoch milliseconds when the refresh token expires. */
  readonly refreshExpiresAt: number;
  readonly user: User;
}

export interface SessionInfo {
  readonly id: string;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly expiresAt: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** True for the session making the request. */
  readonly current: boolean;
}

export interface SessionList {
  readonly sessions: readonly SessionInfo[];
}

export function toStoredSession(tokens: TokenPair, user: User, now: number): StoredSession {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    sessionId: tokens.sessionId,
    issuedAt: now,
    expiresAt: now + tokens.expiresIn * 1000,
    refreshExpiresAt: now + tokens.refreshExpiresIn * 1000,
    user,
  };
}
