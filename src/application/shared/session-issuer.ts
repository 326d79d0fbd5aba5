/**
 * Overview: opens sessions (under the session policy) and issues and rotates their tokens.
 * Architecture: application service shared by Login, InitializeSetup and RefreshSession.
 * Dependencies: TokenService, IdGenerator, AuthSettings.
 * Concepts: the rules are the domain's (openSession, sessionTerm, rotation, reissueAccess); a
 *   term slides one refresh lifetime on, never past the session's absolute end;
 *   opening and re-issuing run in the caller's unit of work, a rotation is one conditional write;
 *   opening records its auth events (the opening, and one SESSION_EVICTED per evicted session)
 *   in one statement of that unit of work; a rotation records none;
 *   a refresh token's successor id is derived from the token's hash, and its times are stored,
 *   so the exact successor can be re-issued to its predecessor (no second branch); access tokens
 *   carry the refresh generation (`gen`) they belong to.
 */
import {
  authEvent,
  openSession,
  reissueAccess,
  sessionAbsoluteEnd,
  sessionsToEvict,
  sessionTerm,
  type AuthEventType,
  type Session,
  type SessionRepository,
  type User,
} from '../../domain/index.js';
import type { AuthSettings } from '../auth-settings.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { TokenService } from '../ports/token-service.port.js';
import type { Repositories } from '../ports/unit-of-work.port.js';
import { END_DETAIL, endedSessionEvents, sourceOf } from './audit.js';
import type { TokenPair } from './views.js';

export interface ClientInfo {
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  /** The request's X-Trace-ID, for the auth events it causes (null for jobs and the CLI). */
  readonly traceId?: string | null;
}

function toSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

export class SessionIssuer {
  constructor(
    private readonly tokens: TokenService,
    private readonly ids: IdGenerator,
    private readonly settings: AuthSettings,
  ) {}

  /**
   * Opens a new session for the user under the session policy, taking the user's lock in the
   * caller's unit of work (so parallel logins cannot exceed the limit), and records `opening`
   * (LOGIN_SUCCEEDED, or SETUP_COMPLETED) for it. Returns null when the user is no longer live.
   * Throws SessionLimitReachedError under `deny`.
   */
  async open(
    tx: Repositories,
    user: User,
    client: ClientInfo,
    now: Date,
    opening: Extract<AuthEventType, 'LOGIN_SUCCEEDED' | 'SETUP_COMPLETED'> = 'LOGIN_SUCCEEDED',
  ): Promise<TokenPair | null> {
    // The user's lock serialises parallel logins; it also re-checks that the user is still live.
    if (!(await tx.users.lock(user.id))) return null;
    // With no limit there is nothing to evict, so the user's sessions need not be read.
    const live =
      this.settings.sessionPolicy.maxSessionsPerUser > 0
        ? await tx.sessions.listLiveByUser(user.id, now)
        : [];
    const evicted = sessionsToEvict(this.settings.sessionPolicy, live);
    const ended =
      evicted.length > 0
        ? await tx.sessions.revokeMany(
            evicted.map((s) => s.id),
            'evicted',
            now,
          )
        : [];
    const absoluteEnd = sessionAbsoluteEnd({ createdAt: now }, this.settings.sessionMaxLifetimeSeconds);
    const term = sessionTerm(now, this.settings.refreshTokenTtlSeconds, absoluteEnd);
    const { issuedAt, expiresAt } = term;
    const sessionId = this.ids.newId();
    const refreshToken = this.tokens.signRefresh({
      sid: sessionId,
      jti: this.tokens.newTokenId(),
      iat: toSeconds(issuedAt),
      exp: toSeconds(expiresAt),
    });
    const access = this.signAccess(
      user.id,
      user.providerId,
      sessionId,
      issuedAt,
      expiresAt,
      this.tokens.newTokenId(),
      0,
    );
    await tx.sessions.insert(
      openSession(
        {
          id: sessionId,
          owner: user,
          accessTokenId: access.jti,
          refreshTokenHash: this.tokens.hashToken(refreshToken),
          term,
          ip: client.ip,
          userAgent: client.userAgent,
        },
        now,
      ),
    );
    await tx.authEvents.record([
      ...endedSessionEvents('SESSION_EVICTED', user.id, ended, END_DETAIL.sessionLimit, client, now),
      authEvent(opening, now, { ...sourceOf(client), userId: user.id, sessionId }),
    ]);
    return this.pair(access, refreshToken, sessionId, issuedAt, expiresAt);
  }

  /**
   * Spends the session's current refresh token (whose hash is `presentedHash`) for a successor,
   * in one conditional write; null when the token is not the current one, the session or its
   * user has ended, or the slid term would pass the session's absolute end (nothing changed then).
   * `absoluteEnd`, when the caller read the session, caps the term so that the last case cannot be.
   */
  async rotate(
    sessions: SessionRepository,
    sessionId: string,
    presentedHash: string,
    now: Date,
    absoluteEnd?: Date,
  ): Promise<TokenPair | null> {
    const { issuedAt, expiresAt } = sessionTerm(now, this.settings.refreshTokenTtlSeconds, absoluteEnd);
    const refreshToken = this.successor(sessionId, presentedHash, issuedAt, expiresAt);
    const accessTokenId = this.tokens.newTokenId();
    const rotated = await sessions.rotate(
      sessionId,
      {
        presentedHash,
        refreshTokenHash: this.tokens.hashToken(refreshToken),
        accessTokenId,
        refreshIssuedAt: issuedAt,
        expiresAt,
        maxLifetimeSeconds: this.settings.sessionMaxLifetimeSeconds,
      },
      now,
    );
    if (!rotated) return null;
    const access = this.signAccess(
      rotated.userId,
      rotated.providerId,
      sessionId,
      issuedAt,
      expiresAt,
      accessTokenId,
      rotated.generation,
    );
    return this.pair(access, refreshToken, sessionId, issuedAt, expiresAt);
  }

  /**
   * Re-issues the successor already handed out for the session's previous refresh token, with a
   * fresh access token. Returns null when the re-derived token is not the session's current one.
   */
  async reissue(tx: Repositories, session: Session, now: Date): Promise<TokenPair | null> {
    if (session.previousRefreshTokenHash === null) return null;
    const refreshToken = this.successor(
      session.id,
      session.previousRefreshTokenHash,
      session.refreshIssuedAt,
      session.expiresAt,
    );
    if (this.tokens.hashToken(refreshToken) !== session.refreshTokenHash) return null;
    const access = this.signAccess(
      session.userId,
      session.providerId,
      session.id,
      now,
      session.expiresAt,
      this.tokens.newTokenId(),
      session.generation,
    );
    await tx.sessions.update(reissueAccess(session, access.jti, now));
    return this.pair(access, refreshToken, session.id, now, session.expiresAt);
  }

  private successor(sessionId: string, predecessorHash: string, issuedAt: Date, expiresAt: Date): string {
    return this.tokens.signRefresh({
      sid: sessionId,
      jti: this.tokens.deriveTokenId(predecessorHash),
      iat: toSeconds(issuedAt),
      exp: toSeconds(expiresAt),
    });
  }

  private signAccess(
    userId: string,
    providerId: string,
    sessionId: string,
    now: Date,
    sessionEnd: Date,
    jti: string,
    gen: number,
  ) {
    const iat = toSeconds(now);
    // An access token never outlives its session.
    const exp = Math.min(iat + this.settings.accessTokenTtlSeconds, toSeconds(sessionEnd));
    const token = this.tokens.signAccess({ sub: userId, providerId, sid: sessionId, jti, iat, exp, gen });
    return { token, jti, iat, exp };
  }

  private pair(
    access: { token: string; iat: number; exp: number },
    refreshToken: string,
    sessionId: string,
    now: Date,
    expiresAt: Date,
  ): TokenPair {
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      expiresIn: access.exp - access.iat,
      refreshToken,
      refreshExpiresIn: Math.max(0, toSeconds(expiresAt) - toSeconds(now)),
      sessionId,
    };
  }
}
