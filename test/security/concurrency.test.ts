/**
 * Overview: races against the real PostgreSQL: parallel logins against a session limit (S2) and
 *   parallel refreshes of one refresh token (T6).
 * Architecture: security tests through the real composition root on PostgreSQL.
 * Dependencies: the test app harness, chai.
 * Concepts: row locks serialise what must not interleave; the database is the witness.
 */
import { expect } from 'chai';
import { RepositoriesToken, type Repositories } from '../../src/application/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ADMIN, seedSetup, type Seeded } from '../support/seed.js';

describe('concurrency on PostgreSQL', function () {
  this.timeout(60_000);
  let app: TestApp;
  let seeded: Seeded;

  afterEach(() => app.close());

  for (const onSessionLimit of ['evict-oldest', 'deny'] as const) {
    it(`never holds more than 3 live sessions after 20 parallel logins (S2, ${onSessionLimit})`, async () => {
      // The throttle would rightly stop 20 attempts from one email+IP; this test is about the limit.
      app = await createTestApp('postgres', {
        auth: { maxSessionsPerUser: 3, onSessionLimit, throttle: { maxAttemptsPerEmailIp: 100 } },
      });
      seeded = await seedSetup(app);
      const login = app.runtime.useCases.login;
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          login.execute({ email: ADMIN.email, password: ADMIN.password, ip: '::1' }),
        ),
      );
      const repos = app.runtime.get<Repositories>(RepositoriesToken);
      const live = await repos.sessions.listLiveByUser(seeded.adminId, app.clock.now());
      expect(live).to.have.length(3);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (onSessionLimit === 'deny') {
        expect(ok).to.have.length(3);
        expect(new Set(failed.map((r) => (r.reason as { code: string }).code))).to.deep.equal(
          new Set(['SESSION_LIMIT_REACHED']),
        );
      } else {
        expect(ok).to.have.length(20);
      }
    });
  }

  it('never leaves two live refresh tokens after 10 parallel refreshes of one token (T6)', async () => {
    app = await createTestApp('postgres');
    seeded = await seedSetup(app);
    const first = await app.runtime.useCases.login.execute({ email: ADMIN.email, password: ADMIN.password });
    const refresh = app.runtime.useCases.refreshSession;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => refresh.execute({ refreshToken: first.tokens.refreshToken })),
    );
    const successors = new Set(results.map((r) => r.refreshToken));
    expect(successors.size).to.equal(1);
    const repos = app.runtime.get<Repositories>(RepositoriesToken);
    const session = await repos.sessions.findById(first.tokens.sessionId);
    expect(session?.generation).to.equal(1);
    expect(session?.revokedAt).to.equal(null);
    // The one successor works, and only it: the next rotation succeeds once.
    const [successor] = [...successors] as [string];
    const next = await refresh.execute({ refreshToken: successor });
    expect(next.refreshToken).to.not.equal(successor);
  });
});
