/**
 * Overview: the contract of every repository port and of the UnitOfWork, written once and run
 *   against both persistence adapters; plus the row-lock serialisation only PostgreSQL provides.
 * Architecture: adapter contract tests (in-memory and Kysely on the shared test PostgreSQL).
 * Dependencies: the domain ports and entities, both persistence adapters, the test PostgreSQL, chai.
 * Concepts: "absent" is null / false / [] / 0, never a throw (also for ids that are not UUIDs);
 *   live, usable, ended, rotation and the grace window are the domain's session rules, checked on
 *   one table of cases (live, expiring, expired, revoked, archived, owner deleted) in both adapters.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import type { Repositories, UnitOfWork } from '../../../src/application/index.js';
import {
  completeSetup,
  isSessionLive,
  isSessionUsable,
  ISOLATION_STRATEGY,
  judgePresentedRefresh,
  recordAccessUse,
  reissueWindow,
  revokeSession,
  rotateSession,
  sessionEndedAt,
  sessionEndedBefore,
  staysWithinLifetime,
  type Provider,
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
import { sessionFixture } from '../../support/session-fixture.js';

interface Store {
  readonly repos: Repositories;
  readonly uow: UnitOfWork;
  close(): Promise<void>;
}

interface Adapter {
  readonly name: 'memory' | 'kysely';
  open(): Promise<Store>;
}

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

const adapters: readonly Adapter[] = [
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
      const handle = createDatabase({ connectionString: (await testPostgres()).url });
      try {
        await resetDatabase(handle);
      } catch (error) {
        await handle.close();
        throw error;
      }
      return {
        repos: createKyselyRepositories(handle.db),
        uow: new KyselyUnitOfWork(handle.db),
        close: () => handle.close(),
      };
    },
  },
];

let emailCounter = 0;

function aProvider(overrides: Partial<Provider> = {}): Provider {
  return { id: randomUUID(), name: 'Acme Cloud', createdAt: at(0), updatedAt: at(0), ...overrides };
}

function aUser(providerId: string, overrides: Partial<User> = {}): User {
  return {
    id: randomUUID(),
    providerId,
    email: `user${++emailCounter}@example.com`,
    passwordHash: '$argon2id$hash-1',
    role: 'member',
    deletedAt: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

function aSession(user: User, overrides: Partial<Session> = {}): Session {
  return sessionFixture(user, T0, overrides);
}

/** Users reference a provider (foreign key), so every stored user gets one first. */
async function givenUser(repos: Repositories, overrides: Partial<User> = {}): Promise<User> {
  const provider = aProvider();
  await repos.providers.insert(provider);
  const user = aUser(provider.id, overrides);
  await repos.users.insert(user);
  return user;
}

async function givenSessions(repos: Repositories, sessions: readonly Session[]): Promise<void> {
  for (const session of sessions) await repos.sessions.insert(session);
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected the promise to reject');
}

const ids = (sessions: readonly Session[]): string[] => sessions.map((s) => s.id);

for (const adapter of adapters) {
  describe(`repository contract [${adapter.name}]`, () => {
    let store: Store;
    let repos: Repositories;
    let uow: UnitOfWork;
    beforeEach(async () => {
      store = await adapter.open();
      ({ repos, uow } = store);
    });
    afterEach(() => store.close());

    describe('ProviderRepository', () => {
      it('stores providers, finds them by id and counts them', async () => {
        expect(await repos.providers.count()).to.equal(0);
        const acme = aProvider();
        const globex = aProvider({ name: 'Globex', createdAt: at(5), updatedAt: at(6) });
        await repos.providers.insert(acme);
        await repos.providers.insert(globex);
        expect(await repos.providers.findById(acme.id)).to.deep.equal(acme);
        expect(await repos.providers.findById(globex.id)).to.deep.equal(globex);
        expect(await repos.providers.count()).to.equal(2);
      });

      it('rejects a second provider with the same id', async () => {
        const acme = aProvider();
        await repos.providers.insert(acme);
        await rejectionOf(repos.providers.insert({ ...acme, name: 'Impostor' }));
        expect((await repos.providers.findById(acme.id))?.name).to.equal('Acme Cloud');
      });

      it('returns null for an unknown id and for one that is not a UUID', async () => {
        await repos.providers.insert(aProvider());
        expect(await repos.providers.findById(randomUUID())).to.equal(null);
        expect(await repos.providers.findById('not-a-uuid')).to.equal(null);
      });
    });

    describe('UserRepository', () => {
      it('stores a user and finds it by id and by email', async () => {
        const user = await givenUser(repos, { role: 'admin', createdAt: at(1), updatedAt: at(2) });
        expect(await repos.users.findById(user.id)).to.deep.equal(user);
        expect(await repos.users.findByEmail(user.email)).to.deep.equal(user);
      });

      it('finds by email case-insensitively', async () => {
        const user = await givenUser(repos, { email: 'ada@example.com' });
        expect((await repos.users.findByEmail('ADA@Example.COM'))?.id).to.equal(user.id);
      });

      it('treats unknown ids, ids that are not UUIDs and unknown emails as absent', async () => {
        await givenUser(repos);
        for (const id of [randomUUID(), 'not-a-uuid']) {
          expect(await repos.users.findById(id), id).to.equal(null);
          expect(await repos.users.lock(id), id).to.equal(false);
          expect(await repos.users.softDelete(id, at(10)), id).to.equal(false);
        }
        expect(await repos.users.findByEmail('nobody@example.com')).to.equal(null);
      });

      it('ignores updatePasswordHash for an unknown id', async () => {
        const user = await givenUser(repos);
        await repos.users.updatePasswordHash(randomUUID(), 'other', at(10));
        expect(await repos.users.findById(user.id)).to.deep.equal(user);
      });

      it('ignores updatePasswordHash for an id that is not a UUID', async () => {
        const user = await givenUser(repos);
        await repos.users.updatePasswordHash('not-a-uuid', 'other', at(10));
        expect(await repos.users.findById(user.id)).to.deep.equal(user);
      });

      it('locks a live user', async () => {
        const user = await givenUser(repos);
        expect(await uow.run((tx) => tx.users.lock(user.id))).to.equal(true);
      });

      it('hides a soft-deleted user from findById, findByEmail and lock', async () => {
        const user = await givenUser(repos);
        expect(await repos.users.softDelete(user.id, at(10))).to.equal(true);
        expect(await repos.users.findById(user.id)).to.equal(null);
        expect(await repos.users.findByEmail(user.email)).to.equal(null);
        expect(await repos.users.lock(user.id)).to.equal(false);
      });

      it('soft-deletes idempotently: a second call returns false', async () => {
        const user = await givenUser(repos);
        expect(await repos.users.softDelete(user.id, at(10))).to.equal(true);
        expect(await repos.users.softDelete(user.id, at(20))).to.equal(false);
        expect(await repos.users.findById(user.id)).to.equal(null);
      });

      it('refuses a second live user whose email differs only in case', async () => {
        const provider = aProvider();
        await repos.providers.insert(provider);
        const first = aUser(provider.id, { email: 'ada@example.com' });
        await repos.users.insert(first);
        const second = aUser(provider.id, { email: 'Ada@Example.com' });
        await rejectionOf(repos.users.insert(second));
        expect(await repos.users.findById(second.id)).to.equal(null);
        expect((await repos.users.findByEmail('ada@example.com'))?.id).to.equal(first.id);
      });

      it('lets an email be reused once its user is soft-deleted', async () => {
        const first = await givenUser(repos, { email: 'ada@example.com' });
        await repos.users.softDelete(first.id, at(10));
        const second = aUser(first.providerId, { email: 'ada@example.com' });
        await repos.users.insert(second);
        expect(await repos.users.findByEmail('ada@example.com')).to.deep.equal(second);
      });

      it('replaces the password hash and moves updatedAt, leaving the rest', async () => {
        const user = await givenUser(repos);
        await repos.users.updatePasswordHash(user.id, '$argon2id$hash-2', at(30));
        expect(await repos.users.findById(user.id)).to.deep.equal({
          ...user,
          passwordHash: '$argon2id$hash-2',
          updatedAt: at(30),
        });
      });
    });

    describe('SessionRepository', () => {
      let user: User;
      beforeEach(async () => (user = await givenUser(repos)));

      it('stores a session and finds it by id, with and without the lock', async () => {
        const session = aSession(user, { ip: '203.0.113.7', userAgent: 'curl/8' });
        await repos.sessions.insert(session);
        expect(await repos.sessions.findById(session.id)).to.deep.equal(session);
        expect(await uow.run((tx) => tx.sessions.findByIdForUpdate(session.id))).to.deep.equal(session);
      });

      it('rejects a second session with the same id', async () => {
        const session = aSession(user);
        await repos.sessions.insert(session);
        await rejectionOf(repos.sessions.insert({ ...session, accessTokenId: 'other' }));
        expect((await repos.sessions.findById(session.id))?.accessTokenId).to.equal(session.accessTokenId);
      });

      it('treats unknown ids and ids that are not UUIDs as absent when reading', async () => {
        await repos.sessions.insert(aSession(user));
        for (const id of [randomUUID(), 'not-a-uuid']) {
          expect(await repos.sessions.findById(id), id).to.equal(null);
          expect(await uow.run((tx) => tx.sessions.findByIdForUpdate(id)), id).to.equal(null);
          expect(await repos.sessions.listLiveByUser(id, at(0)), id).to.deep.equal([]);
        }
      });

      it('ignores update, touch and revokeAllOfUser for an unknown id', async () => {
        const session = aSession(user);
        await repos.sessions.insert(session);
        const unknown = randomUUID();
        await repos.sessions.update(aSession(user, { id: unknown }));
        await repos.sessions.touch(unknown, at(100));
        expect(await repos.sessions.revokeAllOfUser(unknown, 'revoked', at(100))).to.deep.equal([]);
        expect(await repos.sessions.findById(unknown)).to.equal(null);
        expect(await repos.sessions.findById(session.id)).to.deep.equal(session);
      });

      // Ids reach repositories from clients; one that PostgreSQL cannot cast is simply unknown.
      it('ignores update for a session id that is not a UUID', async () => {
        await repos.sessions.update(aSession(user, { id: 'not-a-uuid' }));
        expect(await repos.sessions.findById('not-a-uuid')).to.equal(null);
      });

      it('ignores touch for a session id that is not a UUID', async () => {
        const session = aSession(user);
        await repos.sessions.insert(session);
        await repos.sessions.touch('not-a-uuid', at(100));
        expect(await repos.sessions.findById(session.id)).to.deep.equal(session);
      });

      it('revokes nothing for a user id that is not a UUID', async () => {
        await repos.sessions.insert(aSession(user));
        expect(await repos.sessions.revokeAllOfUser('not-a-uuid', 'revoked', at(100))).to.deep.equal([]);
      });

      it('marks nothing archived for a session id that is not a UUID', async () => {
        const ended = aSession(user, { expiresAt: at(10) });
        await repos.sessions.insert(ended);
        expect(await repos.sessions.markArchived(['not-a-uuid'], at(100))).to.equal(0);
        expect(await repos.sessions.deleteEndedBefore(at(100))).to.equal(0);
        expect(await repos.sessions.findById(ended.id)).to.not.equal(null);
      });

      it('lists only the user’s live sessions, most recently used first', async () => {
        const other = await givenUser(repos);
        const now = at(1000);
        const older = aSession(user, { lastUsedAt: at(100) });
        const newest = aSession(user, { lastUsedAt: at(300) });
        const middle = aSession(user, { lastUsedAt: at(200) });
        await givenSessions(repos, [
          older,
          newest,
          middle,
          aSession(user, { lastUsedAt: at(400), revokedAt: at(500), revokeReason: 'logout' }),
          aSession(user, { lastUsedAt: at(400), expiresAt: at(999) }),
          aSession(user, { lastUsedAt: at(400), expiresAt: now }),
          aSession(other, { lastUsedAt: at(400) }),
        ]);
        expect(ids(await repos.sessions.listLiveByUser(user.id, now))).to.deep.equal(
          ids([newest, middle, older]),
        );
      });

      it('update overwrites every field but id and createdAt', async () => {
        const session = aSession(user);
        await repos.sessions.insert(session);
        const other = await givenUser(repos);
        const changed: Session = {
          id: session.id,
          userId: other.id,
          providerId: other.providerId,
          accessTokenId: 'jti-2',
          refreshTokenHash: 'refresh-2',
          previousRefreshTokenHash: 'refresh-1',
          refreshRotatedAt: at(50),
          refreshIssuedAt: at(51),
          generation: 7,
          expiresAt: at(7200),
          lastUsedAt: at(52),
          ip: '2001:db8::1',
          userAgent: 'Firefox/140',
          revokedAt: at(53),
          revokeReason: 'refresh_token_reuse',
          accessUsedAt: at(55),
          createdAt: at(99),
          updatedAt: at(54),
        };
        await repos.sessions.update(changed);
        const stored = await repos.sessions.findById(session.id);
        expect(stored).to.not.equal(null);
        const { createdAt, ...rest } = stored!;
        const { createdAt: _ignored, ...expected } = changed;
        expect(createdAt.getTime(), 'createdAt never changes').to.equal(session.createdAt.getTime());
        for (const [field, value] of Object.entries(expected)) {
          const actual = rest[field as keyof typeof rest];
          if (value instanceof Date) expect((actual as Date).getTime(), field).to.equal(value.getTime());
          else expect(actual, field).to.equal(value);
        }
      });

      it('touch only ever moves lastUsedAt forward', async () => {
        const session = aSession(user, { lastUsedAt: at(100) });
        await repos.sessions.insert(session);
        await repos.sessions.touch(session.id, at(200));
        expect((await repos.sessions.findById(session.id))?.lastUsedAt.getTime()).to.equal(at(200).getTime());
        await repos.sessions.touch(session.id, at(150));
        expect((await repos.sessions.findById(session.id))?.lastUsedAt.getTime()).to.equal(at(200).getTime());
        expect(await repos.sessions.findById(session.id)).to.deep.equal({ ...session, lastUsedAt: at(200) });
      });

      it('revokeAllOfUser revokes the user’s unrevoked sessions only, and names them', async () => {
        const other = await givenUser(repos);
        const live1 = aSession(user);
        const live2 = aSession(user);
        const alreadyRevoked = aSession(user, { revokedAt: at(10), revokeReason: 'logout' });
        const othersSession = aSession(other);
        await givenSessions(repos, [live1, live2, alreadyRevoked, othersSession]);
        expect((await repos.sessions.revokeAllOfUser(user.id, 'revoked', at(100))).sort()).to.deep.equal(
          [live1.id, live2.id].sort(),
        );
        for (const s of [live1, live2]) {
          expect(await repos.sessions.findById(s.id)).to.deep.equal({
            ...s,
            revokedAt: at(100),
            revokeReason: 'revoked',
            updatedAt: at(100),
          });
        }
        expect(await repos.sessions.findById(alreadyRevoked.id)).to.deep.equal(alreadyRevoked);
        expect(await repos.sessions.findById(othersSession.id)).to.deep.equal(othersSession);
        expect(await repos.sessions.revokeAllOfUser(user.id, 'revoked', at(200))).to.deep.equal([]);
      });

      it('revokeAllOfUser neither names nor touches sessions that already expired', async () => {
        const live = aSession(user, { expiresAt: at(3600) });
        const expired = aSession(user, { expiresAt: at(50) });
        await givenSessions(repos, [live, expired]);
        expect(await repos.sessions.revokeAllOfUser(user.id, 'revoked', at(100))).to.deep.equal([live.id]);
        expect(await repos.sessions.findById(expired.id)).to.deep.equal(expired);
      });

      it('revokeMany revokes only the listed sessions that are still live, leaving other columns', async () => {
        const live = aSession(user, { lastUsedAt: at(5) });
        const expired = aSession(user, { expiresAt: at(50) });
        const revoked = aSession(user, { revokedAt: at(10), revokeReason: 'logout' });
        const untouched = aSession(user);
        await givenSessions(repos, [live, expired, revoked, untouched]);
        // A rotation committed after the caller read `live` must survive its eviction.
        await repos.sessions.touch(live.id, at(90));
        const ids = [live.id, expired.id, revoked.id, randomUUID(), 'not-a-uuid'];
        expect(await repos.sessions.revokeMany(ids, 'evicted', at(100))).to.deep.equal([live.id]);
        expect(await repos.sessions.findById(live.id)).to.deep.equal({
          ...live,
          lastUsedAt: at(90),
          revokedAt: at(100),
          revokeReason: 'evicted',
          updatedAt: at(100),
        });
        for (const s of [expired, revoked, untouched])
          expect(await repos.sessions.findById(s.id)).to.deep.equal(s);
        expect(await repos.sessions.revokeMany(ids, 'evicted', at(200))).to.deep.equal([]);
        expect(await repos.sessions.revokeMany([], 'evicted', at(200))).to.deep.equal([]);
      });

      describe('rotate', () => {
        const rotation = (presentedHash: string) => ({
          presentedHash,
          refreshTokenHash: 'refresh-next',
          accessTokenId: 'jti-next',
          refreshIssuedAt: at(100),
          expiresAt: at(9000),
          maxLifetimeSeconds: 86400,
        });

        it('spends the current refresh token in one step and returns the rotated session', async () => {
          const session = aSession(user, { generation: 4 });
          await repos.sessions.insert(session);
          const expected: Session = {
            ...session,
            accessTokenId: 'jti-next',
            refreshTokenHash: 'refresh-next',
            previousRefreshTokenHash: session.refreshTokenHash,
            refreshRotatedAt: at(100),
            refreshIssuedAt: at(100),
            generation: 5,
            expiresAt: at(9000),
            lastUsedAt: at(100),
            updatedAt: at(100),
          };
          expect(
            await repos.sessions.rotate(session.id, rotation(session.refreshTokenHash), at(100)),
          ).to.deep.equal(expected);
          expect(await repos.sessions.findById(session.id)).to.deep.equal(expected);
          // The same token again is no longer the current one.
          expect(
            await repos.sessions.rotate(session.id, rotation(session.refreshTokenHash), at(101)),
          ).to.equal(null);
          expect(await repos.sessions.findById(session.id)).to.deep.equal(expected);
        });

        it('never slides a session past its absolute end (opening + maximum lifetime), as staysWithinLifetime says', async () => {
          const session = aSession(user, { createdAt: at(7), expiresAt: at(3600) });
          await repos.sessions.insert(session);
          const past = {
            ...rotation(session.refreshTokenHash),
            maxLifetimeSeconds: 5000,
            expiresAt: new Date(at(5007).getTime() + 1),
          };
          expect(staysWithinLifetime(session, past)).to.equal(false);
          expect(await repos.sessions.rotate(session.id, past, at(100))).to.equal(null);
          expect(await repos.sessions.findById(session.id)).to.deep.equal(session);
          const capped = { ...past, expiresAt: at(5007) };
          expect(staysWithinLifetime(session, capped)).to.equal(true);
          const rotated = await repos.sessions.rotate(session.id, capped, at(100));
          expect(rotated).to.deep.equal(rotateSession(session, capped, at(100)));
          expect(rotated?.expiresAt.getTime()).to.equal(at(5007).getTime());
        });

        it('changes nothing for a token that is not current, an ended session, a deleted user or an unknown id', async () => {
          const current = aSession(user);
          const revoked = aSession(user, { revokedAt: at(10), revokeReason: 'logout' });
          const expired = aSession(user, { expiresAt: at(50) });
          const doomed = await givenUser(repos);
          const orphan = aSession(doomed);
          await givenSessions(repos, [current, revoked, expired, orphan]);
          await repos.users.softDelete(doomed.id, at(60));
          const cases: [string, string][] = [
            [current.id, 'not-the-current-hash'],
            [revoked.id, revoked.refreshTokenHash],
            [expired.id, expired.refreshTokenHash],
            [orphan.id, orphan.refreshTokenHash],
            [randomUUID(), 'x'],
            ['not-a-uuid', 'x'],
          ];
          for (const [id, hash] of cases)
            expect(await repos.sessions.rotate(id, rotation(hash), at(100)), id).to.equal(null);
          for (const s of [current, revoked, expired, orphan])
            expect(await repos.sessions.findById(s.id)).to.deep.equal(s);
        });
      });

      // One table of cases for the rules the domain defines once in TypeScript (and the Kysely
      // adapter once in SQL): each expectation is checked against the domain function too, so
      // an adapter that drifts from the domain, or a domain change the SQL does not follow, fails.
      describe('the domain’s session rules, on the same cases in both adapters', () => {
        const now = at(1000);
        const window = reissueWindow({ refreshGraceSeconds: 10, accessTokenTtlSeconds: 600 });
        let doomed: User;
        let cases: Record<string, Session>;
        const expected = {
          live: { live: true, usable: true, endedBeforeNow: false },
          liveForOneMoreMs: { live: true, usable: true, endedBeforeNow: false },
          expiringNow: { live: false, usable: false, endedBeforeNow: false },
          expired: { live: false, usable: false, endedBeforeNow: true },
          revoked: { live: false, usable: false, endedBeforeNow: true },
          revokedLaterThanNow: { live: false, usable: false, endedBeforeNow: false },
          revokedAfterExpiry: { live: false, usable: false, endedBeforeNow: true },
          archived: { live: false, usable: false, endedBeforeNow: true },
          ownerDeleted: { live: true, usable: false, endedBeforeNow: false },
        } as const;
        type Case = keyof typeof expected;
        const names = Object.keys(expected) as Case[];
        const nameOf = (id: string) => names.find((n) => cases[n]!.id === id);

        beforeEach(async () => {
          doomed = await givenUser(repos);
          cases = {
            live: aSession(user, { expiresAt: at(5000) }),
            liveForOneMoreMs: aSession(user, { expiresAt: new Date(now.getTime() + 1) }),
            expiringNow: aSession(user, { expiresAt: now }),
            expired: aSession(user, { expiresAt: at(900) }),
            revoked: aSession(user, { expiresAt: at(5000), revokedAt: at(900), revokeReason: 'logout' }),
            revokedLaterThanNow: aSession(user, {
              expiresAt: at(5000),
              revokedAt: at(1100),
              revokeReason: 'revoked',
            }),
            revokedAfterExpiry: aSession(user, {
              expiresAt: at(800),
              revokedAt: at(950),
              revokeReason: 'evicted',
            }),
            archived: aSession(user, { expiresAt: at(900) }),
            ownerDeleted: aSession(doomed, { expiresAt: at(5000) }),
          };
          await givenSessions(repos, Object.values(cases));
          expect(await repos.sessions.markArchived([cases.archived!.id], at(950))).to.equal(1);
          expect(await repos.users.softDelete(doomed.id, at(960))).to.equal(true);
        });

        it('the table agrees with the domain’s isSessionLive, isSessionUsable and sessionEndedBefore', () => {
          for (const name of names) {
            const s = cases[name]!;
            const owner = s.userId === doomed.id ? { deletedAt: at(960) } : user;
            expect(isSessionLive(s, now), name).to.equal(expected[name].live);
            expect(isSessionUsable(s, owner, now), name).to.equal(expected[name].usable);
            expect(sessionEndedBefore(s, now), name).to.equal(expected[name].endedBeforeNow);
          }
        });

        it('listLiveByUser lists exactly the live ones', async () => {
          const listed = [
            ...(await repos.sessions.listLiveByUser(user.id, now)),
            ...(await repos.sessions.listLiveByUser(doomed.id, now)),
          ].map((s) => nameOf(s.id));
          expect(listed).to.have.members(names.filter((n) => expected[n].live));
        });

        it('rotate spends the current token of exactly the usable ones, as rotateSession says', async () => {
          for (const name of names) {
            const before = (await repos.sessions.findById(cases[name]!.id))!;
            const rotation = {
              presentedHash: before.refreshTokenHash,
              refreshTokenHash: `next-${name}`,
              accessTokenId: `jti-next-${name}`,
              refreshIssuedAt: now,
              expiresAt: at(2000),
              maxLifetimeSeconds: 86400,
            };
            const rotated = await repos.sessions.rotate(before.id, rotation, now);
            const after = await repos.sessions.findById(before.id);
            if (expected[name].usable) {
              expect(rotated, name).to.deep.equal(rotateSession(before, rotation, now));
              expect(after, name).to.deep.equal(rotated);
            } else {
              expect(rotated, name).to.equal(null);
              expect(after, name).to.deep.equal(before);
            }
          }
        });

        it('revokeMany and revokeAllOfUser revoke exactly the live ones, as revokeSession says', async () => {
          const before = await Promise.all(names.map((n) => repos.sessions.findById(cases[n]!.id)));
          // Each call gets live and ended ones; revokeAllOfUser then meets the first call's too.
          const half: Case[] = ['live', 'expiringNow', 'expired', 'revoked'];
          const rest: Case[] = ['liveForOneMoreMs', 'revokedLaterThanNow', 'revokedAfterExpiry', 'archived'];
          const liveIn = (list: readonly Case[]) =>
            list
              .filter((n) => expected[n].live)
              .map((n) => cases[n]!.id)
              .sort();
          const revokedByMany = await repos.sessions.revokeMany(
            half.map((n) => cases[n]!.id),
            'evicted',
            now,
          );
          expect(revokedByMany.sort()).to.deep.equal(liveIn(half));
          expect((await repos.sessions.revokeAllOfUser(user.id, 'revoked', now)).sort()).to.deep.equal(
            liveIn(rest),
          );
          expect(await repos.sessions.revokeAllOfUser(doomed.id, 'user_deleted', now)).to.have.length(1);
          for (const [i, name] of names.entries()) {
            const reason = half.includes(name) ? 'evicted' : rest.includes(name) ? 'revoked' : 'user_deleted';
            const wanted = expected[name].live ? revokeSession(before[i]!, reason, now) : before[i];
            expect(await repos.sessions.findById(cases[name]!.id), name).to.deep.equal(wanted);
          }
        });

        it('markArchived marks exactly the ended ones not archived yet', async () => {
          const all = names.map((n) => cases[n]!.id);
          const endedNotArchived = names.filter((n) => !expected[n].live && n !== 'archived');
          expect(await repos.sessions.markArchived(all, now)).to.equal(endedNotArchived.length);
          expect(await repos.sessions.markArchived(all, now)).to.equal(0);
        });

        it('listEndedBefore and deleteEndedBefore follow sessionEndedBefore, in sessionEndedAt order', async () => {
          const listed = (await repos.sessions.listEndedBefore(now, 100)).map((s) => s.id);
          const byDomain = Object.values(cases)
            .filter((s) => sessionEndedBefore(s, now) && s.id !== cases.archived!.id)
            .sort(
              (a, b) => sessionEndedAt(a).getTime() - sessionEndedAt(b).getTime() || (a.id < b.id ? -1 : 1),
            )
            .map((s) => s.id);
          expect(listed).to.deep.equal(byDomain);
          expect(listed.map(nameOf)).to.have.ordered.members([
            'revokedAfterExpiry',
            ...(['expired', 'revoked'] as Case[]).sort((a, b) => (cases[a]!.id < cases[b]!.id ? -1 : 1)),
          ]);
          // Only the archived one is ever deleted, and only once it ended before the cutoff.
          expect(await repos.sessions.deleteEndedBefore(at(900))).to.equal(0);
          expect(await repos.sessions.deleteEndedBefore(now)).to.equal(1);
          expect(await repos.sessions.findById(cases.archived!.id)).to.equal(null);
        });

        it('a rotation stores what the grace window needs: the predecessor is judged as the domain says', async () => {
          const first = cases.live!;
          const spend = (presentedHash: string, next: string, when: Date) =>
            repos.sessions.rotate(
              first.id,
              {
                presentedHash,
                refreshTokenHash: next,
                accessTokenId: `jti-${next}`,
                refreshIssuedAt: when,
                expiresAt: at(4000),
                maxLifetimeSeconds: 86400,
              },
              when,
            );
          // A used successor, so that only the grace window (not the unused one) applies.
          await repos.sessions.update(recordAccessUse({ ...first, accessUsedAt: null }, 0, at(990)));
          expect(await spend(first.refreshTokenHash, 'second', now)).to.not.equal(null);
          let stored = (await repos.sessions.findById(first.id))!;
          expect(stored.accessUsedAt, 'a rotation resets the first use').to.equal(null);
          const judge = (s: Session, hash: string, when: Date) =>
            judgePresentedRefresh(s, user, hash, window, when);
          expect(judge(stored, first.refreshTokenHash, at(1010))).to.equal('predecessor');
          expect(judge(stored, 'second', at(1010))).to.equal('current');
          await repos.sessions.update(recordAccessUse(stored, stored.generation, at(1005)));
          stored = (await repos.sessions.findById(first.id))!;
          expect(judge(stored, first.refreshTokenHash, at(1010))).to.equal('predecessor');
          expect(judge(stored, first.refreshTokenHash, new Date(at(1010).getTime() + 1))).to.equal('replay');
          // Only the immediate predecessor: after the next rotation the first token is a replay.
          expect(await spend('second', 'third', at(1011))).to.not.equal(null);
          stored = (await repos.sessions.findById(first.id))!;
          expect(judge(stored, 'second', at(1012))).to.equal('predecessor');
          expect(judge(stored, first.refreshTokenHash, at(1012))).to.equal('replay');
          expect(stored.generation).to.equal(first.generation + 2);
          expect(stored.expiresAt.getTime()).to.equal(at(4000).getTime());
        });
      });

      describe('ended sessions', () => {
        const cutoff = at(1000);
        let expiredFirst: Session;
        let revokedSecond: Session;
        let expiredThird: Session;
        let survivors: Session[];
        beforeEach(async () => {
          // Created in the opposite order to the order they ended: listing follows the ending.
          expiredFirst = aSession(user, { createdAt: at(3), expiresAt: at(970) });
          revokedSecond = aSession(user, {
            createdAt: at(2),
            expiresAt: at(5000),
            revokedAt: at(980),
            revokeReason: 'logout',
          });
          expiredThird = aSession(user, { createdAt: at(1), expiresAt: at(990) });
          survivors = [
            aSession(user, { createdAt: at(0), expiresAt: at(5000) }),
            aSession(user, {
              createdAt: at(0),
              expiresAt: at(5000),
              revokedAt: at(1010),
              revokeReason: 'logout',
            }),
            aSession(user, { createdAt: at(0), expiresAt: at(1005) }),
            aSession(user, { createdAt: at(0), expiresAt: cutoff }),
          ];
          await givenSessions(repos, [expiredThird, ...survivors, revokedSecond, expiredFirst]);
        });

        const expectSurvivorsKept = async () => {
          for (const s of survivors) expect(await repos.sessions.findById(s.id), s.id).to.deep.equal(s);
        };

        it('listEndedBefore lists the expired or revoked ones in the order they ended', async () => {
          expect(ids(await repos.sessions.listEndedBefore(cutoff, 10))).to.deep.equal(
            ids([expiredFirst, revokedSecond, expiredThird]),
          );
        });

        it('listEndedBefore respects the limit', async () => {
          expect(ids(await repos.sessions.listEndedBefore(cutoff, 2))).to.deep.equal(
            ids([expiredFirst, revokedSecond]),
          );
        });

        it('deleteEndedBefore deletes nothing that was not archived, however old (S5)', async () => {
          expect(await repos.sessions.deleteEndedBefore(cutoff)).to.equal(0);
          expect(await repos.sessions.listEndedBefore(cutoff, 10)).to.have.length(3);
          await expectSurvivorsKept();
        });

        it('markArchived marks ended sessions once, never a live one; listEndedBefore then skips them', async () => {
          const live = survivors[0]!;
          expect(
            await repos.sessions.markArchived([expiredFirst.id, expiredThird.id, live.id], at(1000)),
          ).to.equal(2);
          expect(await repos.sessions.markArchived([expiredFirst.id], at(1001))).to.equal(0);
          expect(ids(await repos.sessions.listEndedBefore(cutoff, 10))).to.deep.equal(ids([revokedSecond]));
          await expectSurvivorsKept();
        });

        it('deleteEndedBefore deletes the archived ones that ended before the cutoff, never a live or later one', async () => {
          const later = survivors[2]!; // expires at 1005, after the cutoff
          await repos.sessions.markArchived([expiredFirst.id, revokedSecond.id, later.id], at(1006));
          expect(await repos.sessions.deleteEndedBefore(cutoff)).to.equal(2);
          expect(await repos.sessions.findById(expiredFirst.id)).to.equal(null);
          expect(await repos.sessions.findById(revokedSecond.id)).to.equal(null);
          expect(await repos.sessions.findById(expiredThird.id)).to.deep.equal(expiredThird);
          await expectSurvivorsKept();
        });
      });
    });

    describe('SystemConfigRepository', () => {
      it('starts as the not-set-up default', async () => {
        const config = await repos.systemConfig.get();
        expect(config).to.include({
          setupCompletedAt: null,
          providerId: null,
          organizationName: null,
          isolationStrategy: ISOLATION_STRATEGY,
        });
        expect(config.createdAt).to.be.instanceOf(Date);
      });

      it('saves and reads back the configuration, with or without the lock', async () => {
        const provider = aProvider();
        await repos.providers.insert(provider);
        const before = await repos.systemConfig.get();
        const done = completeSetup(before, provider.id, 'Acme Cloud', at(100));
        await repos.systemConfig.save(done);
        const expected = { ...done, createdAt: before.createdAt };
        expect(await repos.systemConfig.get()).to.deep.equal(expected);
        expect(await uow.run((tx) => tx.systemConfig.getForUpdate())).to.deep.equal(expected);
      });
    });

    describe('UnitOfWork', () => {
      it('commits every write of a successful run and returns its result', async () => {
        const provider = aProvider();
        const user = aUser(provider.id);
        const session = aSession(user);
        const result = await uow.run(async (tx) => {
          await tx.providers.insert(provider);
          await tx.users.insert(user);
          await tx.sessions.insert(session);
          await tx.systemConfig.save(
            completeSetup(await tx.systemConfig.getForUpdate(), provider.id, 'Acme', at(9)),
          );
          return tx.users.findById(user.id);
        });
        expect(result).to.deep.equal(user);
        expect(await repos.providers.findById(provider.id)).to.deep.equal(provider);
        expect(await repos.users.findById(user.id)).to.deep.equal(user);
        expect(await repos.sessions.findById(session.id)).to.deep.equal(session);
        expect((await repos.systemConfig.get()).providerId).to.equal(provider.id);
      });

      it('rolls every write back and rethrows the very same error when the work throws', async () => {
        const existing = await givenUser(repos);
        const provider = aProvider();
        const user = aUser(provider.id);
        const session = aSession(user);
        const boom = new Error('injected failure');
        const thrown = await rejectionOf(
          uow.run(async (tx) => {
            await tx.providers.insert(provider);
            await tx.users.insert(user);
            await tx.sessions.insert(session);
            await tx.users.updatePasswordHash(existing.id, 'changed', at(50));
            await tx.systemConfig.save(
              completeSetup(await tx.systemConfig.getForUpdate(), provider.id, 'X', at(50)),
            );
            throw boom;
          }),
        );
        expect(thrown).to.equal(boom);
        expect(await repos.providers.count()).to.equal(1);
        expect(await repos.providers.findById(provider.id)).to.equal(null);
        expect(await repos.users.findById(user.id)).to.equal(null);
        expect(await repos.sessions.findById(session.id)).to.equal(null);
        expect(await repos.users.findById(existing.id)).to.deep.equal(existing);
        expect((await repos.systemConfig.get()).setupCompletedAt).to.equal(null);

        await uow.run((tx) => tx.providers.insert(provider));
        expect(await repos.providers.findById(provider.id)).to.deep.equal(provider);
      });
    });
  });
}

describe('repository locks [kysely]', () => {
  let store: Store;
  beforeEach(async () => (store = await adapters.find((a) => a.name === 'kysely')!.open()));
  afterEach(() => store.close());

  /**
   * Runs two units of work that both take the same lock; the first holds it while it writes.
   * Returns the ordering log: if the lock serialises them, the second reads only after the
   * first committed, and so sees the first's write.
   */
  async function raceForLock(
    lockAndRead: (tx: Repositories) => Promise<string | undefined>,
    write: (tx: Repositories) => Promise<void>,
  ): Promise<string[]> {
    const log: string[] = [];
    let firstHoldsLock!: () => void;
    const held = new Promise<void>((resolve) => (firstHoldsLock = resolve));
    const first = store.uow.run(async (tx) => {
      log.push(`first read ${await lockAndRead(tx)}`);
      firstHoldsLock();
      await delay(250);
      await write(tx);
      log.push('first commits');
    });
    await held;
    const second = store.uow.run(async (tx) => {
      log.push('second asks');
      log.push(`second read ${await lockAndRead(tx)}`);
    });
    await Promise.all([first, second]);
    return log;
  }

  const serialised = (before: string, after: string) => [
    `first read ${before}`,
    'second asks',
    'first commits',
    `second read ${after}`,
  ];

  it('sessions.findByIdForUpdate makes a second unit of work wait for the first to commit', async () => {
    const user = await givenUser(store.repos);
    const session = aSession(user, { accessTokenId: 'jti-1' });
    await store.repos.sessions.insert(session);
    const log = await raceForLock(
      async (tx) => (await tx.sessions.findByIdForUpdate(session.id))?.accessTokenId,
      (tx) => tx.sessions.update({ ...session, accessTokenId: 'jti-2', generation: 1 }),
    );
    expect(log).to.deep.equal(serialised('jti-1', 'jti-2'));
  });

  it('users.lock makes a second unit of work wait for the first to commit', async () => {
    const user = await givenUser(store.repos, { passwordHash: 'hash-1' });
    const log = await raceForLock(
      async (tx) =>
        (await tx.users.lock(user.id)) ? (await tx.users.findById(user.id))?.passwordHash : 'gone',
      (tx) => tx.users.updatePasswordHash(user.id, 'hash-2', at(10)),
    );
    expect(log).to.deep.equal(serialised('hash-1', 'hash-2'));
  });

  it('systemConfig.getForUpdate makes a second unit of work wait for the first to commit', async () => {
    const provider = aProvider();
    await store.repos.providers.insert(provider);
    const log = await raceForLock(
      async (tx) => String((await tx.systemConfig.getForUpdate()).organizationName),
      async (tx) =>
        tx.systemConfig.save(completeSetup(await tx.systemConfig.get(), provider.id, 'Acme', at(10))),
    );
    expect(log).to.deep.equal(serialised('null', 'Acme'));
  });
});
