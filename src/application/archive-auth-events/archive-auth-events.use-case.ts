/**
 * Overview: ArchiveAuthEvents: writes auth events older than the retention period to object
 *   storage as gzip JSON Lines, then deletes exactly the events it wrote.
 * Architecture: application use case, run by the session archive job (after ArchiveSessions) and
 *   on its own by tests.
 * Dependencies: Repositories (authEvents), ObjectStore, Compressor, Clock, AuthEventArchiveSettings.
 * Concepts: one object per batch, up to 10 batches a run, oldest events first; the key comes from
 *   the batch's oldest event, so a batch that failed between writing and deleting is redone under
 *   the same key (the object is replaced): nothing is lost, nothing is archived twice; an aborted
 *   signal stops the run before a listing or a write, never between write and delete.
 */
import type { AuthEvent } from '../../domain/index.js';
import type { Clock } from '../ports/clock.port.js';
import type { Compressor } from '../ports/compressor.port.js';
import type { ObjectStore } from '../ports/object-store.port.js';
import type { Repositories } from '../ports/unit-of-work.port.js';
import { archiveKey, putJsonLines } from '../shared/json-lines-archive.js';

export interface AuthEventArchiveSettings {
  /** Events older than this are archived, then deleted (`audit.retention`). */
  readonly retentionSeconds: number;
  /** At most this many events per object. */
  readonly batchSize: number;
}

export interface AuthEventArchiveResult {
  /** Events written and then deleted. */
  readonly archived: number;
  /** The first object written, or null when nothing was old enough. */
  readonly key: string | null;
}

export const AUTH_EVENT_ARCHIVE_PREFIX = 'auth-events/archive/';
const MAX_BATCHES_PER_RUN = 10;

/** An archived event: every field (an event holds no secret), times as ISO strings. */
function record(e: AuthEvent): Record<string, unknown> {
  return { ...e, occurredAt: e.occurredAt.toISOString() };
}

export class ArchiveAuthEvents {
  constructor(
    private readonly repos: Repositories,
    private readonly store: ObjectStore,
    private readonly compressor: Compressor,
    private readonly clock: Clock,
    private readonly settings: AuthEventArchiveSettings,
  ) {}

  async execute({ signal }: { readonly signal?: AbortSignal } = {}): Promise<AuthEventArchiveResult> {
    let archived = 0;
    let firstKey: string | null = null;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      signal?.throwIfAborted();
      const cutoff = new Date(this.clock.now().getTime() - this.settings.retentionSeconds * 1000);
      const events = await this.repos.authEvents.listOccurredBefore(cutoff, this.settings.batchSize);
      const [first] = events;
      if (!first) break;
      signal?.throwIfAborted();
      const key = archiveKey(AUTH_EVENT_ARCHIVE_PREFIX, first.occurredAt, first.id);
      await putJsonLines(this.store, this.compressor, key, events.map(record));
      // Only what was written goes.
      archived += await this.repos.authEvents.deleteMany(events.map((e) => e.id));
      firstKey ??= key;
      if (events.length < this.settings.batchSize) break;
    }
    return { archived, key: firstKey };
  }
}
