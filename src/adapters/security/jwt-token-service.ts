/**
 * Overview: TokenService on jsonwebtoken: HS256 access and refresh JWTs, SHA-256 token hashes.
 * Architecture: security adapter for the application's TokenService port.
 * Dependencies: jsonwebtoken, node:crypto.
 * Concepts: the algorithm is pinned on verify (no `none`, no RS/HS confusion); `iss` and `aud`
 *   are set and checked; `typ` tells access from refresh; the secret is a KeyObject made once
 *   (a string secret makes jsonwebtoken ~65x slower); successor token ids are an HMAC of the
 *   predecessor's hash under a key derived from the secret.
 */
import { createHash, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AccessClaims, Clock, RefreshClaims, TokenService } from '../../application/index.js';
import { InvalidTokenError } from '../../domain/index.js';

export interface JwtSettings {
  /** The signing secret; at least 32 bytes (enforced by configuration). */
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  /** Tolerated clock difference, seconds. */
  readonly clockSkewSeconds: number;
}

type TokenKind = 'access' | 'refresh';

export class JwtTokenService implements TokenService {
  private readonly key: KeyObject;
  private readonly derivationKey: KeyObject;

  constructor(
    private readonly settings: JwtSettings,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
    // KeyObjects, not Buffers: an HMAC keyed with a Buffer costs ~5x more on Node 24.
    this.derivationKey = createSecretKey(
      createHmac('sha256', settings.secret).update('nimbus:refresh-successor').digest(),
    );
  }

  signAccess(claims: AccessClaims): string {
    const body = { sub: claims.sub, provider_id: claims.providerId, sid: claims.sid };
    return this.sign('access', claims.gen === undefined ? body : { ...body, gen: claims.gen }, claims);
  }

  verifyAccess(token: string): AccessClaims {
    const p = this.verify('access', token);
    if (typeof p.sub !== 'string' || typeof p.provider_id !== 'string') throw new InvalidTokenError();
    if (p.gen !== undefined && !Number.isInteger(p.gen)) throw new InvalidTokenError();
    const claims = { sub: p.sub, providerId: p.provider_id, sid: p.sid, jti: p.jti, iat: p.iat, exp: p.exp };
    return p.gen === undefined ? claims : { ...claims, gen: p.gen as number };
  }

  signRefresh(claims: RefreshClaims): string {
    return this.sign('refresh', { sid: claims.sid }, claims);
  }

  verifyRefresh(token: string): RefreshClaims {
    const p = this.verify('refresh', token);
    return { sid: p.sid, jti: p.jti, iat: p.iat, exp: p.exp };
  }

  hashToken(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  newTokenId(): string {
    return randomBytes(16).toString('base64url');
  }

  deriveTokenId(seed: string): string {
    return createHmac('sha256', this.derivationKey)
      .update(seed)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }

  private sign(
    typ: TokenKind,
    body: Record<string, string | number>,
    times: { jti: string; iat: number; exp: number },
  ): string {
    // iat and exp come from the caller (jsonwebtoken keeps a given iat), so signing is deterministic.
    const payload = { ...body, typ, jti: times.jti, iat: times.iat, exp: times.exp };
    return jwt.sign(payload, this.key, {
      algorithm: 'HS256',
      issuer: this.settings.issuer,
      audience: this.settings.audience,
    });
  }

  private verify(typ: TokenKind, token: string) {
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: this.settings.clockSkewSeconds,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch {
      throw new InvalidTokenError();
    }
    if (
      typeof payload !== 'object' ||
      payload.typ !== typ ||
      typeof payload.sid !== 'string' ||
      typeof payload.jti !== 'string' ||
      typeof payload.iat !== 'number' ||
      typeof payload.exp !== 'number'
    ) {
      throw new InvalidTokenError();
    }
    return payload as jwt.JwtPayload & {
      sid: string;
      jti: string;
      iat: number;
      exp: number;
      provider_id?: unknown;
    };
  }
}
