/**
 * Overview: writes one archive object: records as gzip JSON Lines under a key.
 * Architecture: application helper shared by the archive use cases (sessions, auth events).
 * Dependencies: ObjectStore, Compressor.
 * Concepts: one object per batch, one JSON record per line; the key comes from the batch's first
 *   record (archiveKey), so a batch that is redone replaces its object instead of adding one.
 */
import type { Compressor } from '../ports/compressor.port.js';
import type { ObjectStore } from '../ports/object-store.port.js';

export const ARCHIVE_CONTENT_TYPE = 'application/gzip';

/** `<prefix>YYYY/MM/DD/<compact time>-<id>.jsonl.gz`, from the time and id of a batch's first record. */
export function archiveKey(prefix: string, at: Date, id: string): string {
  const iso = at.toISOString();
  const day = iso.slice(0, 10).replace(/-/g, '/');
  const stamp = iso.replace(/[-:.]/g, '');
  return `${prefix}${day}/${stamp}-${id}.jsonl.gz`;
}

/** Stores the records as one gzip JSON Lines object under `key` (replacing what was there). */
export async function putJsonLines(
  store: ObjectStore,
  compressor: Compressor,
  key: string,
  records: readonly Record<string, unknown>[],
): Promise<void> {
  const lines = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  await store.put(key, await compressor.gzip(new TextEncoder().encode(lines)), {
    contentType: ARCHIVE_CONTENT_TYPE,
  });
}
