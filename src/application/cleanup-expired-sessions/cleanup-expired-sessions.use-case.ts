/**
 * Overview: CleanupExpiredSessions: deletes archived sessions that ended (expired or revoked)
 *   longer ago than the retention period.
 * Architecture: application use case, run by the scheduler (in-process or Temporal) and the CLI.
 * Dependencies: Repositories, Clock, AuthSettings.
 * Concepts: live sessions are never touched; a session the archive job has not written is never
 *   deleted, however old (history survives a failing archive); the retention period keeps recent
 *   history visible; an aborted signal stops the run before the DELETE.
 */
import type { AuthSettings } from '../auth-settings.js';
import type { Clock } from '../ports/clock.port.js';
import type { Repositories } from '../ports/unit-of-work.port.js';

export interface CleanupResult {
  readonly deleted: number;
  readonly cutoff: Date;
}

export interface CleanupInput {
  /** Once aborted (a stopping worker), the run stops before deleting, with the signal's reason. */
  readonly signal?: AbortSignal;
}

export class CleanupExpiredSessions {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly settings: AuthSettings,
  ) {}

  async execute({ signal }: CleanupInput = {}): Promise<CleanupResult> {
    signal?.throwIfAborted();
    const cutoff = new Date(this.clock.now().getTime() - this.settings.sessionRetentionSeconds * 1000);
    const deleted = await this.repos.sessions.deleteEndedBefore(cutoff);
    return { deleted, cutoff };
  }
}
