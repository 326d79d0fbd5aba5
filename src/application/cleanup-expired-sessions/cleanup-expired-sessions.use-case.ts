/**
 * Overview: CleanupExpiredSessions: records SESSION_EXPIRED for every session found expired, then
 *   deletes archived sessions that ended (expired or revoked) longer ago than the retention period.
 * Architecture: application use case, run by the scheduler (in-process or Temporal) and the CLI.
 * Dependencies: UnitOfWork, Repositories, Clock, AuthSettings.
 * Concepts: an expired session is taken (marked) and its event written in one unit of work, batch
 *   by batch, so each gets exactly one SESSION_EXPIRED, and all are recorded before any deleting
 *   (no session leaves unrecorded); live sessions are never touched; a session the archive job
 *   has not written is never deleted, however old; an aborted signal stops the run before its
 *   next batch or the DELETE.
 */
import { authEvent, sessionAbsoluteEnd, type Session } from '../../domain/index.js';
import type { AuthSettings } from '../auth-settings.js';
import type { Clock } from '../ports/clock.port.js';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.port.js';

export interface CleanupResult {
  readonly deleted: number;
  readonly cutoff: Date;
  /** Sessions found expired (each recorded once as SESSION_EXPIRED). */
  readonly expired: number;
}

export interface CleanupInput {
  /** Once aborted (a stopping worker), the run stops before deleting, with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** Expired sessions taken (and recorded) per unit of work. */
export const EXPIRY_BATCH = 1000;

export class CleanupExpiredSessions {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly settings: AuthSettings,
  ) {}

  async execute({ signal }: CleanupInput = {}): Promise<CleanupResult> {
    let expired = 0;
    let taken: number;
    do {
      signal?.throwIfAborted();
      taken = await this.uow.run(async (tx) => {
        const now = this.clock.now();
        const sessions = await tx.sessions.takeExpired(now, EXPIRY_BATCH);
        if (sessions.length > 0) await tx.authEvents.record(sessions.map((s) => this.expiry(s, now)));
        return sessions.length;
      });
      expired += taken;
    } while (taken === EXPIRY_BATCH);
    signal?.throwIfAborted();
    const cutoff = new Date(this.clock.now().getTime() - this.settings.sessionRetentionSeconds * 1000);
    const deleted = await this.repos.sessions.deleteEndedBefore(cutoff);
    return { deleted, cutoff, expired };
  }

  /** No request caused it: the session's own sign-in address and device, no trace id. */
  private expiry(session: Session, now: Date) {
    // Terms start on a whole second, so a term that ran to the absolute end may stop short of it
    // by less than one.
    const end = sessionAbsoluteEnd(session, this.settings.sessionMaxLifetimeSeconds).getTime();
    const atEnd = end - session.expiresAt.getTime() < 1000;
    return authEvent('SESSION_EXPIRED', now, {
      userId: session.userId,
      sessionId: session.id,
      ip: session.ip,
      userAgent: session.userAgent,
      detail: atEnd ? 'max_lifetime' : 'inactivity',
    });
  }
}
