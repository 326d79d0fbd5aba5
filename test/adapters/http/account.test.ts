/**
 * Overview: changing the password and signing out everywhere else over real HTTP on PostgreSQL
 *   (issue 12 items 1 and 2): POST /api/v1/auth/password and DELETE /api/v1/auth/sessions.
 * Architecture: end-to-end tests of the HTTP adapter through the server bootstrap.
 * Dependencies: the test server harness, chai.
 * Concepts: the caller's session stays, every other one ends at once (access AND refresh
 *   tokens); a wrong current password is a throttled login attempt.
 */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/server.js';

const SETUP = { adminEmail: 'admin@example.com', adminPassword: 'correct horse', organizationName: 'Acme' };
const OLD = { email: 'admin@example.com', password: 'correct horse' };
const NEW_PASSWORD = 'battery staple';

interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly sessionId: string;
}

describe('account over HTTP [postgres]: change password, sign out everywhere else', function () {
  this.timeout(60_000);
  let s: TestServer;
  afterEach(() => s?.close());

  /** Starts a server and sets it up; returns the setup answer's session (the admin's first). */
  async function start(auth: Record<string, unknown> = {}): Promise<Tokens> {
    s = await startTestServer('postgres', { auth });
    const res = await s.api('POST', '/api/v1/setup/initialize', { body: SETUP });
    expect(res.status).to.equal(201);
    return res.body.tokens as Tokens;
  }

  async function signIn(password = OLD.password): Promise<Tokens> {
    const res = await s.api('POST', '/api/v1/auth/login', { body: { ...OLD, password } });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as Tokens;
  }

  const me = (t: Tokens) => s.api('GET', '/api/v1/auth/me', { token: t.accessToken });
  const refresh = (t: Tokens) =>
    s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: t.refreshToken } });
  const changePassword = (t: Tokens, body: unknown) =>
    s.api('POST', '/api/v1/auth/password', { token: t.accessToken, body });
  const login = (password: string) => s.api('POST', '/api/v1/auth/login', { body: { ...OLD, password } });

  it('changes the password: 204, the new one works, the old one does not; other sessions end (access AND refresh), the caller stays', async () => {
    const first = await start();
    const [caller, other, third] = [await signIn(), await signIn(), await signIn()];

    const res = await changePassword(caller, { currentPassword: OLD.password, newPassword: NEW_PASSWORD });
    expect(res.status, JSON.stringify(res.body)).to.equal(204);
    expect(res.text).to.equal('');

    for (const ended of [first, other, third]) {
      const access = await me(ended);
      expect(access.status).to.equal(401);
      expect(access.body.error.code).to.equal('SESSION_REVOKED');
      expect((await refresh(ended)).status).to.equal(401);
    }
    expect((await me(caller)).status).to.equal(200);
    const renewed = await refresh(caller);
    expect(renewed.status).to.equal(200);
    expect((await me(renewed.body)).status).to.equal(200);

    const old = await login(OLD.password);
    expect(old.status).to.equal(401);
    expect(old.body.error.code).to.equal('INVALID_CREDENTIALS');
    expect((await login(NEW_PASSWORD)).status).to.equal(200);

    const sessions = await s.api('GET', '/api/v1/auth/sessions', { token: renewed.body.accessToken });
    expect(sessions.body.sessions.map((x: { id: string }) => x.id)).to.include(caller.sessionId);
    expect(sessions.body.sessions).to.have.length(2); // the caller's and the login just above
  });

  it('refuses a wrong current password with 401 INVALID_CREDENTIALS and changes nothing', async () => {
    await start();
    const [caller, other] = [await signIn(), await signIn()];
    const res = await changePassword(caller, { currentPassword: 'wrong', newPassword: NEW_PASSWORD });
    expect(res.status).to.equal(401);
    expect(res.body.error.code).to.equal('INVALID_CREDENTIALS');
    expect((await me(caller)).status).to.equal(200);
    expect((await me(other)).status).to.equal(200);
    expect((await login(OLD.password)).status).to.equal(200);
    expect((await login(NEW_PASSWORD)).status).to.equal(401);
  });

  it('counts wrong current passwords against the login throttle (same email+IP): then 429 with Retry-After', async () => {
    await start({ throttle: { maxAttemptsPerEmailIp: 3 } });
    const caller = await signIn(); // a success resets the counter
    for (let i = 0; i < 2; i++) {
      const res = await changePassword(caller, { currentPassword: `wrong-${i}`, newPassword: NEW_PASSWORD });
      expect(res.status).to.equal(401);
    }
    expect((await login('wrong-again')).status).to.equal(401);
    const throttledLogin = await login(OLD.password);
    expect(throttledLogin.status).to.equal(429);
    expect(throttledLogin.body.error.code).to.equal('TOO_MANY_ATTEMPTS');
    const throttled = await changePassword(caller, {
      currentPassword: OLD.password,
      newPassword: NEW_PASSWORD,
    });
    expect(throttled.status).to.equal(429);
    expect(throttled.body.error.code).to.equal('TOO_MANY_ATTEMPTS');
    expect(Number(throttled.headers.get('retry-after'))).to.be.greaterThan(0);
    expect((await me(caller)).status).to.equal(200);
  });

  it('validates the body: an empty or too long new password, extra fields, a missing token', async () => {
    await start();
    const caller = await signIn();
    const empty = await changePassword(caller, { currentPassword: OLD.password, newPassword: '' });
    expect(empty.status).to.equal(400);
    expect(empty.body.error.code).to.equal('VALIDATION_ERROR');
    expect(empty.body.error.details).to.deep.include({ field: 'newPassword', message: 'is required' });
    const long = await changePassword(caller, {
      currentPassword: OLD.password,
      newPassword: 'x'.repeat(1025),
    });
    expect(long.status).to.equal(400);
    expect(long.body.error.details.map((d: { field: string }) => d.field)).to.include('newPassword');
    const extra = await changePassword(caller, {
      currentPassword: OLD.password,
      newPassword: 'n',
      role: 'x',
    });
    expect(extra.status).to.equal(400);
    const anonymous = await s.api('POST', '/api/v1/auth/password', {
      body: { currentPassword: OLD.password, newPassword: NEW_PASSWORD },
    });
    expect(anonymous.status).to.equal(401);
    expect((await login(OLD.password)).status).to.equal(200);
  });

  it('signs out everywhere else: answers how many ended, leaves exactly the caller session', async () => {
    const first = await start();
    const [caller, a, b] = [await signIn(), await signIn(), await signIn()];
    const res = await s.api('DELETE', '/api/v1/auth/sessions', { token: caller.accessToken });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ count: 3 });

    const list = await s.api('GET', '/api/v1/auth/sessions', { token: caller.accessToken });
    expect(list.status).to.equal(200);
    expect(list.body.sessions).to.have.length(1);
    expect(list.body.sessions[0]).to.include({ id: caller.sessionId, current: true });
    for (const ended of [first, a, b]) {
      expect((await me(ended)).status).to.equal(401);
      expect((await refresh(ended)).status).to.equal(401);
    }
    expect((await me(caller)).status).to.equal(200);
    expect((await refresh(caller)).status).to.equal(200);

    const again = await s.api('DELETE', '/api/v1/auth/sessions', { token: caller.accessToken });
    expect(again.body).to.deep.equal({ count: 0 });
    expect((await s.api('DELETE', '/api/v1/auth/sessions')).status).to.equal(401);
  });
});
