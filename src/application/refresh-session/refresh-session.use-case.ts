/**
 * Overview: RefreshSession: spends a refresh token for a new access token and a new refresh token.
 * Architecture: application use case.
 * Dependencies: UnitOfWork, Repositories, TokenService, Clock, SessionIssuer, AuthSettings.
 * Concepts: rotation on every use; the common case is one conditional write, every other case is
 *   decided in one unit of work holding the session's lock, by the domain's judgePresentedRefresh:
 *   the immediate predecessor gets the already-issued successor again within the grace window
 *   (parallel refreshes from one tab) or while that successor is unused (a lost reply); any other
 *   spent token is a replay, and a replay revokes the whole session (RFC 9700 §4.14). Near the
 *   session's absolute end the one write refuses the slid term, and the locked path caps it. A
 *   revocation records its auth event (REFRESH_REUSE_DETECTED, or SESSION_REVOKED for a deleted
 *   user) in its unit of work; a successful refresh records none (it stays one statement).
 */
import {
  authEvent,
  InvalidTokenError,
  isSessionLive,
  judgePresentedRefresh,
  reissueWindow,
  revokeSession,
  sessionAbsoluteEnd,
  SessionRevokedError,
  type DomainError,
  type Session,
} from '../../domain/index.js';
import type { AuthSettings } from '../auth-settings.js';
import type { Clock } from '../ports/clock.port.js';
import type { TokenService } from '../ports/token-service.port.js';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.port.js';
import { END_DETAIL, sourceOf } from '../shared/audit.js';
import type { ClientInfo, SessionIssuer } from '../shared/session-issuer.js';
import type { TokenPair } from '../shared/views.js';

export interface RefreshSessionInput extends ClientInfo {
  readonly refreshToken: string;
}

type Outcome = { readonly tokens: TokenPair } | { readonly failure: DomainError };

export class RefreshSession {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repos: Repositories,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    private readonly issuer: SessionIssuer,
    private readonly settings: AuthSettings,
  ) {}

  async execute(input: RefreshSessionInput): Promise<TokenPair> {
    const claims = this.tokens.verifyRefresh(input.refreshToken);
    const presentedHash = this.tokens.hashToken(input.refreshToken);
    const rotated = await this.issuer.rotate(
      this.repos.sessions,
      claims.sid,
      presentedHash,
      this.clock.now(),
    );
    if (rotated) return rotated;

    // Not the current token, or the session or its user ended: decide under the session's lock.
    // Revocations must commit, so failures are returned from the unit of work and thrown after it.
    const outcome = await this.uow.run<Outcome>(async (tx) => {
      const session = await tx.sessions.findByIdForUpdate(claims.sid);
      if (!session) return { failure: new InvalidTokenError() };
      const now = this.clock.now();
      // The user matters only to a live session: an ended one is answered without reading it.
      const owner = isSessionLive(session, now) ? await tx.users.findById(session.userId) : null;
      switch (judgePresentedRefresh(session, owner, presentedHash, reissueWindow(this.settings), now)) {
        case 'revoked':
          return { failure: new SessionRevokedError() };
        case 'expired':
          return { failure: new InvalidTokenError() };
        case 'owner-deleted':
          return this.revoke(tx, session, 'user_deleted', input, now);
        case 'current': {
          // The fast path refuses a term past the absolute end: cap it, unless that end has come.
          const end = sessionAbsoluteEnd(session, this.settings.sessionMaxLifetimeSeconds);
          if (end.getTime() <= now.getTime()) return { failure: new InvalidTokenError() };
          const again = await this.issuer.rotate(tx.sessions, session.id, presentedHash, now, end);
          return again ? { tokens: again } : this.revoke(tx, session, 'refresh_token_reuse', input, now);
        }
        case 'predecessor': {
          const again = await this.issuer.reissue(tx, session, now);
          return again ? { tokens: again } : this.revoke(tx, session, 'refresh_token_reuse', input, now);
        }
        case 'replay':
          return this.revoke(tx, session, 'refresh_token_reuse', input, now);
      }
    });
    if ('failure' in outcome) throw outcome.failure;
    return outcome.tokens;
  }

  private async revoke(
    tx: Repositories,
    session: Session,
    reason: 'user_deleted' | 'refresh_token_reuse',
    client: ClientInfo,
    now: Date,
  ): Promise<Outcome> {
    await tx.sessions.update(revokeSession(session, reason, now));
    const [type, detail] =
      reason === 'user_deleted'
        ? (['SESSION_REVOKED', END_DETAIL.userDeleted] as const)
        : (['REFRESH_REUSE_DETECTED', null] as const);
    await tx.authEvents.record([
      authEvent(type, now, { ...sourceOf(client), userId: session.userId, sessionId: session.id, detail }),
    ]);
    return { failure: new SessionRevokedError() };
  }
}
