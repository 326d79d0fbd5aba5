/**
 * Overview: every background-job run is recorded (last start, success, failure, failing since),
 *   a failed run logs an error line, and `nimbus jobs list` can show it; on both persistence
 *   adapters, with an object store that refuses writes standing in for a failing archive.
 * Architecture: bootstrap tests of jobs.ts over the real composition root.
 * Dependencies: the test app harness, the in-process scheduler, chai.
 * Concepts: failingSince is the first failure after the last success; a success clears it.
 */
import { expect } from 'chai';
import { JobRunsToken, type JobRuns } from '../../src/application/index.js';
import { InProcessScheduler } from '../../src/adapters/workflows/in-process/in-process-scheduler.js';
import { InMemoryObjectStore } from '../../src/adapters/storage/in-memory-object-store.js';
import { jobsOf } from '../../src/bootstrap/jobs.js';
import { createTestApp, kinds, type TestApp } from '../support/app.js';
import { ADMIN, seedSetup } from '../support/seed.js';

class FlakyStore extends InMemoryObjectStore {
  failing = true;
  override async put(...args: Parameters<InMemoryObjectStore['put']>): Promise<void> {
    if (this.failing) throw new Error('object storage refused the write');
    return super.put(...args);
  }
}

for (const kind of kinds) {
  describe(`job-run history [${kind}]`, () => {
    let app: TestApp;
    let store: FlakyStore;
    beforeEach(async () => {
      store = new FlakyStore();
      app = await createTestApp(kind, { objectStore: store });
      await seedSetup(app);
      const { tokens } = await app.runtime.useCases.login.execute({
        email: ADMIN.email,
        password: ADMIN.password,
      });
      await app.runtime.useCases.logout.execute({ sessionId: tokens.sessionId });
      app.clock.advance(2 * 3600);
    });
    afterEach(() => app.close());

    it('records failures with the time they began, logs each one, and clears them on success', async () => {
      const archive = jobsOf(app.runtime).find((j) => j.name === 'sessionArchive')!;
      const runs = app.runtime.get<JobRuns>(JobRunsToken);
      const scheduler = new InProcessScheduler({ sessionArchive: () => archive.run() }, app.runtime.logger);
      const firstFailure = app.clock.now();
      await scheduler.run('sessionArchive').catch(() => undefined);
      app.clock.advance(3600);
      await scheduler.run('sessionArchive').catch(() => undefined);
      let [status] = await runs.status(['sessionArchive']);
      expect(status).to.deep.include({
        lastSuccessAt: null,
        failingSince: firstFailure,
        lastFailureAt: app.clock.now(),
        lastError: 'object storage refused the write',
      });
      const errors = app.logs.filter((l) => l.includes('"level":50') && l.includes('job failed'));
      expect(errors).to.have.length(2);

      store.failing = false;
      app.clock.advance(3600);
      await scheduler.run('sessionArchive');
      [status] = await runs.status(['sessionArchive']);
      expect(status).to.deep.include({ lastSuccessAt: app.clock.now(), failingSince: null });
      expect(status?.lastFailureAt?.getTime()).to.be.below(app.clock.now().getTime());
      await scheduler.stop();
    });

    it('reports a job that never ran as all null', async () => {
      const [status] = await app.runtime.get<JobRuns>(JobRunsToken).status(['sessionCleanup']);
      expect(status).to.deep.equal({
        name: 'sessionCleanup',
        lastStartedAt: null,
        lastSuccessAt: null,
        lastFailureAt: null,
        failingSince: null,
        lastError: null,
      });
    });
  });
}
