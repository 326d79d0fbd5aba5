/**
 * Overview: ArchiveSessions (SECURITY S5, spec task 1.9 sessionArchive) on both persistence
 *   adapters: ended sessions become one gzip JSON Lines object, then leave the database; a failure
 *   between writing and deleting loses nothing and duplicates nothing.
 * Architecture: use-case tests through the real composition root, with an in-memory object store.
 * Dependencies: the test app harness, node:zlib (to read archives back), chai.
 * Concepts: the archive key comes from the oldest ended session, so a retried run rewrites the
 *   same object.
 */
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import {
  ARCHIVE_CONTENT_TYPE,
  ARCHIVE_PREFIX,
  RepositoriesToken,
  type ObjectStore,
  type Repositories,
} from '../../src/application/index.js';
import { InMemoryObjectStore } from '../../src/adapters/storage/in-memory-object-store.js';
import { buildUseCases, portsOf } from '../../src/bootstrap/use-cases.js';
import { createTestApp, kinds, type TestApp } from '../support/app.js';
import { ADMIN, seedSetup } from '../support/seed.js';

async function readArchive(store: ObjectStore, key: string): Promise<Record<string, unknown>[]> {
  const object = await store.get(key);
  expect(object?.contentType).to.equal(ARCHIVE_CONTENT_TYPE);
  const chunks: Uint8Array[] = [];
  for await (const chunk of object!.body) chunks.push(chunk);
  const text = gunzipSync(Buffer.concat(chunks)).toString('utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

for (const kind of kinds) {
  describe(`session archive [${kind}]`, () => {
    let app: TestApp;
    let store: InMemoryObjectStore;
    let repos: Repositories;
    const endSessions = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const { tokens } = await app.runtime.useCases.login.execute({
          email: ADMIN.email,
          password: ADMIN.password,
        });
        await app.runtime.useCases.logout.execute({ sessionId: tokens.sessionId });
        ids.push(tokens.sessionId);
        app.clock.advance(1);
      }
      return ids;
    };

    beforeEach(async () => {
      store = new InMemoryObjectStore();
      app = await createTestApp(kind, { objectStore: store });
      await seedSetup(app);
      repos = app.runtime.get<Repositories>(RepositoriesToken);
    });
    afterEach(() => app.close());

    it('writes ended sessions as gzip JSON Lines, without token material, and marks them archived', async () => {
      const ended = await endSessions(3);
      const live = (
        await app.runtime.useCases.login.execute({ email: ADMIN.email, password: ADMIN.password })
      ).tokens;
      app.clock.advance(2 * 3600);
      const result = await app.runtime.useCases.archiveSessions.execute();
      expect(result.archived).to.equal(3);
      expect(result.key).to.match(/^sessions\/archive\/\d{4}\/\d{2}\/\d{2}\/.+\.jsonl\.gz$/);
      const records = await readArchive(store, result.key!);
      expect(records.map((r) => r.id)).to.deep.equal(ended);
      expect(records[0]).to.include({ revokeReason: 'logout', userAgent: null });
      expect(JSON.stringify(records)).to.not.match(/hash/i);
      // Kept for the retention period (cleanup deletes them later), but never archived twice.
      for (const id of ended) expect(await repos.sessions.findById(id)).to.not.equal(null);
      expect(await repos.sessions.listEndedBefore(app.clock.now(), 10)).to.deep.equal([]);
      expect((await repos.sessions.findById(live.sessionId))?.revokedAt).to.equal(null);
      expect(await app.runtime.useCases.archiveSessions.execute()).to.deep.include({
        archived: 0,
        key: null,
      });
      expect(await store.list(ARCHIVE_PREFIX)).to.have.length(1);
    });

    it('writes several batches in one run, one object each, until a batch comes back short', async () => {
      await app.close();
      app = await createTestApp(kind, { objectStore: store, jobs: { archiveBatchSize: 2 } });
      await seedSetup(app);
      repos = app.runtime.get<Repositories>(RepositoriesToken);
      const ended = await endSessions(5);
      app.clock.advance(2 * 3600);
      const result = await app.runtime.useCases.archiveSessions.execute();
      expect(result.archived).to.equal(5);
      const objects = await store.list(ARCHIVE_PREFIX);
      expect(objects).to.have.length(3);
      expect(result.key).to.equal(objects.map((o) => o.key).sort()[0]);
      const written = [];
      for (const o of objects) written.push(...(await readArchive(store, o.key)).map((r) => r.id));
      expect(written.sort()).to.deep.equal([...ended].sort());
    });

    it('leaves recently ended sessions for a later run', async () => {
      await endSessions(2);
      app.clock.advance(60); // archiveAfter is 1 h by default
      expect((await app.runtime.useCases.archiveSessions.execute()).archived).to.equal(0);
      expect(await store.list(ARCHIVE_PREFIX)).to.deep.equal([]);
    });

    it('loses nothing and duplicates nothing when it fails between writing and marking', async () => {
      const first = await endSessions(2);
      app.clock.advance(2 * 3600);
      const r = app.runtime;
      const failingRepos: Repositories = {
        ...repos,
        sessions: Object.assign(Object.create(repos.sessions) as Repositories['sessions'], {
          markArchived: () => Promise.reject(new Error('injected: crash before marking')),
        }),
      };
      const broken = buildUseCases(
        { ...portsOf(r.container), repositories: failingRepos },
        r.config,
      ).archiveSessions;
      let thrown: unknown;
      await broken.execute().catch((e: unknown) => (thrown = e));
      expect((thrown as Error).message).to.include('injected');
      for (const id of first) expect(await repos.sessions.findById(id), 'nothing lost').to.not.equal(null);
      // Cleanup cannot delete what was never marked archived, however old.

      app.clock.advance(30 * 86400);

      expect((await app.runtime.useCases.cleanupExpiredSessions.execute()).deleted).to.equal(0);
      const [written] = await store.list(ARCHIVE_PREFIX);

      // More sessions end before the retry; the retry still rewrites the same object.
      const later = await endSessions(1);
      app.clock.advance(2 * 3600);
      const retry = await app.runtime.useCases.archiveSessions.execute();
      expect(retry.key).to.equal(written!.key);
      expect(retry.archived).to.equal(3);
      const objects = await store.list(ARCHIVE_PREFIX);
      expect(objects.map((o) => o.key)).to.deep.equal([written!.key]);
      const ids = (await readArchive(store, retry.key!)).map((rec) => rec.id);
      expect(ids).to.deep.equal([...first, ...later]);
      expect(new Set(ids).size).to.equal(ids.length);
      expect(await repos.sessions.listEndedBefore(app.clock.now(), 10)).to.deep.equal([]);
      // Archived and past retention (7 d): now cleanup removes them.
      app.clock.advance(8 * 86400);
      expect((await app.runtime.useCases.cleanupExpiredSessions.execute()).deleted).to.equal(3);
      for (const id of ids) expect(await repos.sessions.findById(id as string)).to.equal(null);
    });
  });
}
