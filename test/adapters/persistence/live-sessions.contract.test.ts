/**
 * Overview: the LiveSessions contract, run against the in-memory and PostgreSQL adapters, and the
 *   PostgreSQL adapter's own promises: hits cost no query, other processes' changes arrive by
 *   NOTIFY, a lost listener sends every check to PostgreSQL, and a stale load is never cached.
 * Architecture: adapter contract tests (in-memory, and pg on the shared test PostgreSQL).
 * Dependencies: both LiveSessions adapters, the repositories, the test PostgreSQL, chai.
 * Concepts: "another process" is a second PgLiveSessions on its own pool, as a second API replica.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import pg from 'pg';
import type { LiveSessions, Repositories, UnitOfWork } from '../../../src/application/index.js';
import { isSessionLive, type Session, type User } from '../../../src/domain/index.js';
import { createDatabase, type DatabaseHandle } from '../../../src/adapters/persistence/kysely/database.js';
import {
  createKyselyRepositories,
  KyselyUnitOfWork,
} from '../../../src/adapters/persistence/kysely/kysely-unit-of-work.js';
import {
  LISTENER_APPLICATION_NAME,
  PgLiveSessions,
} from '../../../src/adapters/persistence/kysely/pg-live-sessions.js';
import { InMemoryDatabase } from '../../../src/adapters/persistence/memory/in-memory-database.js';
import { InMemoryLiveSessions } from '../../../src/adapters/persistence/memory/in-memory-live-sessions.js';
import {
  createInMemoryRepositories,
  InMemoryUnitOfWork,
} from '../../../src/adapters/persistence/memory/in-memory-unit-of-work.js';
import { resetDatabase, testPostgres } from '../../support/postgres.js';
import { sessionFixture } from '../../support/session-fixture.js';

// Recent, so that sessions made for the PostgreSQL-only tests are live at the real clock's now.
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
/** A token issued long before any load, without a generation. */
const OLD_TOKEN = { issuedAt: 0 };
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

interface Store {
  readonly live: LiveSessions;
  readonly repos: Repositories;
  readonly uow: UnitOfWork;
  close(): Promise<void>;
}

const adapters: { name: string; open(): Promise<Store> }[] = [
  {
    name: 'memory',
    async open() {
      const db = new InMemoryDatabase(T0);
      return {
        live: new InMemoryLiveSessions(db),
        repos: createInMemoryRepositories(db),
        uow: new InMemoryUnitOfWork(db),
        close: async () => {},
      };
    },
  },
  {
    name: 'pg',
    async open() {
      const handle = createDatabase({ connectionString: (await testPostgres()).url });
      await resetDatabase(handle);
      const live = new PgLiveSessions({ pool: handle.pool, maxEntries: 100 });
      await live.start();
      return {
        live,
        repos: createKyselyRepositories(handle.db, live),
        uow: new KyselyUnitOfWork(handle.db, live),
        async close() {
          await live.close();
          await handle.close();
        },
      };
    },
  },
];

async function givenUser(repos: Repositories): Promise<User> {
  const providerId = randomUUID();
  await repos.providers.insert({ id: providerId, name: 'Acme', createdAt: at(0), updatedAt: at(0) });
  const user: User = {
    id: randomUUID(),
    providerId,
    email: `u-${randomUUID()}@example.com`,
    passwordHash: '$argon2id$x',
    role: 'member',
    deletedAt: null,
    createdAt: at(0),
    updatedAt: at(0),
  };
  await repos.users.insert(user);
  return user;
}

async function givenSession(
  repos: Repositories,
  user: User,
  overrides: Partial<Session> = {},
): Promise<Session> {
  const session = sessionFixture(user, T0, overrides);
  await repos.sessions.insert(session);
  return session;
}

for (const adapter of adapters) {
  describe(`LiveSessions contract (${adapter.name})`, () => {
    let store: Store;
    let user: User;
    beforeEach(async () => {
      store = await adapter.open();
      user = await givenUser(store.repos);
    });
    afterEach(() => store.close());

    it('finds a live session with its user', async () => {
      const session = await givenSession(store.repos, user);
      expect(await store.live.find(session.id, at(10), OLD_TOKEN)).to.deep.include({
        sessionId: session.id,
        userId: user.id,
        live: true,
        user: {
          id: user.id,
          email: user.email,
          providerId: user.providerId,
          role: 'member',
          createdAt: at(0),
        },
      });
    });

    it('answers null for an unknown id or one that is not a UUID', async () => {
      expect(await store.live.find(randomUUID(), at(10), OLD_TOKEN)).to.equal(null);
      expect(await store.live.find('not-a-uuid', at(10), OLD_TOKEN)).to.equal(null);
    });

    it('reports revoked and expired sessions as not live, and a deleted user as null', async () => {
      const revoked = await givenSession(store.repos, user, { revokedAt: at(5), revokeReason: 'logout' });
      const expiring = await givenSession(store.repos, user, { expiresAt: at(20) });
      expect((await store.live.find(revoked.id, at(10), OLD_TOKEN))?.live).to.equal(false);
      expect((await store.live.find(expiring.id, at(10), OLD_TOKEN))?.live).to.equal(true);
      // No entry outlives its session's expiry.
      expect((await store.live.find(expiring.id, at(20), OLD_TOKEN))?.live).to.equal(false);
      const session = await givenSession(store.repos, user);
      expect((await store.live.find(session.id, at(10), OLD_TOKEN))?.user).to.not.equal(null);
      await store.repos.users.softDelete(user.id, at(11));
      expect((await store.live.find(session.id, at(12), OLD_TOKEN))?.user).to.equal(null);
    });

    it('answers live exactly as the domain’s isSessionLive does, from a load and from memory', async () => {
      const now = at(100);
      const doomed = await givenUser(store.repos);
      const cases: [string, Session, boolean][] = [
        ['live', await givenSession(store.repos, user), true],
        [
          'live for one more ms',
          await givenSession(store.repos, user, { expiresAt: new Date(now.getTime() + 1) }),
          true,
        ],
        ['expiring now', await givenSession(store.repos, user, { expiresAt: now }), false],
        [
          'revoked',
          await givenSession(store.repos, user, { revokedAt: at(50), revokeReason: 'logout' }),
          false,
        ],
        [
          'revoked later than now',
          await givenSession(store.repos, user, { revokedAt: at(200), revokeReason: 'revoked' }),
          false,
        ],
        ['archived', await givenSession(store.repos, user, { expiresAt: at(50) }), false],
        ['owner deleted', await givenSession(store.repos, doomed), true],
      ];
      await store.repos.sessions.markArchived([cases[5]![1].id], at(60));
      await store.repos.users.softDelete(doomed.id, at(70));
      for (const [name, session, live] of cases) {
        expect(isSessionLive(session, now), name).to.equal(live);
        // The second answer may come from the process's memory: it must not differ.
        for (const round of [1, 2]) {
          const found = await store.live.find(session.id, now, OLD_TOKEN);
          expect(found?.live, `${name} #${round}`).to.equal(live);
          expect(found?.user === null, `${name} #${round}: user gone`).to.equal(session.userId === doomed.id);
        }
      }
    });

    it('sees at once a session this process ended, in or out of a unit of work (S4)', async () => {
      const [a, b, c] = [
        await givenSession(store.repos, user),
        await givenSession(store.repos, user),
        await givenSession(store.repos, user),
      ];
      for (const s of [a, b, c])
        expect((await store.live.find(s.id, at(10), OLD_TOKEN))?.live).to.equal(true);
      await store.uow.run(async (tx) => {
        const found = await tx.sessions.findByIdForUpdate(a.id);
        await tx.sessions.update({ ...found!, revokedAt: at(11), revokeReason: 'logout', updatedAt: at(11) });
      });
      expect((await store.live.find(a.id, at(12), OLD_TOKEN))?.live).to.equal(false);
      await store.repos.sessions.revokeMany([b.id], 'evicted', at(12));
      expect((await store.live.find(b.id, at(13), OLD_TOKEN))?.live).to.equal(false);
      await store.repos.sessions.revokeAllOfUser(user.id, 'revoked', at(13));
      expect((await store.live.find(c.id, at(14), OLD_TOKEN))?.live).to.equal(false);
    });

    it('records the first use of the current access tokens once', async () => {
      const session = await givenSession(store.repos, user, { refreshRotatedAt: at(5) });
      const found = await store.live.find(session.id, at(10), OLD_TOKEN);
      expect(found?.accessUsedAt).to.equal(null);
      await store.live.markAccessUsed(found!, at(10));
      await store.live.markAccessUsed(found!, at(20));
      expect((await store.repos.sessions.findById(session.id))?.accessUsedAt?.getTime()).to.equal(
        at(10).getTime(),
      );
      expect((await store.live.find(session.id, at(30), OLD_TOKEN))?.accessUsedAt?.getTime()).to.equal(
        at(10).getTime(),
      );
    });

    it('does not record a use for a snapshot of an older generation (the session rotated since)', async () => {
      const session = await givenSession(store.repos, user, { refreshRotatedAt: at(5), generation: 1 });
      const old = await store.live.find(session.id, at(10), OLD_TOKEN);
      await store.repos.sessions.rotate(
        session.id,
        {
          presentedHash: session.refreshTokenHash,
          refreshTokenHash: 'next',
          accessTokenId: 'jti-next',
          refreshIssuedAt: at(11),
          expiresAt: at(3000),
          maxLifetimeSeconds: 86400,
        },
        at(11),
      );
      await store.live.markAccessUsed(old!, at(12));
      expect((await store.repos.sessions.findById(session.id))?.accessUsedAt).to.equal(null);
    });

    it('records last use', async () => {
      const session = await givenSession(store.repos, user);
      const found = await store.live.find(session.id, at(100), OLD_TOKEN);
      store.live.touch(found!, at(100));
      await store.live.close();
      expect((await store.repos.sessions.findById(session.id))?.lastUsedAt.getTime()).to.equal(
        at(100).getTime(),
      );
    });
  });
}

describe('PgLiveSessions on PostgreSQL', () => {
  let handle: DatabaseHandle;
  let other: DatabaseHandle;
  let live: PgLiveSessions;
  let replica: PgLiveSessions;
  let repos: Repositories;
  let queries: number;

  /** Counts the queries a LiveSessions sends through its pool. */
  function counted(pool: pg.Pool): pg.Pool {
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
      // The listener's heartbeat (every heartbeatMs, through the pool) is not a session check: on a
      // loaded machine a beat can fall between two checks.
      const values = args[1];
      const heartbeat = Array.isArray(values) && typeof values[1] === 'string' && values[1].startsWith('h:');
      if (!heartbeat) queries++;
      return query(...args);
    };
    return pool;
  }

  async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<number> {
    const began = performance.now();
    while (!(await condition())) {
      if (performance.now() - began > timeoutMs) throw new Error('condition not met in time');
      await delay(2);
    }
    return performance.now() - began;
  }

  beforeEach(async () => {
    const url = (await testPostgres()).url;
    handle = createDatabase({ connectionString: url });
    other = createDatabase({ connectionString: url });
    await resetDatabase(handle);
    queries = 0;
    live = new PgLiveSessions({ pool: handle.pool, maxEntries: 100 });
    replica = new PgLiveSessions({ pool: counted(other.pool), maxEntries: 2, heartbeatMs: 200 });
    await Promise.all([live.start(), replica.start()]);
    repos = createKyselyRepositories(handle.db, live);
  });

  afterEach(async () => {
    await Promise.all([live.close(), replica.close()]);
    await Promise.all([handle.close(), other.close()]);
  });

  it('answers a repeated check from memory: one query, then none', async () => {
    const session = await givenSession(repos, await givenUser(repos));
    expect(replica.status()).to.equal('listening');
    for (let i = 0; i < 5; i++)
      expect((await replica.find(session.id, new Date(), OLD_TOKEN))?.live).to.equal(true);
    expect(queries).to.equal(1);
  });

  it('sees another process revoke, log out, evict or delete within 100 ms, by notification', async () => {
    const user = await givenUser(repos);
    const sessions = await Promise.all([1, 2].map(() => givenSession(repos, user)));
    const ends: [string, (s: Session) => Promise<unknown>][] = [
      ['revokeMany', (s) => repos.sessions.revokeMany([s.id], 'evicted', new Date())],
      ['softDelete', () => repos.users.softDelete(user.id, new Date())],
    ];
    for (const [name, end] of ends) {
      const session = sessions.shift()!;
      expect((await replica.find(session.id, new Date(), OLD_TOKEN))?.live, name).to.equal(true);
      await end(session);
      const before = queries;
      const ms = await until(async () => {
        const found = await replica.find(session.id, new Date(), OLD_TOKEN);
        return found?.live === false || found?.user === null;
      }, 100);
      expect(queries, name).to.be.greaterThan(before);
      expect(ms, name).to.be.lessThan(100);
    }
  });

  it('answers from memory only for tokens issued before the entry was loaded', async () => {
    const session = await givenSession(repos, await givenUser(repos));
    const loadedAt = new Date();
    await replica.find(session.id, loadedAt, OLD_TOKEN);
    await replica.find(session.id, loadedAt, OLD_TOKEN);
    expect(queries).to.equal(1);
    // A token issued in the second of the load (a rotation may have happened after it): reload.
    const issuedAt = Math.floor(loadedAt.getTime() / 1000);
    await replica.find(session.id, loadedAt, { issuedAt });
    expect(queries).to.equal(2);
    const later = new Date((issuedAt + 1) * 1000);
    await replica.find(session.id, later, { issuedAt });
    await replica.find(session.id, later, { issuedAt });
    expect(queries).to.equal(3);
  });

  it('answers from memory only for tokens of the generation it loaded', async () => {
    const session = await givenSession(repos, await givenUser(repos), { generation: 3 });
    const now = new Date();
    await replica.find(session.id, now, { issuedAt: 0, generation: 3 });
    await replica.find(session.id, now, { issuedAt: 0, generation: 3 });
    expect(queries).to.equal(1);
    await replica.find(session.id, now, { issuedAt: 0, generation: 4 });
    expect(queries).to.equal(2);
  });

  it('keeps at most maxEntries sessions in memory, least recently used out', async () => {
    const user = await givenUser(repos);
    const [a, b, c] = [
      await givenSession(repos, user),
      await givenSession(repos, user),
      await givenSession(repos, user),
    ];
    for (const s of [a, b, c]) await replica.find(s.id, new Date(), OLD_TOKEN);
    expect(queries).to.equal(3);
    await replica.find(c.id, new Date(), OLD_TOKEN);
    await replica.find(b.id, new Date(), OLD_TOKEN);
    expect(queries).to.equal(3);
    await replica.find(a.id, new Date(), OLD_TOKEN);
    expect(queries).to.equal(4);
  });

  it('never caches a load that began before a change to its session', async () => {
    const session = await givenSession(repos, await givenUser(repos));
    const loading = replica.find(session.id, new Date(), OLD_TOKEN);
    // The change's notification lands while the (older) read is in flight.
    replica.sessionsEnded([session.id]);
    expect((await loading)?.live).to.equal(true);
    await replica.find(session.id, new Date(), OLD_TOKEN);
    expect(queries).to.equal(2);
  });

  it('distrusts a listener that stays connected but hears nothing, and listens afresh', async () => {
    await until(() => replica.status() === 'listening', 1_000);
    // What a pooler in transaction mode does to LISTEN: the connection lives, nothing arrives.
    await (replica as unknown as { listener: pg.Client }).listener.query('UNLISTEN *');
    await until(() => replica.status() === 'reconnecting', 2_000);
    await until(() => replica.status() === 'listening', 5_000);
    const session = await givenSession(repos, await givenUser(repos));
    expect((await replica.find(session.id, new Date(), OLD_TOKEN))?.live).to.equal(true);
    await repos.sessions.revokeMany([session.id], 'revoked', new Date());
    await until(async () => (await replica.find(session.id, new Date(), OLD_TOKEN))?.live === false, 100);
  });

  it('distrusts its memory while the listener is down and trusts it again after reconnecting', async () => {
    const user = await givenUser(repos);
    const session = await givenSession(repos, user);
    await replica.find(session.id, new Date(), OLD_TOKEN);
    const admin = new pg.Client({ connectionString: (await testPostgres()).url });
    await admin.connect();
    try {
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
        [LISTENER_APPLICATION_NAME],
      );
      await until(() => replica.status() === 'reconnecting', 1_000);
      // A revocation made while nobody listens must still be seen: every check goes to PostgreSQL.
      await new KyselyUnitOfWork(handle.db).run((tx) =>
        tx.sessions.revokeMany([session.id], 'revoked', new Date()),
      );
      expect((await replica.find(session.id, new Date(), OLD_TOKEN))?.live).to.equal(false);
      await until(() => replica.status() === 'listening', 5_000);
      const fresh = await givenSession(repos, user);
      await replica.find(fresh.id, new Date(), OLD_TOKEN);
      const before = queries;
      await replica.find(fresh.id, new Date(), OLD_TOKEN);
      expect(queries).to.equal(before);
    } finally {
      await admin.end();
    }
  });
});
