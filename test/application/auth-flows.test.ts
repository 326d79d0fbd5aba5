/**
 * Overview: login, refresh, logout, current user and sessions (spec tasks 1.5 and the service
 *   side of 1.6; SECURITY L1-L5, T4-T7, S1, S3, S4 service side) on both persistence adapters.
 * Architecture: use-case tests through the real composition root.
 * Dependencies: the test app harness, chai.
 * Concepts: refresh-token rotation with a grace window and replay detection; live sessions.
 */
import { expect } from 'chai';
import { RepositoriesToken, type Repositories } from '../../src/application/index.js';
import { createTestApp, kinds, type TestApp } from '../support/app.js';
import { expectDomainError } from '../support/expect-error.js';
import { addMember, ADMIN, seedSetup, type Seeded } from '../support/seed.js';

for (const kind of kinds) {
  describe(`auth flows [${kind}]`, function () {
    let app: TestApp;
    let seeded: Seeded;
    let repos: Repositories;
    const login = (email = ADMIN.email, password = ADMIN.password, ip = '203.0.113.7') =>
      app.runtime.useCases.login.execute({ email, password, ip, userAgent: 'mocha' });
    const refresh = (refreshToken: string) => app.runtime.useCases.refreshSession.execute({ refreshToken });
    const me = (accessToken: string) => app.runtime.useCases.getCurrentUser.execute({ accessToken });

    beforeEach(async () => {
      app = await createTestApp(kind);
      seeded = await seedSetup(app);
      repos = app.runtime.get<Repositories>(RepositoriesToken);
    });
    afterEach(() => app.close());

    describe('login', () => {
      it('returns tokens and the user for the right password', async () => {
        const result = await login();
        expect(result.user).to.include({ email: ADMIN.email, role: 'admin', id: seeded.adminId });
        expect(result.tokens.tokenType).to.equal('Bearer');
        expect(result.tokens.expiresIn).to.equal(3600);
        expect(result.tokens.refreshExpiresIn).to.equal(7 * 24 * 3600);
        expect((await me(result.tokens.accessToken)).user.id).to.equal(seeded.adminId);
      });

      it('answers unknown email, wrong password and deleted user with one identical error (L1)', async () => {
        const memberId = await addMember(app, seeded, 'gone@example.com', 'pw-of-gone');
        await repos.users.softDelete(memberId, app.clock.now());
        const errors = [
          await expectDomainError(login('nobody@example.com', ADMIN.password), 'INVALID_CREDENTIALS'),
          await expectDomainError(login(ADMIN.email, 'wrong'), 'INVALID_CREDENTIALS'),
          await expectDomainError(login('gone@example.com', 'pw-of-gone'), 'INVALID_CREDENTIALS'),
        ];
        expect(new Set(errors.map((e) => e.message)).size).to.equal(1);
      });

      it('rejects an empty or over-long password before any hashing (L2)', async () => {
        await expectDomainError(login(ADMIN.email, ''), 'VALIDATION_ERROR');
        await expectDomainError(login(ADMIN.email, 'x'.repeat(1025)), 'VALIDATION_ERROR');
        await expectDomainError(login('  ', 'x'), 'VALIDATION_ERROR');
      });

      it('matches the email case-insensitively and trimmed, the password exactly (L4)', async () => {
        expect((await login('  ADMIN@Example.COM ')).user.id).to.equal(seeded.adminId);
        await expectDomainError(login(ADMIN.email, ADMIN.password.toUpperCase()), 'INVALID_CREDENTIALS');
        await expectDomainError(login(ADMIN.email, ` ${ADMIN.password}`), 'INVALID_CREDENTIALS');
      });

      it('creates a new session id and refresh token on every login (L5)', async () => {
        const a = await login();
        const b = await login();
        expect(a.tokens.sessionId).to.not.equal(b.tokens.sessionId);
        expect(a.tokens.refreshToken).to.not.equal(b.tokens.refreshToken);
        expect(a.tokens.accessToken).to.not.equal(b.tokens.accessToken);
      });
    });

    describe('refresh', () => {
      it('returns a new access token and a new refresh token, and spends the old one (T4)', async () => {
        const first = await login();
        app.clock.advance(1);
        const second = await refresh(first.tokens.refreshToken);
        expect(second.sessionId).to.equal(first.tokens.sessionId);
        expect(second.accessToken).to.not.equal(first.tokens.accessToken);
        expect(second.refreshToken).to.not.equal(first.tokens.refreshToken);
        expect((await me(second.accessToken)).sessionId).to.equal(first.tokens.sessionId);
        const stored = await repos.sessions.findById(first.tokens.sessionId);
        expect(stored?.generation).to.equal(1);
      });

      it('revokes the whole session when a spent token comes back after the grace window (T5)', async () => {
        const first = await login();
        const second = await refresh(first.tokens.refreshToken);
        // The successor is in use, so the predecessor coming back is a replay, not a lost reply.
        await me(second.accessToken);
        app.clock.advance(11);
        await expectDomainError(refresh(first.tokens.refreshToken), 'SESSION_REVOKED');
        await expectDomainError(refresh(second.refreshToken), 'SESSION_REVOKED');
        await expectDomainError(me(second.accessToken), 'SESSION_REVOKED');
        expect((await repos.sessions.findById(first.tokens.sessionId))?.revokeReason).to.equal(
          'refresh_token_reuse',
        );
      });

      it('within the grace window hands the predecessor the same successor, with no new branch (T6)', async () => {
        const first = await login();
        const second = await refresh(first.tokens.refreshToken);
        app.clock.advance(5);
        const again = await refresh(first.tokens.refreshToken);
        expect(again.refreshToken).to.equal(second.refreshToken);
        const stored = await repos.sessions.findById(first.tokens.sessionId);
        expect(stored?.generation).to.equal(1);
        expect(stored?.revokedAt).to.equal(null);
        // The successor still rotates normally afterwards.
        const third = await refresh(second.refreshToken);
        expect(third.refreshToken).to.not.equal(second.refreshToken);
      });

      it('treats a token two generations old as a replay even within the window', async () => {
        const first = await login();
        const second = await refresh(first.tokens.refreshToken);
        await refresh(second.refreshToken);
        await expectDomainError(refresh(first.tokens.refreshToken), 'SESSION_REVOKED');
      });

      it('honours a grace window of 0', async () => {
        await app.close();
        app = await createTestApp(kind, { auth: { refreshGrace: 0 } });
        await seedSetup(app);
        const first = await login();
        const second = await refresh(first.tokens.refreshToken);
        await me(second.accessToken);
        app.clock.advance(1);
        await expectDomainError(refresh(first.tokens.refreshToken), 'SESSION_REVOKED');
      });

      it('hands a lost reply’s successor again after the grace window while it is unused', async () => {
        const first = await login();
        const lost = await refresh(first.tokens.refreshToken);
        app.clock.advance(60);
        const retry = await refresh(first.tokens.refreshToken);
        expect(retry.refreshToken).to.equal(lost.refreshToken);
        expect((await repos.sessions.findById(first.tokens.sessionId))?.generation).to.equal(1);
        // Using it ends the retry's chance: the predecessor is now a replay.
        expect((await me(retry.accessToken)).sessionId).to.equal(first.tokens.sessionId);
        app.clock.advance(60);
        await expectDomainError(refresh(first.tokens.refreshToken), 'SESSION_REVOKED');
        await expectDomainError(refresh(lost.refreshToken), 'SESSION_REVOKED');
      });

      it('lets a lost reply be fetched again only within the access-token lifetime', async () => {
        const first = await login();
        await refresh(first.tokens.refreshToken);
        app.clock.advance(3601);
        await expectDomainError(refresh(first.tokens.refreshToken), 'SESSION_REVOKED');
      });

      it('treats the predecessor as a replay once the successor refresh token was used', async () => {
        const first = await login();
        const second = await refresh(first.tokens.refreshToken);
        app.clock.advance(60);
        const third = await refresh(second.refreshToken);
        await expectDomainError(refresh(first.tokens.refreshToken), 'SESSION_REVOKED');
        await expectDomainError(refresh(third.refreshToken), 'SESSION_REVOKED');
      });

      it('does not count the predecessor access token as a use of the successor', async () => {
        const first = await login();
        app.clock.advance(5);
        const lost = await refresh(first.tokens.refreshToken);
        // The client still holds the old access token and keeps using it until it expires.
        await me(first.tokens.accessToken);
        app.clock.advance(60);
        expect((await refresh(first.tokens.refreshToken)).refreshToken).to.equal(lost.refreshToken);
      });

      it('fails after logout, after revocation and after the user is deleted (T7)', async () => {
        const a = await login();
        await app.runtime.useCases.logout.execute({ sessionId: a.tokens.sessionId });
        await expectDomainError(refresh(a.tokens.refreshToken), 'SESSION_REVOKED');

        const b = await login();
        await app.runtime.useCases.revokeSession.execute({
          sessionId: b.tokens.sessionId,
          ownerId: seeded.adminId,
        });
        await expectDomainError(refresh(b.tokens.refreshToken), 'SESSION_REVOKED');

        const memberId = await addMember(app, seeded, 'member@example.com', 'member-pw');
        const c = await login('member@example.com', 'member-pw');
        await repos.users.softDelete(memberId, app.clock.now());
        await expectDomainError(me(c.tokens.accessToken), 'INVALID_TOKEN');
        await expectDomainError(refresh(c.tokens.refreshToken), 'SESSION_REVOKED');
        expect((await repos.sessions.findById(c.tokens.sessionId))?.revokeReason).to.equal('user_deleted');
      });

      it('fails once the refresh token has expired', async () => {
        const a = await login();
        app.clock.advance(7 * 24 * 3600 + 60);
        await expectDomainError(refresh(a.tokens.refreshToken), 'INVALID_TOKEN');
      });

      it('does not count as a new session (S3)', async () => {
        const a = await login();
        let token = a.tokens.refreshToken;
        for (let i = 0; i < 5; i++) token = (await refresh(token)).refreshToken;
        const live = await app.runtime.useCases.listSessions.execute({ userId: seeded.adminId });
        expect(live).to.have.length(1);
      });
    });

    describe('current user, logout and sessions', () => {
      it('rejects an expired access token, and a token of an ended session at once (S4)', async () => {
        const a = await login();
        await app.runtime.useCases.logout.execute({ sessionId: a.tokens.sessionId });
        await expectDomainError(me(a.tokens.accessToken), 'SESSION_REVOKED');
        const b = await login();
        app.clock.advance(3600 + 31);
        await expectDomainError(me(b.tokens.accessToken), 'INVALID_TOKEN');
      });

      it('lists live sessions with the current one marked, and revokes one of them', async () => {
        const a = await login();
        const b = await login();
        const list = await app.runtime.useCases.listSessions.execute({
          userId: seeded.adminId,
          currentSessionId: b.tokens.sessionId,
        });
        expect(list.map((s) => s.id).sort()).to.deep.equal([a.tokens.sessionId, b.tokens.sessionId].sort());
        expect(list.find((s) => s.current)?.id).to.equal(b.tokens.sessionId);
        expect(list[0]).to.include({ ip: '203.0.113.7', userAgent: 'mocha' });
        await app.runtime.useCases.revokeSession.execute({
          sessionId: a.tokens.sessionId,
          ownerId: seeded.adminId,
        });
        await expectDomainError(me(a.tokens.accessToken), 'SESSION_REVOKED');
        expect((await me(b.tokens.accessToken)).sessionId).to.equal(b.tokens.sessionId);
      });

      it("does not let a user see or revoke another user's session (S4: not found, not forbidden)", async () => {
        const memberId = await addMember(app, seeded, 'member@example.com', 'member-pw');
        const adminSession = await login();
        await expectDomainError(
          app.runtime.useCases.revokeSession.execute({
            sessionId: adminSession.tokens.sessionId,
            ownerId: memberId,
          }),
          'SESSION_NOT_FOUND',
        );
        await expectDomainError(
          app.runtime.useCases.revokeSession.execute({ sessionId: 'no-such-session', ownerId: memberId }),
          'SESSION_NOT_FOUND',
        );
        expect(await app.runtime.useCases.listSessions.execute({ userId: memberId })).to.deep.equal([]);
        expect((await me(adminSession.tokens.accessToken)).user.id).to.equal(seeded.adminId);
      });

      it('refuses a second logout of the same session', async () => {
        const a = await login();
        await app.runtime.useCases.logout.execute({ sessionId: a.tokens.sessionId });
        await expectDomainError(
          app.runtime.useCases.logout.execute({ sessionId: a.tokens.sessionId }),
          'SESSION_REVOKED',
        );
      });
    });

    describe('session limit (S1)', () => {
      async function withPolicy(maxSessionsPerUser: number, onSessionLimit: string) {
        await app.close();
        app = await createTestApp(kind, { auth: { maxSessionsPerUser, onSessionLimit } });
        seeded = await seedSetup(app);
        repos = app.runtime.get<Repositories>(RepositoriesToken);
      }

      it('evicts the least recently used session under evict-oldest', async () => {
        await withPolicy(2, 'evict-oldest');
        const a = await login();
        app.clock.advance(10);
        const b = await login();
        app.clock.advance(10);
        await refresh(a.tokens.refreshToken); // a is now the most recently used
        app.clock.advance(10);
        const c = await login();
        const live = (await app.runtime.useCases.listSessions.execute({ userId: seeded.adminId })).map(
          (s) => s.id,
        );
        expect(live.sort()).to.deep.equal([a.tokens.sessionId, c.tokens.sessionId].sort());
        expect((await repos.sessions.findById(b.tokens.sessionId))?.revokeReason).to.equal('evicted');
      });

      it('refuses a new login under deny and leaves existing sessions untouched', async () => {
        await withPolicy(2, 'deny');
        const a = await login();
        const b = await login();
        const before = await repos.sessions.listLiveByUser(seeded.adminId, app.clock.now());
        const error = await expectDomainError(login(), 'SESSION_LIMIT_REACHED');
        expect(error.message).to.include('2');
        const after = await repos.sessions.listLiveByUser(seeded.adminId, app.clock.now());
        expect(after).to.deep.equal(before);
        expect((await me(a.tokens.accessToken)).sessionId).to.equal(a.tokens.sessionId);
        expect((await me(b.tokens.accessToken)).sessionId).to.equal(b.tokens.sessionId);
      });

      it('allows any number of sessions with a limit of 0', async () => {
        await withPolicy(0, 'deny');
        for (let i = 0; i < 12; i++) await login();
        expect(await repos.sessions.listLiveByUser(seeded.adminId, app.clock.now())).to.have.length(12);
      });

      it('does not count expired or revoked sessions against the limit', async () => {
        await withPolicy(1, 'deny');
        const a = await login();
        await app.runtime.useCases.logout.execute({ sessionId: a.tokens.sessionId });
        const b = await login();
        expect(b.tokens.sessionId).to.not.equal(a.tokens.sessionId);
      });
    });
  });
}
