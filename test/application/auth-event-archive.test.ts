/**
 * Overview: the archive of auth events on both persistence adapters: the session archive job
 *   also writes events older than `audit.retention` to object storage as gzip JSON Lines, then
 *   deletes exactly those; a failure between writing and deleting loses nothing and duplicates
 *   nothing.
 * Architecture: use-case tests through the real composition root and the jobs table, with an
 *   in-memory object store; the failure is injected through buildUseCases.
 * Dependencies: the test app harness, the jobs table, node:zlib (to read archives back), chai.
 * Concepts: the key comes from the batch's oldest event, so a redone batch replaces its object.
 */
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import {
  ARCHIVE_CONTENT_TYPE,
  AUTH_EVENT_ARCHIVE_PREFIX,
  RepositoriesToken,
  type ObjectStore,
  type Repositories,
} from '../../src/application/index.js';
import { InMemoryObjectStore } from '../../src/adapters/storage/in-memory-object-store.js';
import { jobsOf } from '../../src/bootstrap/jobs.js';
import { buildUseCases, portsOf } from '../../src/bootstrap/use-cases.js';
import { createTestApp, kinds, type TestApp } from '../support/app.js';
import { ADMIN, seedSetup } from '../support/seed.js';

async function readArchive(store: ObjectStore, key: string): Promise<Record<string, unknown>[]> {
  const object = await store.get(key);
  expect(object?.contentType).to.equal(ARCHIVE_CONTENT_TYPE);
  const chunks: Uint8Array[] = [];
  for await (const chunk of object!.body) chunks.push(chunk);
  return gunzipSync(Buffer.concat(chunks))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const DAY = 86400;

for (const kind of kinds) {
  describe(`auth event archive [${kind}]`, () => {
    let app: TestApp;
    let store: InMemoryObjectStore;
    let repos: Repositories;
    const archiveJob = () => jobsOf(app.runtime).find((j) => j.name === 'sessionArchive')!;

    beforeEach(async () => {
      store = new InMemoryObjectStore();
      app = await createTestApp(kind, { objectStore: store, jobs: { archiveBatchSize: 3 } });
      await seedSetup(app);
      repos = app.runtime.get<Repositories>(RepositoriesToken);
    });
    afterEach(() => app.close());

    /** `n` refused logins a second apart (LOGIN_FAILED events), at the clock's time. */
    const refusals = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await app.runtime.useCases.login
          .execute({ email: `nobody${i}@example.com`, password: 'pw', ip: '192.0.2.1', traceId: `t-${i}` })
          .catch(() => undefined);
        app.clock.advance(1);
      }
    };

    it('the archive job writes events past retention as gzip JSON Lines and deletes exactly those', async () => {
      app.clock.advance(1);
      await refusals(4);
      app.clock.advance(89 * DAY);
      const { tokens } = await app.runtime.useCases.login.execute({
        email: ADMIN.email,
        password: ADMIN.password,
      });
      app.clock.advance(1 * DAY + 60); // the four refusals and the setup are now past 90 days
      const old = await repos.authEvents.listOccurredBefore(
        new Date(app.clock.now().getTime() - 90 * DAY * 1000),
        100,
      );
      expect(old.map((e) => e.type)).to.deep.equal([
        'SETUP_COMPLETED',
        'LOGIN_FAILED',
        'LOGIN_FAILED',
        'LOGIN_FAILED',
        'LOGIN_FAILED',
      ]);

      const result = (await archiveJob().run()) as { events: { archived: number; key: string } };
      expect(result.events.archived).to.equal(5);
      const objects = await store.list(AUTH_EVENT_ARCHIVE_PREFIX);
      expect(objects).to.have.length(2); // batches of 3
      expect(result.events.key).to.equal(objects[0]!.key);
      expect(result.events.key).to.match(
        /^auth-events\/archive\/\d{4}\/\d{2}\/\d{2}\/\d{8}T\d{9}Z-[0-9a-f-]{36}\.jsonl\.gz$/,
      );
      const records = [
        ...(await readArchive(store, objects[0]!.key)),
        ...(await readArchive(store, objects[1]!.key)),
      ];
      expect(records.map((r) => r.id)).to.deep.equal(old.map((e) => e.id));
      expect(records[1]).to.deep.equal({
        id: old[1]!.id,
        occurredAt: old[1]!.occurredAt.toISOString(),
        type: 'LOGIN_FAILED',
        outcome: 'FAILURE',
        userId: null,
        email: 'nobody0@example.com',
        sessionId: null,
        ip: '192.0.2.1',
        userAgent: null,
        traceId: 't-0',
        count: 1,
        detail: 'invalid_credentials',
      });
      // Only the recent sign-in is left; a second run finds nothing.
      const left = await repos.authEvents.list({ limit: 100 });
      expect(left.map((e) => [e.type, e.sessionId])).to.deep.equal([['LOGIN_SUCCEEDED', tokens.sessionId]]);
      expect(((await archiveJob().run()) as { events: unknown }).events).to.deep.equal({
        archived: 0,
        key: null,
      });
    });

    it('loses nothing and archives nothing twice when it fails between writing and deleting', async () => {
      await refusals(2);
      app.clock.advance(91 * DAY);
      const first = (await repos.authEvents.list({ limit: 100 })).map((e) => e.id).reverse();
      const r = app.runtime;
      const failingRepos: Repositories = {
        ...repos,
        authEvents: Object.assign(Object.create(repos.authEvents) as Repositories['authEvents'], {
          deleteMany: () => Promise.reject(new Error('injected: crash before deleting')),
        }),
      };
      const broken = buildUseCases({ ...portsOf(r.container), repositories: failingRepos }, r.config);
      const error = await broken.archiveAuthEvents.execute().catch((e: unknown) => e as Error);
      expect((error as Error).message).to.include('injected');
      const [written] = await store.list(AUTH_EVENT_ARCHIVE_PREFIX);
      expect((await readArchive(store, written!.key)).map((rec) => rec.id)).to.deep.equal(first);
      expect(
        (await repos.authEvents.list({ limit: 100 })).map((e) => e.id).reverse(),
        'nothing lost',
      ).to.deep.equal(first);

      // More events pass the retention before the retry; the retry still rewrites the same object.
      app.clock.advance(-91 * DAY);
      await refusals(1);
      app.clock.advance(91 * DAY);
      const retry = (await archiveJob().run()) as { events: { archived: number; key: string } };
      expect(retry.events.key).to.equal(written!.key);
      expect(retry.events.archived).to.equal(4);
      const objects = await store.list(AUTH_EVENT_ARCHIVE_PREFIX);
      const ids: unknown[] = [];
      for (const o of objects) ids.push(...(await readArchive(store, o.key)).map((rec) => rec.id));
      expect(new Set(ids).size, 'no event twice').to.equal(ids.length);
      expect(ids).to.have.length(4);
      expect(ids.slice(0, 3)).to.deep.equal(first);
      expect(await repos.authEvents.list({ limit: 100 })).to.deep.equal([]);
    });
  });
}
