/**
 * Overview: GetCurrentUser: turns an access token into the signed-in principal, checking that
 *   the token is valid AND that its session is still live.
 * Architecture: application use case; the authentication step of every protected request.
 * Dependencies: TokenService, LiveSessions, Clock.
 * Concepts: logout and revocation take effect at once because the session is checked on every
 *   call (LiveSessions answers from process state only while it is exact); last-used time is
 *   recorded at most once a minute per session, off the request path; the first use of the
 *   tokens of a rotation is recorded at once (see mayReissueSuccessor).
 */
import { InvalidTokenError, isCurrentAccessToken, SessionRevokedError } from '../../domain/index.js';
import type { Clock } from '../ports/clock.port.js';
import type { LiveSessions } from '../ports/live-sessions.port.js';
import type { TokenService } from '../ports/token-service.port.js';
import type { UserView } from '../shared/views.js';

export interface Principal {
  readonly user: UserView;
  readonly sessionId: string;
}

const TOUCH_INTERVAL_MS = 60_000;

export class GetCurrentUser {
  constructor(
    private readonly sessions: LiveSessions,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  async execute(input: { readonly accessToken: string }): Promise<Principal> {
    const claims = this.tokens.verifyAccess(input.accessToken);
    const now = this.clock.now();
    const session = await this.sessions.find(claims.sid, now, {
      issuedAt: claims.iat,
      ...(claims.gen === undefined ? {} : { generation: claims.gen }),
    });
    if (!session || session.userId !== claims.sub) throw new InvalidTokenError();
    if (!session.live) throw new SessionRevokedError();
    if (!session.user) throw new InvalidTokenError();
    // The first use of the newest tokens ends the chance for their predecessor to fetch them again.
    const current =
      claims.gen === undefined
        ? isCurrentAccessToken(session, claims.iat)
        : session.refreshRotatedAt !== null && claims.gen === session.generation;
    if (session.accessUsedAt === null && current) {
      await this.sessions.markAccessUsed(session, now);
    }
    if (now.getTime() - session.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) this.sessions.touch(session, now);
    return { user: session.user, sessionId: session.sessionId };
  }
}
