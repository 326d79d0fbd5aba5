/**
 * Overview: CleanupExpiredSessions (the cleanup part of SECURITY S5) on both adapters.
 * Architecture: use-case tests through the real composition root.
 * Dependencies: the test app harness, chai.
 * Concepts: archived sessions that ended (expired or revoked) longer ago than the retention period
 *   go; live, recently ended and never-archived ones stay (history survives a failing archive).
 */
import { expect } from 'chai';
import { RepositoriesToken, type Repositories } from '../../src/application/index.js';
import { createTestApp, kinds, type TestApp } from '../support/app.js';
import { ADMIN, seedSetup } from '../support/seed.js';

for (const kind of kinds) {
  describe(`session cleanup [${kind}]`, () => {
    let app: TestApp;
    beforeEach(async () => {
      app = await createTestApp(kind, {
        auth: { refreshTokenTtl: '1d', sessionRetention: '1h' },
        jobs: { archiveAfter: '30m' },
      });
      await seedSetup(app);
    });
    afterEach(() => app.close());

    it('removes archived sessions expired or revoked before the retention period, and keeps the rest', async () => {
      const login = () =>
        app.runtime.useCases.login.execute({ email: ADMIN.email, password: ADMIN.password });
      const expiring = await login(); // expires after 1 day
      const revokedLongAgo = await login();
      await app.runtime.useCases.logout.execute({ sessionId: revokedLongAgo.tokens.sessionId });
      app.clock.advance(23 * 3600);
      const revokedRecently = await login();
      const live = await login();
      app.clock.advance(2 * 3600); // expiring ended 1 h ago, at the edge; recently revoked: now
      await app.runtime.useCases.logout.execute({ sessionId: revokedRecently.tokens.sessionId });
      app.clock.advance(30 * 60);

      // Nothing is archived yet: nothing may go, however old.
      expect((await app.runtime.useCases.cleanupExpiredSessions.execute()).deleted).to.equal(0);
      await app.runtime.useCases.archiveSessions.execute();
      const result = await app.runtime.useCases.cleanupExpiredSessions.execute();
      expect(result.deleted).to.equal(2);
      const repos = app.runtime.get<Repositories>(RepositoriesToken);
      expect(await repos.sessions.findById(expiring.tokens.sessionId)).to.equal(null);
      expect(await repos.sessions.findById(revokedLongAgo.tokens.sessionId)).to.equal(null);
      expect(await repos.sessions.findById(revokedRecently.tokens.sessionId)).to.not.equal(null);
      expect((await repos.sessions.findById(live.tokens.sessionId))?.revokedAt).to.equal(null);
      expect((await app.runtime.useCases.cleanupExpiredSessions.execute()).deleted).to.equal(0);
    });
  });
}
