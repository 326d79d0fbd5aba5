/**
 * Overview: SignOutOtherSessions: ends every session of the caller except the one asking.
 * Architecture: application use case; runs after GetCurrentUser has authenticated the caller.
 * Dependencies: UnitOfWork, Clock, endOtherSessions.
 * Concepts: "sign out everywhere else"; the ended sessions stop their access tokens at once and
 *   their refresh tokens for good; the answer is how many ended (0 when there were none); each
 *   ended session gets a SESSION_REVOKED event (detail `signed_out_others`) in the same unit of work.
 */
import type { Clock } from '../ports/clock.port.js';
import type { UnitOfWork } from '../ports/unit-of-work.port.js';
import { endOtherSessions, type Caller } from '../shared/end-other-sessions.js';

export interface SignOutOtherSessionsOutput {
  /** How many sessions ended. */
  readonly count: number;
}

export class SignOutOtherSessions {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(input: Caller): Promise<SignOutOtherSessionsOutput> {
    const count = await this.uow.run((tx) =>
      endOtherSessions(tx, input, 'signed_out_elsewhere', this.clock.now()),
    );
    return { count };
  }
}
