/**
 * Overview: the Temporal adapter without a server: the workflow bundle passes the deterministic
 *   sandbox bundler, activities run the real use cases and map domain errors to failures, and
 *   connecting to nothing fails fast with a message naming the address.
 * Architecture: adapter tests (workflows, Temporal) through the real composition root.
 * Dependencies: @temporalio/worker (bundler), @temporalio/testing (MockActivityEnvironment),
 *   the test app harness, chai.
 * Concepts: non-retryable ApplicationFailure = a business failure Temporal must not retry;
 *   SERVICE_UNAVAILABLE stays retryable because the dependency may come back.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import {
  JobRunsToken,
  RepositoriesToken,
  type JobRuns,
  type Repositories,
} from '../../../src/application/index.js';
import { ServiceUnavailableError, SetupRequiredError, type DomainError } from '../../../src/domain/index.js';
import {
  createActivities,
  type NimbusActivities,
} from '../../../src/adapters/workflows/temporal/activities.js';
import { connectTemporal } from '../../../src/adapters/workflows/temporal/temporal-client.js';
import { loadConfig } from '../../../src/bootstrap/config/load-config.js';
import { jobSchedules } from '../../../src/bootstrap/jobs.js';
import {
  WORKFLOWS_PATH,
  runTemporalWorker,
  schedulesOf,
  type WorkerLogger,
} from '../../../src/adapters/workflows/temporal/worker.js';
import { buildActivities } from '../../../src/bootstrap/worker.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { ADMIN, seedSetup } from '../../support/seed.js';

const quiet: WorkerLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Runs one activity in a mocked activity context (SDK warnings silenced). */
function runActivity<A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> {
  return new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') }).run(fn, ...args);
}

function failing(error: Error): NimbusActivities {
  const reject = () => Promise.reject(error);
  return createActivities({
    cleanupExpiredSessions: { execute: reject },
    archiveSessions: { execute: reject },
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A port that refuses connections: bind, note the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const configFor = (overrides: Record<string, unknown>) =>
  loadConfig({ env: {}, cwd: '/nonexistent', overrides });

describe('Temporal adapter (no server)', () => {
  it('bundles workflows.ts in the deterministic sandbox bundler', async () => {
    const t0 = performance.now();
    const bundle = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      logger: new DefaultLogger('WARN'),
    });
    expect(WORKFLOWS_PATH).to.match(/workflows\.ts$/);
    for (const name of ['exampleWorkflow', 'sessionCleanup', 'sessionArchive'])
      expect(bundle.code).to.contain(name);
    expect(performance.now() - t0).to.be.below(30_000);
  });

  it('greet returns the greeting', async () => {
    const activities = failing(new Error('unused'));
    expect(await runActivity(activities.greet, 'Temporal')).to.equal('Hello, Temporal!');
  });

  describe('cleanupExpiredSessions on the real use case (memory profile)', () => {
    let app: TestApp;
    beforeEach(async () => {
      app = await createTestApp('memory', {
        auth: { refreshTokenTtl: '1d', sessionRetention: '1h' },
        jobs: { archiveAfter: '30m' },
      });
      await seedSetup(app);
    });
    afterEach(() => app.close());

    it('deletes the archived sessions that ended before the retention period and keeps the live one', async () => {
      const login = () =>
        app.runtime.useCases.login.execute({ email: ADMIN.email, password: ADMIN.password });
      const ended = await login();
      await app.runtime.useCases.logout.execute({ sessionId: ended.tokens.sessionId });
      const expired = await login();
      app.clock.advance(25 * 3600); // `expired` ended 1 h ago, `ended` was revoked 25 h ago
      const live = await login();
      app.clock.advance(3600 + 1);

      const activities = buildActivities(app.runtime);
      // Cleanup deletes only sessions the archive job has written.
      expect((await runActivity(activities.cleanupExpiredSessions)).deleted).to.equal(0);
      expect((await runActivity(activities.archiveSessions)).archived).to.equal(2);
      const result = await runActivity(activities.cleanupExpiredSessions);
      expect(result.deleted).to.equal(2);
      expect(new Date(result.cutoff).getTime()).to.equal(app.clock.now().getTime() - 3600_000);
      const repos = app.runtime.get<Repositories>(RepositoriesToken);
      expect(await repos.sessions.findById(ended.tokens.sessionId)).to.equal(null);
      expect(await repos.sessions.findById(expired.tokens.sessionId)).to.equal(null);
      expect(await repos.sessions.findById(live.tokens.sessionId)).to.not.equal(null);
      expect((await runActivity(activities.cleanupExpiredSessions)).deleted).to.equal(0);
      // Every activity run is in the job history that `nimbus jobs list` shows.
      const [cleanup, archive] = await app.runtime
        .get<JobRuns>(JobRunsToken)
        .status(['sessionCleanup', 'sessionArchive']);
      expect(cleanup?.lastSuccessAt?.getTime()).to.equal(app.clock.now().getTime());
      expect(archive?.lastSuccessAt?.getTime()).to.equal(app.clock.now().getTime());
    });
  });

  it('turns a DomainError into a non-retryable ApplicationFailure typed by its code', async () => {
    const error = new SetupRequiredError();
    const activities = failing(error);
    const jobs: (() => Promise<unknown>)[] = [activities.cleanupExpiredSessions, activities.archiveSessions];
    for (const activity of jobs) {
      const failure = await rejection(runActivity(activity));
      expect(failure).to.be.instanceOf(ApplicationFailure);
      expect((failure as ApplicationFailure).type).to.equal((error as DomainError).code);
      expect((failure as ApplicationFailure).nonRetryable).to.equal(true);
      expect((failure as ApplicationFailure).message).to.equal(error.message);
    }
  });

  it('keeps SERVICE_UNAVAILABLE retryable, and leaves other errors (bugs) to the retry policy', async () => {
    const unavailable = await rejection(
      runActivity(failing(new ServiceUnavailableError('The database')).archiveSessions),
    );
    expect(unavailable).to.be.instanceOf(ApplicationFailure);
    expect((unavailable as ApplicationFailure).type).to.equal('SERVICE_UNAVAILABLE');
    expect((unavailable as ApplicationFailure).nonRetryable).to.equal(false);

    const bug = new TypeError('x is undefined');
    expect(await rejection(runActivity(failing(bug).cleanupExpiredSessions))).to.equal(bug);
  });

  describe('connecting to no server', () => {
    const sockets = new Set<Socket>();
    let silent: Server;
    before(async () => {
      // Accepts TCP and never answers: only the timeout can end the attempt.
      silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });
    after(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it('fails within connectTimeoutMs on a closed port, naming the address', async () => {
      const address = `127.0.0.1:${await closedPort()}`;
      const t0 = performance.now();
      const error = await rejection(
        connectTemporal({ address, namespace: 'default', connectTimeoutMs: 1000 }),
      );
      const ms = performance.now() - t0;
      expect(error).to.be.instanceOf(ServiceUnavailableError);
      expect((error as Error).message).to.equal(`Temporal at ${address} is unavailable; try again shortly.`);
      expect(ms).to.be.below(1000 + 250);
    });

    it('gives up after connectTimeoutMs when the server never answers', async () => {
      const address = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const t0 = performance.now();
      const error = await rejection(
        connectTemporal({ address, namespace: 'default', connectTimeoutMs: 1000 }),
      );
      const ms = performance.now() - t0;
      expect(error).to.be.instanceOf(ServiceUnavailableError);
      expect((error as Error).message).to.contain(`Temporal at ${address}`);
      expect(ms).to.be.within(900, 1000 + 250);
    });

    it('the worker fails at once on a closed port, before building its activities', async () => {
      const address = `127.0.0.1:${await closedPort()}`;
      const before = [process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')];
      let built = false;
      const t0 = performance.now();
      const error = await rejection(
        runTemporalWorker({
          address,
          namespace: 'default',
          connectTimeoutMs: 2000,
          activities: async () => {
            built = true;
            return failing(new Error('unused'));
          },
          logger: quiet,
          schedules: schedulesOf(jobSchedules(configFor({}))),
        }),
      );
      expect(error).to.be.instanceOf(ServiceUnavailableError);
      expect((error as Error).message).to.contain(`Temporal at ${address}`);
      expect(performance.now() - t0).to.be.below(500);
      expect(built).to.equal(false);
      expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).to.deep.equal(before);
    });
  });

  it('schedules every job of the jobs table at its configured interval, and the example only when asked', () => {
    const config = configFor({ jobs: { cleanupInterval: '10m', archiveInterval: '2h' } });
    const jobs = schedulesOf(jobSchedules(config));
    expect(jobs.map((s) => [s.id, s.workflow, s.intervalSeconds])).to.deep.equal([
      ['nimbus-session-cleanup', 'sessionCleanup', 600],
      ['nimbus-session-archive', 'sessionArchive', 7200],
    ]);
    const withExample = schedulesOf(jobSchedules(config), 2);
    expect(withExample.at(-1)).to.deep.include({
      id: 'nimbus-example',
      workflow: 'exampleWorkflow',
      intervalSeconds: 2,
    });
  });
});
