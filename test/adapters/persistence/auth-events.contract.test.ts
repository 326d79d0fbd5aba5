/**
 * Overview: the contract of AuthEventRepository (and of the sessions' expiry sweep, takeExpired),
 *   written once and run against both persistence adapters.
 * Architecture: adapter contract tests (in-memory and Kysely on the shared test PostgreSQL).
 * Dependencies: the domain ports and entities, both persistence adapters, the test PostgreSQL, chai.
 * Concepts: newest first by (occurredAt, id); a page starts strictly after a position; the email
 *   is the user's, else the one stored for the attempt; a throttle key stands for one event whose
 *   count grows, also under racing writers; events roll back with their unit of work; an expired
 *   session is taken exactly once.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Repositories, UnitOfWork } from '../../../src/application/index.js';
import {
  authEvent,
  newestFirst,
  type AuthEvent,
  type NewAuthEvent,
  type Session,
  type User,
} from '../../../src/domain/index.js';
import { createDatabase } from '../../../src/adapters/persistence/kysely/database.js';
import {
  createKyselyRepositories,
  KyselyUnitOfWork,
} from '../../../src/adapters/persistence/kysely/kysely-unit-of-work.js';
import { InMemoryDatabase } from '../../../src/adapters/persistence/memory/in-memory-database.js';
import {
  createInMemoryRepositories,
  InMemoryUnitOfWork,
} from '../../../src/adapters/persistence/memory/in-memory-unit-of-work.js';
import { resetDatabase, testPostgres } from '../../support/postgres.js';
import { insertMember, sessionFixture } from '../../support/session-fixture.js';

interface Store {
  readonly repos: Repositories;
  readonly uow: UnitOfWork;
  close(): Promise<void>;
}

const T0 = new Date('2026-03-01T00:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

const adapters: readonly { name: string; open(): Promise<Store> }[] = [
  {
    name: 'memory',
    async open() {
      const db = new InMemoryDatabase(T0);
      return {
        repos: createInMemoryRepositories(db),
        uow: new InMemoryUnitOfWork(db),
        close: async () => {},
      };
    },
  },
  {
    name: 'kysely',
    async open() {
      const handle = createDatabase({ connectionString: (await testPostgres()).url, poolSize: 25 });
      await resetDatabase(handle);
      return {
        repos: createKyselyRepositories(handle.db),
        uow: new KyselyUnitOfWork(handle.db),
        close: () => handle.close(),
      };
    },
  },
];

let counter = 0;

function givenUser(repos: Repositories): Promise<User> {
  return insertMember(repos, T0, `user${++counter}@example.com`);
}

function aSession(user: User, overrides: Partial<Session> = {}): Session {
  return sessionFixture(user, T0, { ip: '192.0.2.1', userAgent: 'agent', ...overrides });
}

/** The fields a stored event keeps of what was written (id and count aside). */
const written = (e: AuthEvent): NewAuthEvent => {
  const { id: _id, count: _count, ...rest } = e;
  return rest;
};

for (const adapter of adapters) {
  describe(`auth event repository contract [${adapter.name}]`, () => {
    let store: Store;
    let repos: Repositories;
    beforeEach(async () => {
      store = await adapter.open();
      repos = store.repos;
    });
    afterEach(() => store.close());

    it('records events with every field, and lists them newest first with a count of 1', async () => {
      const user = await givenUser(repos);
      const sessionId = randomUUID();
      const full = authEvent('LOGIN_SUCCEEDED', at(10), {
        userId: user.id,
        sessionId,
        ip: '2001:db8::1',
        userAgent: 'Firefox',
        traceId: 'trace-1234',
        detail: 'why',
      });
      const older = authEvent('LOGIN_FAILED', at(5), { email: 'nobody@example.com', ip: '192.0.2.9' });
      await repos.authEvents.record([older, full]);
      await repos.authEvents.record([]);
      const listed = await repos.authEvents.list({ limit: 10 });
      expect(listed.map(written)).to.deep.equal([
        // The user's email is read from the user.
        { ...full, email: user.email },
        older,
      ]);
      expect(listed.map((e) => e.count)).to.deep.equal([1, 1]);
      expect(new Set(listed.map((e) => e.id)).size).to.equal(2);
    });

    it('pages strictly after a position: ties on the time go by id, no event twice, none skipped', async () => {
      const events = [0, 1, 1, 1, 2, 3, 3].map((s, i) => authEvent('LOGOUT', at(s), { detail: `e${i}` }));
      await repos.authEvents.record(events);
      const all = await repos.authEvents.list({ limit: 100 });
      expect([...all].sort(newestFirst)).to.deep.equal(all);
      const paged: AuthEvent[] = [];
      let after: AuthEvent | null = null;
      for (;;) {
        const page: AuthEvent[] = await repos.authEvents.list({ limit: 2, after });
        paged.push(...page);
        if (page.length < 2) break;
        after = page[page.length - 1]!;
      }
      expect(paged).to.deep.equal(all);
      expect(paged.map((e) => e.detail).sort()).to.deep.equal(events.map((e) => e.detail).sort());
      // A position that is no stored event still splits the order where it falls.
      const seconds = async (id: string) =>
        (await repos.authEvents.list({ limit: 100, after: { occurredAt: at(2), id } })).map(
          (e) => (e.occurredAt.getTime() - T0.getTime()) / 1000,
        );
      expect(await seconds('00000000-0000-4000-8000-000000000000')).to.deep.equal([1, 1, 1, 0]);
      expect(await seconds('ffffffff-ffff-4fff-bfff-ffffffffffff')).to.deep.equal([2, 1, 1, 1, 0]);
    });

    it('filters by types and by user, together or alone; no types (or an empty list) means all', async () => {
      const ada = await givenUser(repos);
      const bob = await givenUser(repos);
      await repos.authEvents.record([
        authEvent('LOGIN_SUCCEEDED', at(1), { userId: ada.id }),
        authEvent('LOGOUT', at(2), { userId: ada.id }),
        authEvent('LOGIN_SUCCEEDED', at(3), { userId: bob.id }),
        authEvent('LOGIN_FAILED', at(4), { email: 'x@example.com' }),
      ]);
      const typesOf = (list: AuthEvent[]) => list.map((e) => e.type);
      expect(typesOf(await repos.authEvents.list({ limit: 10, userId: ada.id }))).to.deep.equal([
        'LOGOUT',
        'LOGIN_SUCCEEDED',
      ]);
      expect(
        (await repos.authEvents.list({ limit: 10, types: ['LOGIN_SUCCEEDED'] })).map((e) => e.userId),
      ).to.deep.equal([bob.id, ada.id]);
      expect(
        typesOf(await repos.authEvents.list({ limit: 10, types: ['LOGIN_SUCCEEDED'], userId: bob.id })),
      ).to.deep.equal(['LOGIN_SUCCEEDED']);
      expect(await repos.authEvents.list({ limit: 10, types: [] })).to.have.length(4);
      expect(await repos.authEvents.list({ limit: 10, userId: randomUUID() })).to.deep.equal([]);
    });

    it('answers nothing, never a throw, for a user id that is not a UUID', async () => {
      await repos.authEvents.record([authEvent('LOGOUT', at(1))]);
      expect(await repos.authEvents.list({ limit: 10, userId: 'not-a-uuid' })).to.deep.equal([]);
      expect(await repos.authEvents.deleteMany(['not-a-uuid'])).to.equal(0);
    });

    it('keeps the email tried for an attempt whose email matched no user, and the user’s otherwise', async () => {
      const user = await givenUser(repos);
      await repos.authEvents.record([
        authEvent('LOGIN_FAILED', at(1), { email: 'ghost@example.com' }),
        authEvent('LOGIN_FAILED', at(2), { email: user.email, userId: user.id }),
        authEvent('SESSION_EXPIRED', at(3), { userId: user.id }),
      ]);
      const [expired, failed, ghost] = await repos.authEvents.list({ limit: 10 });
      expect([expired?.email, failed?.email, ghost?.email]).to.deep.equal([
        user.email,
        user.email,
        'ghost@example.com',
      ]);
    });

    it('counts throttled attempts of one key on one event; another key is another event', async () => {
      const first = authEvent('LOGIN_THROTTLED', at(1), { email: 'a@example.com', ip: '192.0.2.1' });
      await repos.authEvents.recordThrottled(first, 'key-1');
      for (let i = 2; i <= 5; i++)
        await repos.authEvents.recordThrottled(
          authEvent('LOGIN_THROTTLED', at(i), { email: 'other@example.com' }),
          'key-1',
        );
      await repos.authEvents.recordThrottled(authEvent('LOGIN_THROTTLED', at(9)), 'key-2');
      const [second, counted] = await repos.authEvents.list({ limit: 10 });
      // The first attempt's fields stay; later ones only count.
      expect(written(counted!)).to.deep.equal(first);
      expect(counted?.count).to.equal(5);
      expect(second?.count).to.equal(1);
    });

    it('counts racing throttled attempts of one key on one event, losing none', async () => {
      const attempts = 30;
      await Promise.all(
        Array.from({ length: attempts }, (_, i) =>
          repos.authEvents.recordThrottled(authEvent('LOGIN_THROTTLED', at(i)), 'flood'),
        ),
      );
      const listed = await repos.authEvents.list({ limit: 100 });
      expect(listed).to.have.length(1);
      expect(listed[0]?.count).to.equal(attempts);
    });

    it('lists events older than a cutoff oldest first, and deletes exactly the ones named', async () => {
      const user = await givenUser(repos);
      await repos.authEvents.record(
        [5, 1, 3, 3, 9].map((s) => authEvent('LOGIN_SUCCEEDED', at(s), { userId: user.id })),
      );
      const old = await repos.authEvents.listOccurredBefore(at(9), 3);
      expect(old.map((e) => e.occurredAt.getTime())).to.deep.equal(
        [at(1), at(3), at(3)].map((d) => d.getTime()),
      );
      expect(old[1]!.id < old[2]!.id).to.equal(true);
      expect(old.every((e) => e.email === user.email)).to.equal(true);
      expect(await repos.authEvents.deleteMany([...old.map((e) => e.id), randomUUID()])).to.equal(3);
      expect(await repos.authEvents.deleteMany(old.map((e) => e.id))).to.equal(0);
      const left = await repos.authEvents.list({ limit: 10 });
      expect(left.map((e) => e.occurredAt.getTime())).to.deep.equal([at(9), at(5)].map((d) => d.getTime()));
      expect((await repos.authEvents.listOccurredBefore(at(9), 10)).map((e) => e.id)).to.deep.equal([
        left[1]!.id,
      ]);
    });

    it('starts a new event for a throttle key whose event was archived away', async () => {
      await repos.authEvents.recordThrottled(authEvent('LOGIN_THROTTLED', at(1)), 'k');
      await repos.authEvents.recordThrottled(authEvent('LOGIN_THROTTLED', at(2)), 'k');
      const [gone] = await repos.authEvents.list({ limit: 10 });
      await repos.authEvents.deleteMany([gone!.id]);
      await repos.authEvents.recordThrottled(authEvent('LOGIN_THROTTLED', at(3)), 'k');
      const [fresh] = await repos.authEvents.list({ limit: 10 });
      expect(fresh?.count).to.equal(1);
      expect(fresh?.occurredAt.getTime()).to.equal(at(3).getTime());
    });

    it('writes events inside a unit of work, and drops them when it fails', async () => {
      await store.uow
        .run(async (tx) => {
          await tx.authEvents.record([authEvent('LOGOUT', at(1))]);
          await tx.authEvents.recordThrottled(authEvent('LOGIN_THROTTLED', at(1)), 'k');
          throw new Error('injected');
        })
        .catch(() => undefined);
      expect(await repos.authEvents.list({ limit: 10 })).to.deep.equal([]);
      await store.uow.run((tx) => tx.authEvents.record([authEvent('LOGOUT', at(2))]));
      expect(await repos.authEvents.list({ limit: 10 })).to.have.length(1);
    });

    describe('SessionRepository.takeExpired', () => {
      it('takes each session that expired unrevoked exactly once, oldest expiry first, at most `limit`', async () => {
        const user = await givenUser(repos);
        const late = aSession(user, { expiresAt: at(90) });
        const early = aSession(user, { expiresAt: at(30) });
        const atNow = aSession(user, { expiresAt: at(100) });
        const live = aSession(user, { expiresAt: at(101) });
        const revoked = aSession(user, { expiresAt: at(20), revokedAt: at(10), revokeReason: 'logout' });
        const revokedAfter = aSession(user, { expiresAt: at(20), revokedAt: at(50), revokeReason: 'logout' });
        for (const s of [late, early, atNow, live, revoked, revokedAfter]) await repos.sessions.insert(s);
        const first = await repos.sessions.takeExpired(at(100), 2);
        expect(first).to.deep.equal([early, late]);
        expect(await repos.sessions.takeExpired(at(100), 10)).to.deep.equal([atNow]);
        expect(await repos.sessions.takeExpired(at(100), 10)).to.deep.equal([]);
        // Taking marks nothing the sessions show.
        expect(await repos.sessions.findById(early.id)).to.deep.equal(early);
        expect(await repos.sessions.takeExpired(at(200), 10)).to.deep.equal([live]);
      });

      it('splits the expired sessions between racing takers, none taken twice', async () => {
        const user = await givenUser(repos);
        const sessions = Array.from({ length: 40 }, (_, i) => aSession(user, { expiresAt: at(i) }));
        for (const s of sessions) await repos.sessions.insert(s);
        const taken = await Promise.all(
          Array.from({ length: 4 }, () => store.uow.run((tx) => tx.sessions.takeExpired(at(1000), 15))),
        );
        const ids = taken.flat().map((s) => s.id);
        expect(new Set(ids).size).to.equal(ids.length);
        const rest = await repos.sessions.takeExpired(at(1000), 100);
        expect([...ids, ...rest.map((s) => s.id)].sort()).to.deep.equal(sessions.map((s) => s.id).sort());
      });
    });
  });
}
