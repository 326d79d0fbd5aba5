/**
 * Overview: the auth types the web UI exchanges with the REST API and keeps in localStorage.
 * Architecture: core auth model; the API's types are named here from the generated contract
 *   (../api/api-types.gen.ts, `npm run api:types`), only the stored session is the UI's own.
 * Dependencies: the generated API types.
 * Concepts: access token (short-lived bearer), refresh token (rotates on every use), session
 *   (one sign-in on one device, listed and revocable by its owner).
 */
import type { components } from '../api/api-types.gen';

type Schemas = components['schemas'];

export type User = Schemas['User'];
export type UserRole = User['role'];
export type LoginRequest = Schemas['LoginRequest'];
export type TokenPair = Schemas['TokenPair'];
export type LoginResponse = Schemas['LoginResponse'];
export type SessionInfo = Schemas['Session'];
export type SessionList = Schemas['SessionList'];
export type SessionsEnded = Schemas['SessionsEnded'];
export type ChangePasswordRequest = Schemas['ChangePasswordRequest'];

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
