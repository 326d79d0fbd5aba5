/**
 * Overview: over real HTTP on PostgreSQL, the parts of SECURITY L1, T1/T2, S1, S4 and R6 that the
 *   use-case tests cannot show: identical login failures (status, body, headers, one argon2
 *   verify each), forged or malformed access tokens at /auth/me, the deny session limit, session
 *   isolation between two users, and a login that fails closed when only the counter store breaks.
 * Architecture: end-to-end security tests of the HTTP adapter through the server bootstrap.
 * Dependencies: the test server harness, the seed helpers (users through the repositories),
 *   jsonwebtoken and node:crypto (to forge tokens), kysely (to break and count tables), chai.
 * Concepts: every forged token differs from a token the server accepts in exactly one defect (a
 *   control built by the same builder gets 200); the database is the witness for sessions; a
 *   spy on the running server's PasswordHasher counts the hashing work of a login.
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { sql } from 'kysely';
import {
  PasswordHasherToken,
  RepositoriesToken,
  type PasswordHasher,
  type Repositories,
} from '../../src/application/index.js';
import { TEST_SECRET, type TestApp } from '../support/app.js';
import { addMember, ADMIN, seedSetup, type Seeded } from '../support/seed.js';
import { startTestServer, type ApiResponse, type TestServer } from '../support/server.js';
import { databaseOf } from '../support/postgres.js';

const LOGIN = '/api/v1/auth/login';
const ME = '/api/v1/auth/me';
const SESSIONS = '/api/v1/auth/sessions';

/** The seed helpers take a TestApp; a running server offers the same runtime and clock. */
function appOf(s: TestServer): TestApp {
  return { runtime: s.running.runtime, clock: s.clock, logs: s.logs, close: () => s.close() };
}

function expectEnvelope(res: ApiResponse, status: number, code: string): void {
  expect(res.status, res.text).to.equal(status);
  expect(res.body?.error, res.text).to.be.an('object');
  expect(Object.keys(res.body.error)).to.have.members(['code', 'message', 'traceId']);
  expect(res.body.error.code).to.equal(code);
  expect(res.body.error.message).to.be.a('string').and.not.equal('');
  expect(res.body.error.traceId).to.be.a('string').and.equal(res.headers.get('x-trace-id'));
}

async function countSessions(s: TestServer): Promise<number> {
  const db = databaseOf(s.running.runtime)!.db;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from sessions`.execute(db);
  return rows[0]!.n;
}

describe('security proofs over HTTP [postgres]', function () {
  this.timeout(30_000);
  let s: TestServer;
  let seeded: Seeded;
  afterEach(() => s?.close());

  describe('login failures are indistinguishable (L1)', () => {
    const MEMBER = { email: 'member@example.com', password: 'member password' };
    let hasher: PasswordHasher;
    let realVerify: PasswordHasher['verify'];
    let verifies: (string | null)[];

    beforeEach(async () => {
      s = await startTestServer('postgres');
      seeded = await seedSetup(appOf(s));
      const memberId = await addMember(appOf(s), seeded, MEMBER.email, MEMBER.password);
      const repos = s.running.runtime.get<Repositories>(RepositoriesToken);
      expect(await repos.users.softDelete(memberId, new Date())).to.equal(true);
      // Count every verify the running server's Login makes (it holds this very instance).
      hasher = s.running.runtime.get<PasswordHasher>(PasswordHasherToken);
      realVerify = hasher.verify;
      verifies = [];
      hasher.verify = function (this: PasswordHasher, hash, password) {
        verifies.push(hash);
        return realVerify.call(this, hash, password);
      };
    });
    afterEach(() => {
      hasher.verify = realVerify;
    });

    /** One login attempt and the hashes verified while it ran. */
    async function attempt(body: { email: string; password: string }) {
      verifies = [];
      const res = await s.api('POST', LOGIN, { body });
      return { res, verified: [...verifies] };
    }

    // Excluded from the header comparison, because they legitimately differ per response:
    // - x-trace-id: a fresh id per request (the body's traceId repeats it; both are checked to match);
    // - date: the wall-clock second the response was sent;
    // - connection, keep-alive: transport state of the HTTP connection (fetch may reuse or open one),
    //   not something the API decides from the request.
    // Everything else (content-type, content-length, www-authenticate, cache-control, pragma, the
    // security headers, and any header a future change adds to one path only) must be identical.
    const PER_RESPONSE = new Set(['x-trace-id', 'date', 'connection', 'keep-alive']);
    const comparable = (h: Headers) =>
      Object.fromEntries([...h.entries()].filter(([name]) => !PER_RESPONSE.has(name)).sort());
    const withoutTrace = (res: ApiResponse) => ({
      ...res.body,
      error: { ...res.body.error, traceId: '<trace>' },
    });

    it('answers unknown email, wrong password and deleted user with identical status, body and headers', async () => {
      const unknown = await attempt({ email: 'nobody@example.com', password: ADMIN.password });
      const wrong = await attempt({ email: ADMIN.email, password: 'not the password' });
      // The deleted user's own (right) password: deletion, not a wrong password, is what refuses it.
      const deleted = await attempt(MEMBER);
      for (const { res } of [unknown, wrong, deleted]) {
        expectEnvelope(res, 401, 'INVALID_CREDENTIALS');
        expect(res.headers.get('www-authenticate')).to.equal('Bearer');
      }
      expect(withoutTrace(wrong.res)).to.deep.equal(withoutTrace(unknown.res));
      expect(withoutTrace(deleted.res)).to.deep.equal(withoutTrace(unknown.res));
      // Not a vacuous comparison: the headers a client could tell the cases apart by are there.
      expect(comparable(unknown.res.headers)).to.include.keys([
        'content-type',
        'content-length',
        'www-authenticate',
        'cache-control',
        'x-content-type-options',
      ]);
      expect(comparable(wrong.res.headers)).to.deep.equal(comparable(unknown.res.headers));
      expect(comparable(deleted.res.headers)).to.deep.equal(comparable(unknown.res.headers));
      // The trace ids really differ per response, so excluding them hides nothing else.
      const traceIds = new Set([unknown, wrong, deleted].map(({ res }) => res.headers.get('x-trace-id')));
      expect(traceIds.size).to.equal(3);
      expect(await countSessions(s)).to.equal(0);
    });

    it('spends exactly one argon2 verify on an unknown email (the dummy verify), as on a wrong password', async () => {
      // If Login returned early for an unknown email (`if (!found) throw ...` before
      // `hasher.verify(found?.passwordHash ?? null, ...)`), the unknown-email attempt would record
      // no verify at all and `unknown.verified` would be [] instead of [null]: this test fails.
      // It also fails if the miss verified twice or verified against a real user's hash.
      const unknown = await attempt({ email: 'nobody@example.com', password: ADMIN.password });
      expectEnvelope(unknown.res, 401, 'INVALID_CREDENTIALS');
      expect(unknown.verified, 'verifies on an unknown email').to.deep.equal([null]);

      const deleted = await attempt(MEMBER);
      expectEnvelope(deleted.res, 401, 'INVALID_CREDENTIALS');
      expect(deleted.verified, 'verifies for a deleted user').to.have.length(1);

      const wrong = await attempt({ email: ADMIN.email, password: 'not the password' });
      expectEnvelope(wrong.res, 401, 'INVALID_CREDENTIALS');
      expect(wrong.verified, 'verifies on a wrong password').to.have.length(1);
      expect(wrong.verified[0]).to.match(/^\$argon2id\$/);

      // The spy sees the server's real work: a right password also costs exactly one verify.
      const ok = await attempt(ADMIN);
      expect(ok.res.status).to.equal(200);
      expect(ok.verified).to.have.length(1);
    });
  });

  describe('forged and malformed access tokens at /auth/me (T1, T2)', () => {
    let payload: Record<string, unknown>;
    const key = createSecretKey(Buffer.from(TEST_SECRET, 'utf8'));
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    /** The builder every case uses: HS256 with the server's secret unless told otherwise. */
    const sign = (
      claims: Record<string, unknown>,
      options: { algorithm?: jwt.Algorithm; secret?: string } = {},
    ) =>
      jwt.sign(claims, options.secret ? createSecretKey(Buffer.from(options.secret, 'utf8')) : key, {
        algorithm: options.algorithm ?? 'HS256',
      });
    const without = (name: string) => Object.fromEntries(Object.entries(payload).filter(([k]) => k !== name));

    beforeEach(async () => {
      s = await startTestServer('postgres');
      seeded = await seedSetup(appOf(s));
      const login = await s.api('POST', LOGIN, { body: ADMIN });
      expect(login.status).to.equal(200);
      // The claims of a real token of a live session: sub, provider_id, sid, jti, typ, iat, exp,
      // iss, aud. Each case below changes exactly one thing about them or their signature.
      payload = jwt.decode(login.body.accessToken as string) as Record<string, unknown>;
      expect(payload).to.include({
        sub: seeded.adminId,
        provider_id: seeded.providerId,
        sid: login.body.sessionId,
        typ: 'access',
        iss: 'nimbus',
        aud: 'nimbus-api',
      });
      expect(payload).to.have.keys([
        'sub',
        'provider_id',
        'sid',
        'jti',
        'gen',
        'typ',
        'iat',
        'exp',
        'iss',
        'aud',
      ]);
    });

    it('accepts the control: the same claims re-signed by the builder get 200', async () => {
      const control = sign(payload);
      const res = await s.api('GET', ME, { token: control });
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.include({ id: seeded.adminId, email: ADMIN.email });
    });

    it('answers each single defect with 401 and the error envelope, while the control still passes', async () => {
      const valid = sign(payload);
      const [header, body] = valid.split('.') as [string, string, string];
      const now = Math.floor(Date.now() / 1000);
      const cases: Record<string, string> = {
        'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`,
        'alg none, no trailing dot': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}`,
        'stripped signature': `${header}.${body}.`,
        'stripped signature and dot': `${header}.${body}`,
        'HS512 with the right secret': sign(payload, { algorithm: 'HS512' }),
        'HS384 with the right secret': sign(payload, { algorithm: 'HS384' }),
        'HS256 with a wrong key': sign(payload, { secret: 'another-secret-that-is-long-enough-0123456789' }),
        'wrong iss': sign({ ...payload, iss: 'evil' }),
        'missing iss': sign(without('iss')),
        'wrong aud': sign({ ...payload, aud: 'other-api' }),
        'missing aud': sign(without('aud')),
        'missing exp': sign(without('exp')),
        'expired beyond the clock skew': sign({ ...payload, iat: now - 7200, exp: now - 600 }),
      };
      for (const [name, token] of Object.entries(cases)) {
        const res = await s.api('GET', ME, { token });
        expect(res.status, `${name}: ${res.text}`).to.equal(401);
        expectEnvelope(res, 401, 'INVALID_TOKEN');
        expect(res.headers.get('www-authenticate'), name).to.equal('Bearer');
        expect(res.text, name).to.not.include(ADMIN.email);
      }
      // The session the claims point to is still live: only the defect was refused.
      expect((await s.api('GET', ME, { token: valid })).status).to.equal(200);
    });
  });

  describe('session limit with deny (S1)', () => {
    it('answers the third login with 409 SESSION_LIMIT_REACHED and keeps both sessions working', async () => {
      s = await startTestServer('postgres', { auth: { maxSessionsPerUser: 2, onSessionLimit: 'deny' } });
      seeded = await seedSetup(appOf(s)); // setup without signing in: no session yet
      const first = await s.api('POST', LOGIN, { body: ADMIN });
      const second = await s.api('POST', LOGIN, { body: ADMIN });
      expect(first.status).to.equal(200);
      expect(second.status).to.equal(200);

      const third = await s.api('POST', LOGIN, { body: ADMIN });
      expectEnvelope(third, 409, 'SESSION_LIMIT_REACHED');
      expect(third.body).to.have.keys(['error']);
      expect(third.text).to.not.include('accessToken').and.not.include('refreshToken');

      expect(await countSessions(s)).to.equal(2);
      const listed = await s.api('GET', SESSIONS, { token: first.body.accessToken });
      expect(listed.body.sessions.map((x: { id: string }) => x.id)).to.have.members([
        first.body.sessionId,
        second.body.sessionId,
      ]);
      for (const session of [first, second]) {
        const me = await s.api('GET', ME, { token: session.body.accessToken });
        expect(me.status).to.equal(200);
        expect(me.body.email).to.equal(ADMIN.email);
        const refreshed = await s.api('POST', '/api/v1/auth/refresh', {
          body: { refreshToken: session.body.refreshToken },
        });
        expect(refreshed.status, refreshed.text).to.equal(200);
        expect(refreshed.body.sessionId).to.equal(session.body.sessionId);
      }
      // Refreshing is not a new session (S3): still two, and still no room for a third.
      expect(await countSessions(s)).to.equal(2);
      expectEnvelope(await s.api('POST', LOGIN, { body: ADMIN }), 409, 'SESSION_LIMIT_REACHED');
    });
  });

  describe("another user's sessions (S4)", () => {
    it("cannot be listed or revoked: 404 like a session that does not exist, and the admin's session keeps working", async () => {
      s = await startTestServer('postgres');
      seeded = await seedSetup(appOf(s));
      const member = { email: 'member@example.com', password: 'member password' };
      const memberId = await addMember(appOf(s), seeded, member.email, member.password);

      const admin = await s.api('POST', LOGIN, { body: ADMIN });
      const mine = await s.api('POST', LOGIN, { body: member });
      expect(admin.status).to.equal(200);
      expect(mine.status).to.equal(200);
      expect(mine.body.user.id).to.equal(memberId);

      const listed = await s.api('GET', SESSIONS, { token: mine.body.accessToken });
      expect(listed.status).to.equal(200);
      expect(listed.body.sessions.map((x: { id: string }) => x.id)).to.deep.equal([mine.body.sessionId]);
      expect(listed.text).to.not.include(admin.body.sessionId);

      const refused = await s.api('DELETE', `${SESSIONS}/${admin.body.sessionId}`, {
        token: mine.body.accessToken,
      });
      expectEnvelope(refused, 404, 'SESSION_NOT_FOUND');
      // Not forbidden: the same answer as for an id that exists nowhere, so ids cannot be probed.
      const missing = await s.api('DELETE', `${SESSIONS}/${randomUUID()}`, { token: mine.body.accessToken });
      expectEnvelope(missing, 404, 'SESSION_NOT_FOUND');
      expect(refused.body.error.message).to.equal(missing.body.error.message);

      const me = await s.api('GET', ME, { token: admin.body.accessToken });
      expect(me.status).to.equal(200);
      expect(me.body.id).to.equal(seeded.adminId);
      const adminList = await s.api('GET', SESSIONS, { token: admin.body.accessToken });
      expect(adminList.body.sessions.map((x: { id: string }) => x.id)).to.deep.equal([admin.body.sessionId]);
      const row = await s.running.runtime
        .get<Repositories>(RepositoriesToken)
        .sessions.findById(admin.body.sessionId as string);
      expect(row?.revokedAt).to.equal(null);
    });
  });

  describe('counter store failure (R6)', () => {
    const BROKEN = 'rate_limits_broken';
    const restore = async (server: TestServer) => {
      const db = databaseOf(server.running.runtime)!.db;
      await sql`alter table if exists ${sql.table(BROKEN)} rename to rate_limits`.execute(db);
    };
    // The shared database is reset (rate_limits truncated) by the next test's server start, so the
    // table must be back before this test's server closes, even if an assertion failed.
    afterEach(async () => {
      if (s) await restore(s);
    });

    it('answers login with 503 when only the rate_limits table is gone, and creates no session', async () => {
      s = await startTestServer('postgres');
      seeded = await seedSetup(appOf(s));
      const db = databaseOf(s.running.runtime)!.db;
      await sql`alter table rate_limits rename to ${sql.table(BROKEN)}`.execute(db);
      try {
        for (const password of [ADMIN.password, 'not the password']) {
          const res = await s.api('POST', LOGIN, { body: { email: ADMIN.email, password } });
          expectEnvelope(res, 503, 'SERVICE_UNAVAILABLE');
          expect(res.headers.get('retry-after')).to.match(/^\d+$/);
          expect(res.text).to.not.include('accessToken');
        }
        expect(await countSessions(s)).to.equal(0);
        // Only the counter store is broken: the rest of the database still answers.
        const users = await sql<{ n: number }>`select count(*)::int as n from users`.execute(db);
        expect(users.rows[0]!.n).to.equal(1);
      } finally {
        await restore(s);
      }
      // With the counters back, the same login works again, without a restart.
      const ok = await s.api('POST', LOGIN, { body: ADMIN });
      expect(ok.status, ok.text).to.equal(200);
      expect(await countSessions(s)).to.equal(1);
    });
  });
});
