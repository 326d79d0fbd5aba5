/**
 * Overview: ObjectStore held in memory, for the memory profile and fast tests.
 * Architecture: storage adapter (in-memory twin of the filesystem and S3 adapters); shares
 *   their contract suite.
 * Dependencies: the domain's key rule.
 * Concepts: bytes are copied in and out; a put is atomic because it swaps one map entry.
 */
import type { ObjectBody, ObjectStore, ObjectSummary, StoredObject } from '../../application/index.js';
import { assertSafeObjectKey } from '../../domain/index.js';

interface Entry {
  readonly bytes: Uint8Array;
  readonly contentType: string;
  readonly lastModified: Date;
}

async function collect(body: ObjectBody): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return Uint8Array.from(body);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(Uint8Array.from(chunk));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export class InMemoryObjectStore implements ObjectStore {
  private readonly objects = new Map<string, Entry>();

  async put(key: string, body: ObjectBody, options: { readonly contentType: string }): Promise<void> {
    assertSafeObjectKey(key);
    const bytes = await collect(body);
    this.objects.set(key, { bytes, contentType: options.contentType, lastModified: new Date() });
  }

  async get(key: string): Promise<StoredObject | null> {
    assertSafeObjectKey(key);
    const entry = this.objects.get(key);
    if (!entry) return null;
    const bytes = Uint8Array.from(entry.bytes);
    return {
      key,
      contentType: entry.contentType,
      size: bytes.length,
      body: (async function* () {
        yield bytes;
      })(),
    };
  }

  async list(prefix: string): Promise<ObjectSummary[]> {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, e]) => ({ key, size: e.bytes.length, lastModified: e.lastModified }));
  }

  async delete(key: string): Promise<void> {
    assertSafeObjectKey(key);
    this.objects.delete(key);
  }
}
