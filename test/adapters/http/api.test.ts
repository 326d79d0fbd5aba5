/**
 * Overview: the REST API over real HTTP (spec tasks 1.3, 1.6, 1.7; SECURITY W1, W5, S4): setup,
 *   login, refresh, logout, me, sessions and probes, on PostgreSQL and (fast subset) in memory.
 * Architecture: end-to-end tests of the HTTP adapter through the server bootstrap.
 * Dependencies: the test server harness, chai.
 * Concepts: statuses and codes are the contract; tokens never cache.
 */
import { expect } from 'chai';
import { kinds } from '../../support/app.js';
import { addMember } from '../../support/seed.js';
import { startTestServer, type TestServer } from '../../support/server.js';

const SETUP = {
  adminEmail: 'admin@example.com',
  adminPassword: 'correct horse',
  organizationName: 'Acme Cloud',
};
const CREDENTIALS = { email: 'admin@example.com', password: 'correct horse' };
const MEMBER = { email: 'member@example.com', password: 'member horse' };

for (const kind of kinds) {
  describe(`REST API [${kind}]`, function () {
    this.timeout(30_000);
    let s: TestServer;
    beforeEach(async () => (s = await startTestServer(kind)));
    afterEach(() => s.close());

    async function setUp() {
      const res = await s.api('POST', '/api/v1/setup/initialize', { body: SETUP });
      expect(res.status).to.equal(201);
      return res.body as {
        tokens: { accessToken: string; refreshToken: string; sessionId: string };
        provider: { id: string };
        admin: { id: string };
      };
    }

    it('answers the probes /health, /live and /ready with 200 and a trace id (1.3)', async () => {
      for (const path of ['/health', '/live', '/ready']) {
        const res = await s.api('GET', path);
        expect(res.status, path).to.equal(200);
        expect(res.body.status).to.equal('ok');
        expect(res.headers.get('x-trace-id')).to.match(/^[A-Za-z0-9._-]{8,128}$/);
      }
    });

    it('walks setup: status false, initialise, status true, cannot run twice, admin can log in (1.7)', async () => {
      expect((await s.api('GET', '/api/v1/setup/status')).body).to.deep.include({
        initialized: false,
        isolationStrategy: 'schema-per-tenant-rls',
      });
      const login = await s.api('POST', '/api/v1/auth/login', { body: CREDENTIALS });
      expect(login.status).to.equal(409);
      expect(login.body.error.code).to.equal('SETUP_REQUIRED');

      const created = await s.api('POST', '/api/v1/setup/initialize', { body: SETUP });
      expect(created.status).to.equal(201);
      expect(created.body.provider.name).to.equal('Acme Cloud');
      expect(created.body.admin).to.include({ email: 'admin@example.com', role: 'admin' });
      expect(created.body.tokens.accessToken).to.be.a('string');
      expect(created.headers.get('cache-control')).to.equal('no-store');
      expect((await s.api('GET', '/api/v1/setup/status')).body.initialized).to.equal(true);

      const again = await s.api('POST', '/api/v1/setup/initialize', { body: SETUP });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('SETUP_ALREADY_COMPLETED');
      expect((await s.api('POST', '/api/v1/auth/login', { body: CREDENTIALS })).status).to.equal(200);
    });

    it('rejects unknown fields in setup such as role or isSuperAdmin (W5)', async () => {
      for (const extra of [{ role: 'superadmin' }, { isSuperAdmin: true }]) {
        const res = await s.api('POST', '/api/v1/setup/initialize', { body: { ...SETUP, ...extra } });
        expect(res.status).to.equal(400);
        expect(res.body.error.code).to.equal('VALIDATION_ERROR');
        expect(res.body.error.message).to.include(Object.keys(extra)[0]);
      }
      expect((await s.api('GET', '/api/v1/setup/status')).body.initialized).to.equal(false);
    });

    it('logs in with tokens, refuses bad credentials with 401, refreshes, logs out (1.6)', async () => {
      await setUp();
      const ok = await s.api('POST', '/api/v1/auth/login', { body: CREDENTIALS });
      expect(ok.status).to.equal(200);
      expect(ok.body).to.include({ tokenType: 'Bearer', expiresIn: 3600 });
      expect(ok.body.user.email).to.equal('admin@example.com');
      expect(ok.headers.get('cache-control')).to.equal('no-store');

      const bad = await s.api('POST', '/api/v1/auth/login', { body: { ...CREDENTIALS, password: 'nope' } });
      expect(bad.status).to.equal(401);
      expect(bad.body.error.code).to.equal('INVALID_CREDENTIALS');
      expect(bad.headers.get('www-authenticate')).to.equal('Bearer');

      const refreshed = await s.api('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: ok.body.refreshToken },
      });
      expect(refreshed.status).to.equal(200);
      expect(refreshed.body.refreshToken).to.not.equal(ok.body.refreshToken);
      expect(refreshed.headers.get('cache-control')).to.equal('no-store');

      const me = await s.api('GET', '/api/v1/auth/me', { token: refreshed.body.accessToken });
      expect(me.status).to.equal(200);
      expect(me.body).to.include({ email: 'admin@example.com', role: 'admin' });

      expect(
        (await s.api('POST', '/api/v1/auth/logout', { token: refreshed.body.accessToken })).status,
      ).to.equal(204);
      const after = await s.api('GET', '/api/v1/auth/me', { token: refreshed.body.accessToken });
      expect(after.status).to.equal(401);
      expect(after.body.error.code).to.equal('SESSION_REVOKED');
      expect(
        (await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: refreshed.body.refreshToken } }))
          .status,
      ).to.equal(401);
    });

    it('protects endpoints: no token, a bad token or a refresh token as bearer get 401 (1.6, T3)', async () => {
      const { tokens } = await setUp();
      for (const token of [undefined, 'garbage', tokens.refreshToken]) {
        for (const [method, path] of [
          ['GET', '/api/v1/auth/me'],
          ['GET', '/api/v1/auth/sessions'],
          ['POST', '/api/v1/auth/logout'],
          ['DELETE', `/api/v1/auth/sessions/${tokens.sessionId}`],
        ] as const) {
          const res = await s.api(method, path, { token });
          expect(res.status, `${method} ${path} with ${token ? 'a bad token' : 'no token'}`).to.equal(401);
          expect(res.body.error.code).to.be.oneOf(['UNAUTHENTICATED', 'INVALID_TOKEN']);
        }
      }
      const refresh = await s.api('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: tokens.accessToken },
      });
      expect(refresh.status).to.equal(401);
    });

    it("lists the caller's sessions and revokes one; another user's session is 404 (S4)", async () => {
      const setup = await setUp();
      const first = setup.tokens;
      const second = (await s.api('POST', '/api/v1/auth/login', { body: CREDENTIALS })).body;
      const list = await s.api('GET', '/api/v1/auth/sessions', { token: second.accessToken });
      expect(list.status).to.equal(200);
      expect(list.body.sessions).to.have.length(2);
      expect(list.body.sessions.find((x: { current: boolean }) => x.current).id).to.equal(second.sessionId);

      // A second user (members are inserted through the repositories: there is no sign-up).
      const app = { runtime: s.running.runtime, clock: s.clock, logs: s.logs, close: () => s.close() };
      await addMember(
        app,
        { providerId: setup.provider.id, adminId: setup.admin.id },
        MEMBER.email,
        MEMBER.password,
      );
      const member = await s.api('POST', '/api/v1/auth/login', { body: MEMBER });
      expect(member.status).to.equal(200);
      const theirs = await s.api('GET', '/api/v1/auth/sessions', { token: member.body.accessToken });
      expect(theirs.body.sessions.map((x: { id: string }) => x.id)).to.deep.equal([member.body.sessionId]);
      const foreign = await s.api('DELETE', `/api/v1/auth/sessions/${second.sessionId}`, {
        token: member.body.accessToken,
      });
      expect(foreign.status).to.equal(404);
      expect(foreign.body.error.code).to.equal('SESSION_NOT_FOUND');
      expect((await s.api('GET', '/api/v1/auth/me', { token: second.accessToken })).status).to.equal(200);

      const revoked = await s.api('DELETE', `/api/v1/auth/sessions/${first.sessionId}`, {
        token: second.accessToken,
      });
      expect(revoked.status).to.equal(204);
      expect((await s.api('GET', '/api/v1/auth/me', { token: first.accessToken })).status).to.equal(401);
      const again = await s.api('DELETE', `/api/v1/auth/sessions/${first.sessionId}`, {
        token: second.accessToken,
      });
      expect(again.status).to.equal(404);
      expect(again.body.error.code).to.equal('SESSION_NOT_FOUND');
    });

    it('refuses a session id that is not a UUID with 400 VALIDATION_ERROR, before any session is read', async () => {
      const { tokens } = await setUp();
      for (const id of ['not-a-uuid', `${tokens.sessionId}0`, 'x'.repeat(300)]) {
        const res = await s.api('DELETE', `/api/v1/auth/sessions/${id}`, { token: tokens.accessToken });
        expect(res.status, id).to.equal(400);
        expect(res.headers.get('cache-control')).to.equal('no-store');
        expect(res.body.error).to.deep.include({
          code: 'VALIDATION_ERROR',
          details: [{ field: 'id', message: 'must be a session id (a UUID)' }],
        });
        expect(res.body.error.traceId).to.equal(res.headers.get('x-trace-id'));
      }
      // Authentication still comes first: no token, no hint about the id's format.
      const anonymous = await s.api('DELETE', '/api/v1/auth/sessions/not-a-uuid');
      expect(anonymous.status).to.equal(401);
      expect((await s.api('GET', '/api/v1/auth/me', { token: tokens.accessToken })).status).to.equal(200);
    });

    it('serves GraphQL at /graphql on the same server, with me reading the bearer token (1.8)', async () => {
      const { tokens } = await setUp();
      const health = await s.api('POST', '/graphql', { body: { query: '{ health version }' } });
      expect(health.status).to.equal(200);
      expect(health.body.data.health).to.equal('ok');
      expect(health.body.data.version).to.match(/^\d+\.\d+\.\d+/);
      const me = await s.api('POST', '/graphql', {
        body: { query: '{ me { email } }' },
        token: tokens.accessToken,
      });
      expect(me.body.data.me.email).to.equal('admin@example.com');
      const anonymous = await s.api('POST', '/graphql', { body: { query: '{ me { email } }' } });
      expect(anonymous.body.errors[0].extensions.code).to.equal('UNAUTHENTICATED');
      expect(anonymous.body.data).to.equal(null);
    });

    it('answers unknown API routes with the JSON envelope and 404', async () => {
      const res = await s.api('GET', '/api/v1/nope');
      expect(res.status).to.equal(404);
      expect(res.body.error).to.include({ code: 'NOT_FOUND' });
      expect(res.body.error.traceId).to.equal(res.headers.get('x-trace-id'));
      expect((await s.api('POST', '/api/v2/auth/login', { body: CREDENTIALS })).status).to.equal(404);
    });
  });
}
