/**
 * Overview: ListSessions: a user's live sessions, the caller's own marked current.
 * Architecture: application use case; read-only.
 * Dependencies: Repositories, Clock, AuthSettings (the maximum session lifetime).
 * Concepts: the user is named by id (the signed-in caller) or by email (an operator's CLI); each
 *   session shows its absolute end beside its current expiry.
 */
import { normalizeEmail, UserNotFoundError } from '../../domain/index.js';
import type { AuthSettings } from '../auth-settings.js';
import type { Clock } from '../ports/clock.port.js';
import type { Repositories } from '../ports/unit-of-work.port.js';
import { toSessionView, type SessionView } from '../shared/views.js';

export type ListSessionsInput =
  { readonly userId: string; readonly currentSessionId?: string | null } | { readonly email: string };

export class ListSessions {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly settings: Pick<AuthSettings, 'sessionMaxLifetimeSeconds'>,
  ) {}

  async execute(input: ListSessionsInput): Promise<SessionView[]> {
    const user =
      'email' in input
        ? await this.repos.users.findByEmail(normalizeEmail(input.email))
        : await this.repos.users.findById(input.userId);
    if (!user) throw new UserNotFoundError();
    const current = 'currentSessionId' in input ? (input.currentSessionId ?? null) : null;
    const sessions = await this.repos.sessions.listLiveByUser(user.id, this.clock.now());
    return sessions.map((s) => toSessionView(s, current, this.settings.sessionMaxLifetimeSeconds));
  }
}
