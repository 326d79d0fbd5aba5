/**
 * Overview: GetCurrentUser: turns an access token into the signed-in principal, checking that
 *   the token is valid AND that its session is still live.
 * Architecture: application use case; the authentication step of every protected request.
 * Dependencies: TokenService, Repositories, Clock.
 * Concepts: logout and revocation take effect at once because the session is checked on every
 *   call; last-used time is recorded at most once a minute to keep reads cheap.
 */
import { InvalidTokenError, isSessionLive, SessionRevokedError } from '../../domain/index.js';
import type { Clock } from '../ports/clock.port.js';
import type { TokenService } from '../ports/token-service.port.js';
import type { Repositories } from '../ports/unit-of-work.port.js';
import { toUserView, type UserView } from '../shared/views.js';

export interface Principal {
  readonly user: UserView;
  readonly sessionId: string;
}

const TOUCH_INTERVAL_MS = 60_000;

export class GetCurrentUser {
  constructor(
    private readonly repos: Repositories,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  async execute(input: { readonly accessToken: string }): Promise<Principal> {
    const claims = this.tokens.verifyAccess(input.accessToken);
    const [session, user] = await Promise.all([
      this.repos.sessions.findById(claims.sid),
      this.repos.users.findById(claims.sub),
    ]);
    if (!session || session.userId !== claims.sub) throw new InvalidTokenError();
    const now = this.clock.now();
    if (!isSessionLive(session, now)) throw new SessionRevokedError();
    if (!user) throw new InvalidTokenError();
    if (now.getTime() - session.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.repos.sessions.touch(session.id, now);
    }
    return { user: toUserView(user), sessionId: session.id };
  }
}
