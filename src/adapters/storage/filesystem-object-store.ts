/**
 * Overview: ObjectStore in a local folder (the embedded profile's `<dataDir>/objects`).
 * Architecture: storage adapter for the application's ObjectStore port.
 * Dependencies: node:fs/promises, node:path, the domain's key rule.
 * Concepts: one file per object, `<root>/<key>~obj`, holding a fixed 1 KiB JSON header (the
 *   content type) and then the bytes, so data and content type are replaced by ONE rename and a
 *   reader (who keeps the file it opened) never mixes two versions. Writes go to a hidden
 *   `.tmp-*` file in the same folder, are fsynced, then renamed over the old object. The `~`
 *   suffix cannot occur in a key, so key `a` (file `a~obj`) and key `a/b` (folder `a`) coexist.
 *   Limitation: on a case-insensitive filesystem, keys differing only in case collide.
 */
import { randomUUID } from 'node:crypto';
import type { Dirent, Stats } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectBody, ObjectStore, ObjectSummary, StoredObject } from '../../application/index.js';
import { assertSafeObjectKey, isSafeObjectKey, ValidationError } from '../../domain/index.js';

const OBJECT_SUFFIX = '~obj';
const HEADER_BYTES = 1024;
const TEMP_PREFIX = '.tmp-';
// NAME_MAX of nearly every filesystem, less the suffix.
const MAX_SEGMENT = 255 - OBJECT_SUFFIX.length;
// Archives hold session data: readable by the Nimbus user only.
const FILE_MODE = 0o600;

interface Header {
  readonly contentType: string;
}

export class FilesystemObjectStore implements ObjectStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async put(key: string, body: ObjectBody, options: { readonly contentType: string }): Promise<void> {
    const file = this.fileOf(key);
    const header = encodeHeader({ contentType: options.contentType });
    const { handle, temp } = await this.createTemp(path.dirname(file));
    try {
      await writeAll(handle, header);
      if (body instanceof Uint8Array) await writeAll(handle, body);
      else for await (const chunk of body) await writeAll(handle, chunk);
      await handle.sync();
      await handle.close();
      await rename(temp, file);
    } catch (error) {
      await handle.close().catch(() => {});
      await rm(temp, { force: true });
      throw error;
    }
    await syncFolder(path.dirname(file));
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.fileOf(key);
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if (isAbsent(error)) return null;
      throw error;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new Error(`Object file of "${key}" is not a regular file.`);
      const header = await readHeader(handle, key);
      // The stream reads through the handle already open: a concurrent put renames a new
      // file into place without touching the bytes this reader sees.
      const body = handle.createReadStream({ start: HEADER_BYTES, autoClose: true });
      return { key, contentType: header.contentType, size: info.size - HEADER_BYTES, body };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async list(prefix: string): Promise<ObjectSummary[]> {
    const cut = prefix.lastIndexOf('/');
    const folderKey = cut < 0 ? '' : prefix.slice(0, cut);
    // No key lies under a folder part that is not itself a safe key (this also keeps the walk
    // inside the root).
    if (folderKey !== '' && !isSafeObjectKey(folderKey)) return [];
    const found: ObjectSummary[] = [];
    const start = folderKey === '' ? this.root : path.join(this.root, ...folderKey.split('/'));
    await this.walk(start, folderKey, prefix, found);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    const file = this.fileOf(key);
    await rm(file, { force: true });
    await this.pruneEmptyFolders(path.dirname(file));
  }

  /** The object's file; rejects unsafe keys, and re-checks the resolved path as a second line. */
  private fileOf(key: string): string {
    assertSafeObjectKey(key);
    if (key.split('/').some((segment) => segment.length > MAX_SEGMENT)) {
      throw new ValidationError([
        { field: 'key', message: `segments must be at most ${MAX_SEGMENT} characters here` },
      ]);
    }
    const file = path.resolve(this.root, ...key.split('/')) + OBJECT_SUFFIX;
    const relative = path.relative(this.root, file);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new ValidationError([{ field: 'key', message: 'must stay inside the object store' }]);
    }
    return file;
  }

  private async createTemp(folder: string): Promise<{ handle: FileHandle; temp: string }> {
    for (let attempt = 1; ; attempt++) {
      await mkdir(folder, { recursive: true });
      const temp = path.join(folder, `${TEMP_PREFIX}${randomUUID()}`);
      try {
        return { handle: await open(temp, 'wx', FILE_MODE), temp };
      } catch (error) {
        // A concurrent delete may prune the folder between mkdir and open: make it again.
        if (errorCode(error) !== 'ENOENT' || attempt >= 5) throw error;
      }
    }
  }

  private async walk(
    folder: string,
    folderKey: string,
    prefix: string,
    found: ObjectSummary[],
  ): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isAbsent(error)) return;
      throw error;
    }
    for (const entry of entries) {
      const isObject = entry.isFile() && entry.name.endsWith(OBJECT_SUFFIX);
      const segment = isObject ? entry.name.slice(0, -OBJECT_SUFFIX.length) : entry.name;
      // Skips temp files (leading dot), symbolic links and anything a key cannot name.
      if (!isSafeObjectKey(segment) || !(isObject || entry.isDirectory())) continue;
      const key = folderKey === '' ? segment : `${folderKey}/${segment}`;
      const full = path.join(folder, entry.name);
      if (isObject) {
        if (!key.startsWith(prefix)) continue;
        const info = await statOrNull(full);
        if (info) found.push({ key, size: Math.max(0, info.size - HEADER_BYTES), lastModified: info.mtime });
      } else if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`)) {
        await this.walk(full, key, prefix, found);
      }
    }
  }

  private async pruneEmptyFolders(from: string): Promise<void> {
    for (
      let folder = from;
      folder !== this.root && folder.startsWith(this.root);
      folder = path.dirname(folder)
    ) {
      try {
        await rmdir(folder);
      } catch {
        return; // not empty (or already gone): the folders above are not empty either
      }
    }
  }
}

function encodeHeader(header: Header): Uint8Array {
  const json = Buffer.from(JSON.stringify({ v: 1, contentType: header.contentType }), 'utf8');
  if (json.length >= HEADER_BYTES) {
    throw new ValidationError([
      { field: 'contentType', message: `must be shorter than ${HEADER_BYTES - 40} bytes` },
    ]);
  }
  const block = Buffer.alloc(HEADER_BYTES, ' ');
  json.copy(block);
  block[HEADER_BYTES - 1] = 0x0a;
  return block;
}

async function readHeader(handle: FileHandle, key: string): Promise<Header> {
  const block = Buffer.alloc(HEADER_BYTES);
  const { bytesRead } = await handle.read(block, 0, HEADER_BYTES, 0);
  let parsed: unknown = null;
  try {
    if (bytesRead === HEADER_BYTES) parsed = JSON.parse(block.toString('utf8'));
  } catch {
    parsed = null;
  }
  const contentType = (parsed as { contentType?: unknown } | null)?.contentType;
  if (typeof contentType !== 'string') throw new Error(`Object file of "${key}" has no valid header.`);
  return { contentType };
}

async function writeAll(handle: FileHandle, data: Uint8Array): Promise<void> {
  for (let offset = 0; offset < data.length;) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

/** Makes the rename durable; best effort, as not every platform can fsync a folder. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // the object is in place; only its durability across a power cut is less certain
  }
}

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await stat(file);
  } catch (error) {
    if (isAbsent(error)) return null; // deleted since the folder was read
    throw error;
  }
}

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/** ENOTDIR: a path component is a file; EISDIR cannot occur, object files end in `~obj`. */
function isAbsent(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
