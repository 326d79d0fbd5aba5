/**
 * Overview: the TokenService port: signs and verifies access and refresh tokens, hashes tokens
 *   for storage.
 * Architecture: application port; adapter: jsonwebtoken (HS256).
 * Dependencies: none.
 * Concepts: access and refresh tokens are distinct kinds and never accepted for one another;
 *   signing the same refresh claims twice yields the same token, so the successor of a refresh
 *   token can be handed out again within the grace window without storing it.
 */

export const TokenServiceToken = Symbol.for('nimbus.TokenService');

export interface AccessClaims {
  /** User id. */
  readonly sub: string;
  readonly providerId: string;
  /** Session id. */
  readonly sid: string;
  /** Token id. */
  readonly jti: string;
  /** Issued-at, seconds since the epoch. */
  readonly iat: number;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  /**
   * The session's refresh-token generation the token was issued with (`gen`), or undefined in a
   * token that does not carry it.
   */
  readonly gen?: number;
}

export interface RefreshClaims {
  readonly sid: string;
  readonly jti: string;
  readonly iat: number;
  readonly exp: number;
}

export interface TokenService {
  /** A signed access token carrying these claims. */
  signAccess(claims: AccessClaims): string;
  /** The claims of a valid access token; throws InvalidTokenError otherwise (any reason). */
  verifyAccess(token: string): AccessClaims;
  /** A signed refresh token; deterministic: the same claims give the same token. */
  signRefresh(claims: RefreshClaims): string;
  /** The claims of a valid refresh token; throws InvalidTokenError otherwise (any reason). */
  verifyRefresh(token: string): RefreshClaims;
  /** The storage form of a token: a hash from which the token cannot be recovered. */
  hashToken(token: string): string;
  /** A fresh random token id. */
  newTokenId(): string;
  /** A token id derived from `seed` with a server-side key: same seed, same id. */
  deriveTokenId(seed: string): string;
}
