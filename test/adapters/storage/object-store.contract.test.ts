/**
 * Overview: the ObjectStore contract, written once and run against the in-memory, filesystem
 *   and S3 adapters (S3 talking to a real S3-protocol server, s3rver, started here); plus what
 *   only one of them can show, and the NodeCompressor.
 * Architecture: adapter contract tests (src/adapters/storage, src/adapters/system).
 * Dependencies: the three ObjectStore adapters, s3rver, the domain errors, chai.
 * Concepts: a missing key is null; a put replaces atomically; an unsafe key is a ValidationError
 *   before anything is written or sent; bodies stream in and out without being buffered whole.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { ObjectStore, StoredObject } from '../../../src/application/index.js';
import { FilesystemObjectStore } from '../../../src/adapters/storage/filesystem-object-store.js';
import { InMemoryObjectStore } from '../../../src/adapters/storage/in-memory-object-store.js';
import { S3ObjectStore, type S3ObjectStoreOptions } from '../../../src/adapters/storage/s3-object-store.js';
import { NodeCompressor } from '../../../src/adapters/system/node-compressor.js';
import { expectDomainError } from '../../support/expect-error.js';

const S3RVER_BIN = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');

interface Harness {
  readonly store: ObjectStore;
  close(): Promise<void>;
}

interface Adapter {
  readonly name: 'memory' | 'filesystem' | 's3';
  open(): Promise<Harness>;
}

const S3_BASE: Omit<S3ObjectStoreOptions, 'endpoint'> = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  forcePathStyle: true,
  bucket: 'nimbus',
};

const adapters: readonly Adapter[] = [
  {
    name: 'memory',
    async open() {
      return { store: new InMemoryObjectStore(), close: async () => {} };
    },
  },
  {
    name: 'filesystem',
    async open() {
      const dir = await mkdtemp(path.join(tmpdir(), 'nimbus-objects-'));
      return {
        store: new FilesystemObjectStore(path.join(dir, 'objects')),
        close: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 's3',
    async open() {
      const s3 = await startS3rver();
      const store = new S3ObjectStore({ ...S3_BASE, endpoint: s3.endpoint });
      await store.ensureBucket();
      return {
        store,
        close: async () => {
          store.close();
          await s3.stop();
        },
      };
    },
  },
];

/**
 * s3rver in a child process: it signs list continuation tokens with DES, which Node 17+ only
 * offers behind --openssl-legacy-provider (in-process, paginated listings fail with a 500).
 */
async function startS3rver(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'nimbus-s3rver-'));
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      S3RVER_BIN,
      '--directory',
      directory,
      '--address',
      '127.0.0.1',
      '--port',
      '0',
      '--silent',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    }
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += String(chunk);
        const match = /listening on [\d.]+:(\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('error', reject);
      child.once('exit', () => reject(new Error(`s3rver exited before listening: ${output}`)));
    });
    return { endpoint: `http://127.0.0.1:${port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const UNSAFE_KEYS = [
  '../x',
  '/abs',
  'a//b',
  'a/../b',
  '..',
  'a\\b',
  '..\\x',
  'a\u0000b',
  'a\nb',
  '',
  'a/',
  '.hidden',
];

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

async function readAll(object: StoredObject): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function* chunksOf(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield bytes(part);
}

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

for (const adapter of adapters) {
  describe(`ObjectStore contract [${adapter.name}]`, () => {
    let harness: Harness;
    let store: ObjectStore;
    beforeEach(async () => {
      harness = await adapter.open();
      store = harness.store;
    });
    afterEach(() => harness.close());

    it('round-trips bytes and content types', async () => {
      await store.put('archives/sessions/2026-01.json.gz', bytes('{"sessions":[]}'), {
        contentType: 'application/gzip',
      });
      await store.put('notes/readme.txt', chunksOf('hello, ', 'world'), {
        contentType: 'text/plain; charset=utf-8',
      });
      await store.put('empty', new Uint8Array(0), { contentType: 'application/octet-stream' });

      const archive = await store.get('archives/sessions/2026-01.json.gz');
      expect(archive).to.include({
        key: 'archives/sessions/2026-01.json.gz',
        contentType: 'application/gzip',
        size: 15,
      });
      expect(await readAll(archive!)).to.equal('{"sessions":[]}');
      const note = await store.get('notes/readme.txt');
      expect(note).to.include({ contentType: 'text/plain; charset=utf-8', size: 12 });
      expect(await readAll(note!)).to.equal('hello, world');
      const empty = await store.get('empty');
      expect(empty).to.include({ size: 0 });
      expect(await readAll(empty!)).to.equal('');
    });

    it('replaces the object, bytes and content type, on a second put', async () => {
      await store.put('report', bytes('version one, the longer one'), { contentType: 'text/plain' });
      await store.put('report', bytes('{"v":2}'), { contentType: 'application/json' });
      const report = await store.get('report');
      expect(report).to.include({ contentType: 'application/json', size: 7 });
      expect(await readAll(report!)).to.equal('{"v":2}');
      expect((await store.list('')).map((o) => [o.key, o.size])).to.deep.equal([['report', 7]]);
    });

    it('lists by prefix in key order, with sizes, nothing from other prefixes', async () => {
      const keys = ['b/2', 'a/2/x', 'a/10', 'ab', 'a', 'a-b', 'a/1'];
      for (const [i, key] of keys.entries()) {
        await store.put(key, bytes('x'.repeat(i + 1)), { contentType: 'text/plain' });
      }
      const size = (key: string): number => keys.indexOf(key) + 1;
      const listed = async (prefix: string): Promise<string[]> =>
        (await store.list(prefix)).map((o) => o.key);

      const all = await store.list('');
      expect(all.map((o) => o.key)).to.deep.equal(['a', 'a-b', 'a/1', 'a/10', 'a/2/x', 'ab', 'b/2']);
      for (const object of all) {
        expect(object.size, object.key).to.equal(size(object.key));
        expect(object.lastModified).to.be.instanceOf(Date);
        expect(Math.abs(object.lastModified.getTime() - Date.now())).to.be.below(60_000);
      }
      expect(await listed('a/')).to.deep.equal(['a/1', 'a/10', 'a/2/x']);
      expect(await listed('a/1')).to.deep.equal(['a/1', 'a/10']);
      expect(await listed('a/2/')).to.deep.equal(['a/2/x']);
      expect(await listed('a')).to.deep.equal(['a', 'a-b', 'a/1', 'a/10', 'a/2/x', 'ab']);
      expect(await listed('b')).to.deep.equal(['b/2']);
      expect(await listed('c')).to.deep.equal([]);
      expect(await listed('a/2/x/')).to.deep.equal([]);
      expect(await listed('../')).to.deep.equal([]);
    });

    it('answers null for a missing key, also where a longer key exists', async () => {
      await store.put('folder/inner', bytes('x'), { contentType: 'text/plain' });
      expect(await store.get('missing')).to.equal(null);
      expect(await store.get('folder')).to.equal(null);
      expect(await store.get('folder/inner/deeper')).to.equal(null);
      expect(await store.get('no/such/folder/file')).to.equal(null);
    });

    it('deletes idempotently', async () => {
      await store.delete('never-there');
      await store.put('a/b/c', bytes('x'), { contentType: 'text/plain' });
      await store.put('a/keep', bytes('y'), { contentType: 'text/plain' });
      await store.delete('a/b/c');
      await store.delete('a/b/c');
      expect(await store.get('a/b/c')).to.equal(null);
      expect((await store.list('')).map((o) => o.key)).to.deep.equal(['a/keep']);
      expect(await readAll((await store.get('a/keep'))!)).to.equal('y');
    });

    it('rejects unsafe keys with VALIDATION_ERROR and writes nothing', async () => {
      for (const key of UNSAFE_KEYS) {
        await expectDomainError(
          store.put(key, bytes('evil'), { contentType: 'text/plain' }),
          'VALIDATION_ERROR',
        );
        await expectDomainError(
          store.put(key, chunksOf('evil'), { contentType: 'text/plain' }),
          'VALIDATION_ERROR',
        );
        await expectDomainError(store.get(key), 'VALIDATION_ERROR');
        await expectDomainError(store.delete(key), 'VALIDATION_ERROR');
      }
      expect(await store.list('')).to.deep.equal([]);
    });

    it('streams a 10 MiB object in and out unchanged', async () => {
      const CHUNK = 64 * 1024;
      const COUNT = 161; // 10 MiB + 64 KiB: more than two 5 MiB parts for S3
      const sent = createHash('sha256');
      async function* generated(): AsyncIterable<Uint8Array> {
        for (let i = 0; i < COUNT; i++) {
          const chunk = randomBytes(CHUNK);
          sent.update(chunk);
          yield chunk;
        }
      }
      await store.put('big/blob.bin', generated(), { contentType: 'application/octet-stream' });

      const object = await store.get('big/blob.bin');
      expect(object).to.include({ size: CHUNK * COUNT, contentType: 'application/octet-stream' });
      const received = createHash('sha256');
      let length = 0;
      for await (const chunk of object!.body) {
        received.update(chunk);
        length += chunk.length;
      }
      expect(length).to.equal(CHUNK * COUNT);
      expect(received.digest('hex')).to.equal(sent.digest('hex'));
      expect(await store.list('big/')).to.have.length(1);
    });
  });
}

describe('FilesystemObjectStore', () => {
  let dir: string;
  let root: string;
  let store: FilesystemObjectStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nimbus-objects-'));
    root = path.join(dir, 'objects');
    store = new FilesystemObjectStore(root);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the previous version and no temp file when a put fails midway', async () => {
    await store.put('state/current', bytes('version one'), { contentType: 'text/plain' });
    async function* failing(): AsyncIterable<Uint8Array> {
      yield bytes('partial ');
      yield bytes('data ');
      throw new Error('the source broke');
    }
    let thrown: unknown = null;
    await store.put('state/current', failing(), { contentType: 'application/json' }).catch((error) => {
      thrown = error;
    });
    expect((thrown as Error | null)?.message).to.equal('the source broke');

    const current = await store.get('state/current');
    expect(current).to.include({ contentType: 'text/plain', size: 11 });
    expect(await readAll(current!)).to.equal('version one');
    expect(await filesUnder(dir)).to.deep.equal([path.join('objects', 'state', 'current~obj')]);
  });

  it('lets a reader finish the version it opened while a put replaces it', async () => {
    await store.put('doc', bytes('old bytes'), { contentType: 'text/plain' });
    const opened = await store.get('doc');
    await store.put('doc', bytes('{"new":true}'), { contentType: 'application/json' });
    expect(opened).to.include({ contentType: 'text/plain', size: 9 });
    expect(await readAll(opened!)).to.equal('old bytes');
    expect(await readAll((await store.get('doc'))!)).to.equal('{"new":true}');
  });

  it('never writes outside its root for unsafe keys', async () => {
    const outside = path.join(dir, 'escaped');
    for (const key of [...UNSAFE_KEYS, outside, `../escaped`, `objects/../../escaped`]) {
      await expectDomainError(
        store.put(key, bytes('evil'), { contentType: 'text/plain' }),
        'VALIDATION_ERROR',
      );
    }
    expect(await filesUnder(dir)).to.deep.equal([]);
  });

  it('hides temp and foreign files from list and removes emptied folders on delete', async () => {
    await store.put('a/b/c', bytes('x'), { contentType: 'text/plain' });
    await writeFile(path.join(root, 'a', '.tmp-leftover'), 'half');
    await writeFile(path.join(root, 'a', 'stray.txt'), 'not an object');
    expect((await store.list('')).map((o) => o.key)).to.deep.equal(['a/b/c']);
    await store.delete('a/b/c');
    expect(await readdir(path.join(root, 'a'))).to.have.members(['.tmp-leftover', 'stray.txt']);
  });
});

describe('S3ObjectStore', () => {
  it('creates a missing bucket and leaves an existing one, objects included, alone', async () => {
    const s3 = await startS3rver();
    const store = new S3ObjectStore({ ...S3_BASE, endpoint: s3.endpoint, bucket: 'fresh-bucket' });
    try {
      await store.ensureBucket();
      await store.put('k', bytes('v'), { contentType: 'text/plain' });
      await store.ensureBucket();
      expect((await store.list('')).map((o) => o.key)).to.deep.equal(['k']);
    } finally {
      store.close();
      await s3.stop();
    }
  });

  it('pages through long listings with continuation tokens', async () => {
    const s3 = await startS3rver();
    const store = new S3ObjectStore({ ...S3_BASE, endpoint: s3.endpoint, listPageSize: 2 });
    try {
      await store.ensureBucket();
      const keys = ['logs/1', 'logs/2', 'logs/3', 'logs/4', 'logs/5', 'logs/6', 'logs/7', 'other/1', 'zz'];
      for (const key of [...keys].reverse()) await store.put(key, bytes(key), { contentType: 'text/plain' });
      expect((await store.list('logs/')).map((o) => o.key)).to.deep.equal(keys.slice(0, 7));
      expect((await store.list('')).map((o) => [o.key, o.size])).to.deep.equal(
        keys.map((k) => [k, k.length]),
      );
    } finally {
      store.close();
      await s3.stop();
    }
  });

  it('reports an unreachable endpoint as SERVICE_UNAVAILABLE, unsafe keys still as VALIDATION_ERROR', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const store = new S3ObjectStore({ ...S3_BASE, endpoint });
    try {
      await expectDomainError(store.ensureBucket(), 'SERVICE_UNAVAILABLE');
      await expectDomainError(
        store.put('k', bytes('v'), { contentType: 'text/plain' }),
        'SERVICE_UNAVAILABLE',
      );
      await expectDomainError(
        store.put('k', chunksOf('v'), { contentType: 'text/plain' }),
        'SERVICE_UNAVAILABLE',
      );
      await expectDomainError(store.get('k'), 'SERVICE_UNAVAILABLE');
      await expectDomainError(store.list(''), 'SERVICE_UNAVAILABLE');
      await expectDomainError(store.delete('k'), 'SERVICE_UNAVAILABLE');
      // Rejected before any request: otherwise these would be outages too.
      await expectDomainError(store.get('../k'), 'VALIDATION_ERROR');
      await expectDomainError(
        store.put('a//b', bytes('v'), { contentType: 'text/plain' }),
        'VALIDATION_ERROR',
      );
    } finally {
      store.close();
    }
  });
});

describe('NodeCompressor', () => {
  const compressor = new NodeCompressor();

  it('gunzips what it gzipped', async () => {
    const data = bytes('session archive '.repeat(1000));
    const packed = await compressor.gzip(data);
    expect([packed[0], packed[1]]).to.deep.equal([0x1f, 0x8b]);
    expect(packed.length).to.be.below(data.length / 10);
    expect(Buffer.from(await compressor.gunzip(packed)).equals(Buffer.from(data))).to.equal(true);
    expect((await compressor.gunzip(await compressor.gzip(new Uint8Array(0)))).length).to.equal(0);
  });

  it('rejects input that is not gzip', async () => {
    let thrown: unknown = null;
    await compressor.gunzip(bytes('definitely not gzip')).catch((error) => {
      thrown = error;
    });
    expect(thrown).to.be.instanceOf(Error);
  });
});
