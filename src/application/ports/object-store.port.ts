/**
 * Overview: the ObjectStore port: named blobs with a content type (archives, later uploads).
 * Architecture: application port; adapters: S3 (MinIO-compatible) and a local folder.
 * Dependencies: none (bodies are byte arrays or async iterables of them).
 * Concepts: keys are slash-separated paths of safe segments (no `..`, no leading slash); a put
 *   replaces any object under the same key; a missing key is null, never a throw.
 */

export const ObjectStoreToken = Symbol.for('nimbus.ObjectStore');

export type ObjectBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface StoredObject {
  readonly key: string;
  readonly contentType: string;
  /** Size in bytes. */
  readonly size: number;
  /** The bytes, streamed: read it once. */
  readonly body: AsyncIterable<Uint8Array>;
}

export interface ObjectSummary {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

export interface ObjectStore {
  /**
   * Stores `body` under `key` (replacing what was there), atomically: a reader sees the old
   * object or the new one, never a part. Throws ValidationError for an unsafe key.
   */
  put(key: string, body: ObjectBody, options: { readonly contentType: string }): Promise<void>;
  /** The object, or null when there is none. Throws ValidationError for an unsafe key. */
  get(key: string): Promise<StoredObject | null>;
  /** Objects whose key starts with `prefix`, in key order. */
  list(prefix: string): Promise<ObjectSummary[]>;
  /** Removes the object; idempotent (no error when absent). */
  delete(key: string): Promise<void>;
}
