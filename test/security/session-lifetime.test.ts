/**
 * Overview: over real HTTP on PostgreSQL, the absolute session lifetime: a session that keeps
 *   refreshing still ends at login + auth.sessionMaxLifetime, and no token outlives it.
 * Architecture: end-to-end security test of the HTTP adapter through the server bootstrap.
 * Dependencies: the test server harness with a fake clock, the seed helpers, jsonwebtoken (to
 *   read `exp`), kysely (the database as witness), chai.
 * Concepts: refresh slides the expiry one refresh lifetime on, never past the absolute end; the
 *   last stretch goes through the locked path, which caps the term instead of sliding it.
 */
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { sql } from 'kysely';
import { type TestApp } from '../support/app.js';
import { FakeClock } from '../support/fake-clock.js';
import { databaseOf } from '../support/postgres.js';
import { ADMIN, seedSetup } from '../support/seed.js';
import { startTestServer, type TestServer } from '../support/server.js';

const MINUTE = 60;
const LIFETIME = 200 * MINUTE;

function expOf(token: string): number {
  return (jwt.decode(token) as { exp: number }).exp;
}

describe('absolute session lifetime over HTTP [postgres]', function () {
  this.timeout(30_000);
  let s: TestServer;
  const clock = new FakeClock('2026-05-01T08:00:00Z');
  afterEach(() => s?.close());

  beforeEach(async () => {
    clock.set('2026-05-01T08:00:00Z');
    s = await startTestServer('postgres', {
      clock,
      auth: { accessTokenTtl: 10 * MINUTE, refreshTokenTtl: 60 * MINUTE, sessionMaxLifetime: LIFETIME },
    });
    const app: TestApp = { runtime: s.running.runtime, clock: s.clock, logs: s.logs, close: () => s.close() };
    await seedSetup(app);
  });

  it('ends a session that keeps refreshing at login + sessionMaxLifetime; no token outlives it', async () => {
    const login = await s.api('POST', '/api/v1/auth/login', { body: ADMIN });
    expect(login.status, login.text).to.equal(200);
    const loggedInAt = Math.floor(clock.now().getTime() / 1000);
    const end = loggedInAt + LIFETIME;
    expect(login.body.refreshExpiresIn).to.equal(60 * MINUTE);
    let refreshToken: string = login.body.refreshToken;
    let accessToken: string = login.body.accessToken;
    const first = await s.api('GET', '/api/v1/auth/sessions', { token: accessToken });
    expect(first.status, first.text).to.equal(200);
    expect(new Date(first.body.sessions[0].expiresAt).getTime()).to.equal((loggedInAt + 60 * MINUTE) * 1000);
    expect(new Date(first.body.sessions[0].absoluteExpiresAt).getTime()).to.equal(end * 1000);

    // Every 50 minutes: slid a full hour while that stays inside the lifetime, capped after.
    for (const minute of [50, 100, 150, 190, 199]) {
      clock.set(new Date((loggedInAt + minute * MINUTE) * 1000));
      const res = await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
      expect(res.status, `${minute}: ${res.text}`).to.equal(200);
      refreshToken = res.body.refreshToken;
      accessToken = res.body.accessToken;
      const now = loggedInAt + minute * MINUTE;
      const sessionEnd = Math.min(now + 60 * MINUTE, end);
      expect(expOf(refreshToken), `refresh exp at ${minute}`).to.equal(sessionEnd);
      expect(res.body.refreshExpiresIn, `at ${minute}`).to.equal(sessionEnd - now);
      expect(expOf(accessToken), `access exp at ${minute}`).to.equal(Math.min(now + 10 * MINUTE, sessionEnd));
      expect(res.body.expiresIn).to.equal(expOf(accessToken) - now);
      const me = await s.api('GET', '/api/v1/auth/me', { token: accessToken });
      expect(me.status, me.text).to.equal(200);
    }

    const db = databaseOf(s.running.runtime)!.db;
    const { rows } = await sql<{
      expires: Date;
      created: Date;
    }>`select expires_at as expires, created_at as created from sessions`.execute(db);
    expect(rows).to.have.length(1);
    expect(rows[0]!.expires.getTime() - rows[0]!.created.getTime()).to.equal(LIFETIME * 1000);
    const listed = await s.api('GET', '/api/v1/auth/sessions', { token: accessToken });
    expect(listed.status, listed.text).to.equal(200);
    expect(new Date(listed.body.sessions[0].expiresAt).getTime()).to.equal(end * 1000);
    expect(new Date(listed.body.sessions[0].absoluteExpiresAt).getTime()).to.equal(end * 1000);

    // At the absolute end the session is over: refresh and the last access token are refused.
    clock.set(new Date(end * 1000 + 1));
    const late = await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
    expect(late.status, late.text).to.equal(401);
    const me = await s.api('GET', '/api/v1/auth/me', { token: accessToken });
    expect(me.status, me.text).to.equal(401);
    // A new login starts a new lifetime.
    const again = await s.api('POST', '/api/v1/auth/login', { body: ADMIN });
    expect(again.status, again.text).to.equal(200);
    expect(again.body.refreshExpiresIn).to.equal(60 * MINUTE);
  });
});
