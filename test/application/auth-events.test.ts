/**
 * Overview: auth events and the changes they record, on both persistence adapters: an event
 *   rolls back with its change (and the change with its event), and every expired session gets
 *   exactly one SESSION_EXPIRED from the cleanup job.
 * Architecture: use-case tests through the real composition root; failures are injected by
 *   building the use cases (buildUseCases) over a unit of work whose repositories fail on cue.
 * Dependencies: the test app harness, the seed helper, chai.
 * Concepts: "the same transaction": after an injected failure neither the change nor its event
 *   is there; after a retry both are, once.
 */
import { expect } from 'chai';
import {
  RepositoriesToken,
  UnitOfWorkToken,
  type Repositories,
  type UnitOfWork,
  type UseCases,
} from '../../src/application/index.js';
import type { AuthEvent, AuthEventType } from '../../src/domain/index.js';
import { buildUseCases, portsOf } from '../../src/bootstrap/use-cases.js';
import { createTestApp, kinds, type TestApp } from '../support/app.js';
import { addMember, ADMIN, seedSetup, type Seeded } from '../support/seed.js';

/** `target` with some members replaced, the others still its own (class methods included). */
function override<T extends object>(target: T, patch: Partial<T>): T {
  return Object.assign(Object.create(target) as T, patch);
}

const injected = (what: string) => () => Promise.reject(new Error(`injected: ${what}`));

type Patch = (tx: Repositories) => Partial<Repositories>;

/** The use cases over a unit of work whose repositories are patched inside every transaction. */
function useCasesWith(app: TestApp, patch: Patch): UseCases {
  const r = app.runtime;
  const real = r.get<UnitOfWork>(UnitOfWorkToken);
  const unitOfWork: UnitOfWork = { run: (work) => real.run((tx) => work({ ...tx, ...patch(tx) })) };
  return buildUseCases({ ...portsOf(r.container), unitOfWork }, r.config);
}

const eventsFail: Patch = (tx) => ({
  authEvents: override(tx.authEvents, { record: injected('event not written') }),
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  return expect.fail('expected a failure');
}

for (const kind of kinds) {
  describe(`auth events and their transactions [${kind}]`, () => {
    let app: TestApp;
    let repos: Repositories;
    let seeded: Seeded;
    const events = async (): Promise<AuthEvent[]> => repos.authEvents.list({ limit: 100 });
    const ofType = async (type: AuthEventType) => (await events()).filter((e) => e.type === type);
    const login = (email = ADMIN.email, password = ADMIN.password) =>
      app.runtime.useCases.login.execute({ email, password, ip: '192.0.2.10', userAgent: 'test' });

    const start = async (auth: Record<string, unknown> = {}) => {
      app = await createTestApp(kind, { auth });
      seeded = await seedSetup(app);
      repos = app.runtime.get<Repositories>(RepositoriesToken);
    };
    beforeEach(() => start());
    afterEach(() => app.close());

    it('setup: without its event nothing is set up; with it, SETUP_COMPLETED once', async () => {
      await app.close();
      app = await createTestApp(kind);
      repos = app.runtime.get<Repositories>(RepositoriesToken);
      const admin = { adminEmail: 'a@example.com', adminPassword: 'pw', organizationName: 'Acme' };
      const error = await failure(useCasesWith(app, eventsFail).initializeSetup.execute(admin));
      expect(error.message).to.include('injected');
      expect(await repos.providers.count()).to.equal(0);
      expect(await events()).to.deep.equal([]);
      const done = await app.runtime.useCases.initializeSetup.execute({ ...admin, traceId: 'trace-setup' });
      const [event] = await events();
      expect(event).to.deep.include({
        type: 'SETUP_COMPLETED',
        outcome: 'SUCCESS',
        userId: done.admin.id,
        sessionId: done.tokens!.sessionId,
        email: 'a@example.com',
        traceId: 'trace-setup',
      });
      expect(await events()).to.have.length(1);
    });

    it('login: without its event no session opens and nobody is evicted', async () => {
      await app.close();
      await start({ maxSessionsPerUser: 2 });
      await login();
      app.clock.advance(1);
      const kept = await login();
      const before = await repos.sessions.listLiveByUser(seeded.adminId, app.clock.now());
      const error = await failure(
        useCasesWith(app, eventsFail).login.execute({ email: ADMIN.email, password: ADMIN.password }),
      );
      expect(error.message).to.include('injected');
      expect(await repos.sessions.listLiveByUser(seeded.adminId, app.clock.now())).to.deep.equal(before);
      expect(await ofType('SESSION_EVICTED')).to.deep.equal([]);
      // The same login for real: the least recently used session makes room, both recorded at once.
      app.clock.advance(1);
      const opened = await login();
      const evicted = await ofType('SESSION_EVICTED');
      expect(evicted).to.have.length(1);
      expect(evicted[0]).to.deep.include({
        userId: seeded.adminId,
        detail: 'session_limit',
        ip: '192.0.2.10',
      });
      expect(evicted[0]?.sessionId).to.not.equal(kept.tokens.sessionId);
      const succeeded = (await ofType('LOGIN_SUCCEEDED')).map((e) => e.sessionId);
      expect(succeeded).to.have.length(3);
      expect(succeeded[0]).to.equal(opened.tokens.sessionId);
    });

    it('logout and revoke: without the event the session stays live', async () => {
      const { tokens } = await login();
      const broken = useCasesWith(app, eventsFail);
      await failure(broken.logout.execute({ sessionId: tokens.sessionId }));
      await failure(broken.revokeSession.execute({ sessionId: tokens.sessionId, ownerId: null }));
      const live = await repos.sessions.listLiveByUser(seeded.adminId, app.clock.now());
      expect(live.map((s) => s.id)).to.deep.equal([tokens.sessionId]);
      await app.runtime.useCases.revokeSession.execute({ sessionId: tokens.sessionId, ownerId: null });
      const [revoked] = await ofType('SESSION_REVOKED');
      expect(revoked).to.deep.include({
        sessionId: tokens.sessionId,
        detail: 'revoked_by_operator',
        traceId: null,
      });
      expect(await ofType('LOGOUT')).to.deep.equal([]);
    });

    it('refresh-token reuse: without the event the session is not revoked either', async () => {
      const { tokens } = await login();
      const second = await app.runtime.useCases.refreshSession.execute({ refreshToken: tokens.refreshToken });
      await app.runtime.useCases.refreshSession.execute({ refreshToken: second.refreshToken });
      const error = await failure(
        useCasesWith(app, eventsFail).refreshSession.execute({ refreshToken: tokens.refreshToken }),
      );
      expect(error.message).to.include('injected');
      expect(await repos.sessions.listLiveByUser(seeded.adminId, app.clock.now())).to.have.length(1);
      const replay = await failure(
        app.runtime.useCases.refreshSession.execute({
          refreshToken: tokens.refreshToken,
          traceId: 'trace-replay',
        }),
      );
      expect((replay as { code?: string }).code).to.equal('SESSION_REVOKED');
      const reuse = await ofType('REFRESH_REUSE_DETECTED');
      expect(reuse).to.have.length(1);
      expect(reuse[0]).to.deep.include({
        outcome: 'FAILURE',
        sessionId: tokens.sessionId,
        traceId: 'trace-replay',
      });
      expect(await repos.sessions.listLiveByUser(seeded.adminId, app.clock.now())).to.deep.equal([]);
    });

    it('password change: a failure after the revocations were recorded takes them back too', async () => {
      const me = await login();
      const other = await login();
      const caller = { userId: seeded.adminId, sessionId: me.tokens.sessionId, ip: '192.0.2.10' };
      const change = { ...caller, currentPassword: ADMIN.password, newPassword: 'new password' };
      // SESSION_REVOKED is written first, then the hash update fails: both are undone.
      const broken = useCasesWith(app, (tx) => ({
        users: override(tx.users, { updatePasswordHash: injected('hash not written') }),
      }));
      expect((await failure(broken.changePassword.execute(change))).message).to.include('injected');
      expect(await ofType('SESSION_REVOKED')).to.deep.equal([]);
      expect((await repos.sessions.findById(other.tokens.sessionId))?.revokedAt).to.equal(null);
      await failure(useCasesWith(app, eventsFail).changePassword.execute(change));
      expect((await repos.sessions.findById(other.tokens.sessionId))?.revokedAt).to.equal(null);
      const third = await login(); // the old password still works

      await app.runtime.useCases.changePassword.execute(change);
      const revoked = await ofType('SESSION_REVOKED');
      expect(revoked.map((e) => e.detail)).to.deep.equal(['password_changed', 'password_changed']);
      expect(revoked.map((e) => e.sessionId).sort()).to.deep.equal(
        [other.tokens.sessionId, third.tokens.sessionId].sort(),
      );
      const [changed] = await ofType('PASSWORD_CHANGED');
      expect(changed).to.deep.include({
        outcome: 'SUCCESS',
        sessionId: me.tokens.sessionId,
        ip: '192.0.2.10',
      });
      expect(await ofType('PASSWORD_CHANGED')).to.have.length(1);
      // A wrong current password is recorded on its own, as a failed change.
      app.clock.advance(1);
      await failure(app.runtime.useCases.changePassword.execute({ ...change, currentPassword: 'wrong' }));
      expect((await ofType('PASSWORD_CHANGED')).map((e) => [e.outcome, e.detail])).to.deep.equal([
        ['FAILURE', 'invalid_credentials'],
        ['SUCCESS', null],
      ]);
    });

    it('sign out everywhere else: without the events nobody is signed out', async () => {
      const me = await login();
      await login();
      const caller = { userId: seeded.adminId, sessionId: me.tokens.sessionId };
      await failure(useCasesWith(app, eventsFail).signOutOtherSessions.execute(caller));
      expect(await repos.sessions.listLiveByUser(seeded.adminId, app.clock.now())).to.have.length(2);
      expect((await app.runtime.useCases.signOutOtherSessions.execute(caller)).count).to.equal(1);
      expect((await ofType('SESSION_REVOKED')).map((e) => e.detail)).to.deep.equal(['signed_out_others']);
    });

    it('admin recovery: without its events the password and the sessions stay as they were', async () => {
      const { tokens } = await login();
      const reset = { email: ADMIN.email, newPassword: 'recovered' };
      await failure(useCasesWith(app, eventsFail).resetPassword.execute(reset));
      expect((await repos.sessions.findById(tokens.sessionId))?.revokedAt).to.equal(null);
      await login();

      await app.runtime.useCases.resetPassword.execute(reset);
      const [event] = await ofType('PASSWORD_RESET');
      expect(event).to.deep.include({ userId: seeded.adminId, ip: null, userAgent: null, traceId: null });
      expect((await ofType('SESSION_REVOKED')).map((e) => e.detail)).to.deep.equal([
        'password_reset',
        'password_reset',
      ]);
    });

    it('records a refused login on its own: LOGIN_FAILED, with the email tried and the user when there is one', async () => {
      const memberId = await addMember(app, seeded, 'member@example.com', 'member pw');
      await failure(login('member@example.com', 'wrong'));
      app.clock.advance(1);
      await failure(login('nobody@example.com', 'whatever'));
      const failed = await ofType('LOGIN_FAILED');
      expect(failed.map((e) => [e.userId, e.email, e.outcome, e.detail])).to.deep.equal([
        [null, 'nobody@example.com', 'FAILURE', 'invalid_credentials'],
        [memberId, 'member@example.com', 'FAILURE', 'invalid_credentials'],
      ]);
    });
  });

  describe(`SESSION_EXPIRED from the cleanup job [${kind}]`, () => {
    let app: TestApp;
    afterEach(() => app.close());

    it('records each expired session exactly once, never a live or revoked one, and none without its mark', async () => {
      app = await createTestApp(kind, { auth: { refreshTokenTtl: '1d' } });
      const seeded = await seedSetup(app);
      const repos = app.runtime.get<Repositories>(RepositoriesToken);
      const login = () =>
        app.runtime.useCases.login.execute({
          email: ADMIN.email,
          password: ADMIN.password,
          ip: '198.51.100.7',
        });
      const expiring = await login();
      const loggedOut = await login();
      await app.runtime.useCases.logout.execute({ sessionId: loggedOut.tokens.sessionId });
      app.clock.advance(2 * 86400);
      const live = await login();

      const broken = useCasesWith(app, eventsFail).cleanupExpiredSessions;
      expect((await failure(broken.execute())).message).to.include('injected');
      const cleanup = app.runtime.useCases.cleanupExpiredSessions;
      expect((await cleanup.execute()).expired).to.equal(1);
      expect((await cleanup.execute()).expired).to.equal(0);
      const expired = (await repos.authEvents.list({ limit: 100 })).filter(
        (e) => e.type === 'SESSION_EXPIRED',
      );
      expect(expired).to.have.length(1);
      expect(expired[0]).to.deep.include({
        userId: seeded.adminId,
        sessionId: expiring.tokens.sessionId,
        ip: '198.51.100.7',
        traceId: null,
        detail: 'inactivity',
      });
      expect(live.tokens.sessionId).to.not.equal(expired[0]?.sessionId);
    });

    it('says when a session reached its absolute end rather than going unused', async () => {
      app = await createTestApp(kind, { auth: { refreshTokenTtl: '1d', sessionMaxLifetime: '1d' } });
      await seedSetup(app);
      await app.runtime.useCases.login.execute({ email: ADMIN.email, password: ADMIN.password });
      app.clock.advance(86400);
      expect((await app.runtime.useCases.cleanupExpiredSessions.execute()).expired).to.equal(1);
      const repos = app.runtime.get<Repositories>(RepositoriesToken);
      const [event] = await repos.authEvents.list({ limit: 1, types: ['SESSION_EXPIRED'] });
      expect(event?.detail).to.equal('max_lifetime');
    });
  });
}
