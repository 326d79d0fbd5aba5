/**
 * Overview: RefreshSession: spends a refresh token for a new access token and a new refresh token.
 * Architecture: application use case; the common case is one conditional write, every other case
 *   is decided in one unit of work holding the session's lock.
 * Dependencies: Repositories, UnitOfWork, TokenService, Clock, SessionIssuer, AuthSettings.
 * Concepts: rotation on every use; the immediate predecessor gets the already-issued successor
 *   again within the grace window (parallel refreshes from one tab) or while that successor is
 *   unused (a lost reply); any other spent token is a replay, and a replay revokes the whole
 *   session (RFC 9700 §4.14).
 */
import {
  InvalidTokenError,
  isSessionLive,
  mayReissueSuccessor,
  revokeSession,
  SessionRevokedError,
  type DomainError,
} from '../../domain/index.js';
import type { AuthSettings } from '../auth-settings.js';
import type { Clock } from '../ports/clock.port.js';
import type { TokenService } from '../ports/token-service.port.js';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.port.js';
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
      if (session.revokedAt !== null) return { failure: new SessionRevokedError() };
      if (!isSessionLive(session, now)) return { failure: new InvalidTokenError() };

      if (!(await tx.users.findById(session.userId))) {
        await tx.sessions.update(revokeSession(session, 'user_deleted', now));
        return { failure: new SessionRevokedError() };
      }
      if (presentedHash === session.refreshTokenHash) {
        const again = await this.issuer.rotate(tx.sessions, session.id, presentedHash, now);
        if (again) return { tokens: again };
      }
      const window = {
        graceSeconds: this.settings.refreshGraceSeconds,
        // A client that lost its reply retries long before its old access token would expire.
        unusedSeconds: this.settings.accessTokenTtlSeconds,
      };
      if (mayReissueSuccessor(session, presentedHash, window, now)) {
        const again = await this.issuer.reissue(tx, session, now);
        if (again) return { tokens: again };
      }
      await tx.sessions.update(revokeSession(session, 'refresh_token_reuse', now));
      return { failure: new SessionRevokedError() };
    });
    if ('failure' in outcome) throw outcome.failure;
    return outcome.tokens;
  }
}
