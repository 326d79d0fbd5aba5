/**
 * Overview: ArchiveSessions, the archive job: writes ended sessions to object storage as gzip JSON
 *   Lines, then marks exactly the sessions it wrote as archived (cleanup deletes them later); then
 *   hands over to ArchiveAuthEvents, so that the same job archives the audit trail.
 * Architecture: application use case, run by the scheduler (in-process or Temporal) and the CLI.
 * Dependencies: Repositories, ObjectStore, Compressor, Clock, ArchiveSettings, ArchiveAuthEvents.
 * Concepts: one object per batch, up to 10 batches a run; the key is derived from the oldest
 *   session of the batch (in order of ending), so a batch that failed between writing and marking
 *   is redone under the same key: the object is replaced, nothing is lost and nothing is archived
 *   twice; an aborted signal stops the run before a listing or a write, never between write and
 *   mark.
 */
import { sessionEndedAt, type Session } from '../../domain/index.js';
import type { AuthEventArchiveResult } from '../archive-auth-events/archive-auth-events.use-case.js';
import type { Clock } from '../ports/clock.port.js';
import type { Compressor } from '../ports/compressor.port.js';
import type { ObjectStore } from '../ports/object-store.port.js';
import type { Repositories } from '../ports/unit-of-work.port.js';
import { archiveKey, putJsonLines } from '../shared/json-lines-archive.js';

export { ARCHIVE_CONTENT_TYPE } from '../shared/json-lines-archive.js';

export interface ArchiveSettings {
  /** Sessions that ended longer ago than this are archived. */
  readonly archiveAfterSeconds: number;
  /** At most this many sessions per run (per object). */
  readonly batchSize: number;
}

export interface ArchiveResult {
  readonly archived: number;
  /** The first object written, or null when there was nothing to archive. */
  readonly key: string | null;
  /** What the same run archived of the auth events. */
  readonly events: AuthEventArchiveResult;
}

export interface ArchiveInput {
  /** Once aborted (a stopping worker), the run stops before its next step with the signal's reason. */
  readonly signal?: AbortSignal;
}

export const ARCHIVE_PREFIX = 'sessions/archive/';
/** At most this many batches (objects) per run; the next run goes on where it stopped. */
export const MAX_BATCHES_PER_RUN = 10;

/** What is kept of a session: everything but token material. */
function record(s: Session): Record<string, unknown> {
  return {
    id: s.id,
    userId: s.userId,
    providerId: s.providerId,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    revokedAt: s.revokedAt?.toISOString() ?? null,
    revokeReason: s.revokeReason,
    endedAt: sessionEndedAt(s).toISOString(),
    generation: s.generation,
    ip: s.ip,
    userAgent: s.userAgent,
  };
}

export class ArchiveSessions {
  constructor(
    private readonly repos: Repositories,
    private readonly store: ObjectStore,
    private readonly compressor: Compressor,
    private readonly clock: Clock,
    private readonly settings: ArchiveSettings,
    private readonly events: { execute(input: ArchiveInput): Promise<AuthEventArchiveResult> },
  ) {}

  async execute({ signal }: ArchiveInput = {}): Promise<ArchiveResult> {
    let archived = 0;
    let firstKey: string | null = null;
    // Several batches per run, so that archiving (and so cleanup) keeps up with a busy day.
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      signal?.throwIfAborted();
      const cutoff = new Date(this.clock.now().getTime() - this.settings.archiveAfterSeconds * 1000);
      const sessions = await this.repos.sessions.listEndedBefore(cutoff, this.settings.batchSize);
      const [first] = sessions;
      if (!first) break;
      signal?.throwIfAborted();
      const key = archiveKey(ARCHIVE_PREFIX, sessionEndedAt(first), first.id);
      await putJsonLines(this.store, this.compressor, key, sessions.map(record));
      // Only now may cleanup delete them: an unwritten session is never marked.
      await this.repos.sessions.markArchived(
        sessions.map((s) => s.id),
        this.clock.now(),
      );
      archived += sessions.length;
      firstKey ??= key;
      if (sessions.length < this.settings.batchSize) break;
    }
    return { archived, key: firstKey, events: await this.events.execute({ signal }) };
  }
}
