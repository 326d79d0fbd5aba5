/**
 * Overview: the Temporal adapter against a REAL Temporal server: the client connects, workflows
 *   started through the scheduler complete, a schedule fires on its interval, and the worker
 *   stops gracefully when aborted. Skipped unless TEMPORAL_ADDRESS is set.
 * Architecture: adapter integration tests (workflows, Temporal).
 * Dependencies: @temporalio/client, the Temporal adapter, the test app harness, chai.
 * Concepts: each run uses its own task queue and schedule ids, so a shared server (or a real
 *   Nimbus worker on it) neither steals nor receives these tasks.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Client } from '@temporalio/client';
import { connectTemporal } from '../../../src/adapters/workflows/temporal/temporal-client.js';
import { TemporalWorkflowScheduler } from '../../../src/adapters/workflows/temporal/temporal-workflow-scheduler.js';
import { runTemporalWorker, type WorkerLogger } from '../../../src/adapters/workflows/temporal/worker.js';
import { buildActivities } from '../../../src/bootstrap/worker.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { ADMIN, seedSetup } from '../../support/seed.js';

const address = process.env.TEMPORAL_ADDRESS;
const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Temporal adapter (real server)', function () {
  this.timeout(60_000);
  const run = randomUUID().slice(0, 8);
  const taskQueue = `nimbus-test-${run}`;
  const connection = { address: address ?? '', namespace, connectTimeoutMs: 5000 };
  const lines: string[] = [];
  const logger: WorkerLogger = {
    debug() {},
    info: (_obj, msg) => void lines.push(msg),
    warn: (_obj, msg) => void lines.push(msg),
    error: (_obj, msg) => void lines.push(msg),
  };
  const stop = new AbortController();
  const scheduleIds: string[] = [];
  let app: TestApp;
  let client: Client;
  let scheduler: TemporalWorkflowScheduler;
  let worker: Promise<void> | undefined;

  before(async function () {
    if (!address) {
      console.log(
        '    skipped: no Temporal server can run on this machine; set TEMPORAL_ADDRESS=host:7233 to run',
      );
      this.skip();
    }
    app = await createTestApp('memory', { auth: { sessionRetention: '1h' }, jobs: { archiveAfter: '30m' } });
    await seedSetup(app);
    client = await connectTemporal(connection);
    scheduler = new TemporalWorkflowScheduler(client, { address: connection.address, taskQueue });
    worker = runTemporalWorker({
      ...connection,
      taskQueue,
      activities: buildActivities(app.runtime),
      logger,
      schedules: [],
      signal: stop.signal,
    });
    const t0 = Date.now();
    while (!lines.some((l) => l.startsWith('Temporal worker polling'))) {
      if (Date.now() - t0 > 30_000) throw new Error(`worker did not start: ${lines.join(' | ')}`);
      await Promise.race([sleep(100), worker]);
    }
  });

  after(async () => {
    stop.abort();
    await worker?.catch(() => undefined);
    for (const id of scheduleIds)
      await client.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    await client?.connection.close();
    await app?.close();
  });

  it('connects: the client reaches the namespace', async () => {
    const info = await client.workflowService.describeNamespace({ namespace });
    expect(info.namespaceInfo?.name).to.equal(namespace);
  });

  it('runs the example workflow started through the scheduler', async () => {
    const { workflowId, runId } = await scheduler.start('exampleWorkflow', 'Temporal');
    expect(await client.workflow.getHandle(workflowId, runId).result()).to.equal('Hello, Temporal!');
  });

  it('runs sessionCleanup on the real use case', async () => {
    const session = await app.runtime.useCases.login.execute({
      email: ADMIN.email,
      password: ADMIN.password,
    });
    await app.runtime.useCases.logout.execute({ sessionId: session.tokens.sessionId });
    app.clock.advance(2 * 3600);
    const { workflowId, runId } = await scheduler.start('sessionCleanup');
    const result = (await client.workflow.getHandle(workflowId, runId).result()) as { deleted: number };
    expect(result.deleted).to.equal(1);
  });

  it('ensureSchedule is idempotent and updates the interval in place', async () => {
    const id = `nimbus-test-idem-${run}`;
    scheduleIds.push(id);
    const spec = { id, workflow: 'exampleWorkflow', intervalSeconds: 3600, input: 'x' };
    await scheduler.ensureSchedule(spec);
    await scheduler.ensureSchedule(spec);
    const handle = client.schedule.getHandle(id);
    const first = await handle.describe();
    await scheduler.ensureSchedule(spec);
    expect((await handle.describe()).info.lastUpdatedAt).to.deep.equal(first.info.lastUpdatedAt);
    await scheduler.ensureSchedule({ ...spec, intervalSeconds: 1800 });
    const updated = await handle.describe();
    expect(updated.spec.intervals?.map((i) => i.every)).to.deep.equal([1800_000]);
    expect(updated.policies.overlap).to.equal('SKIP');
  });

  it('a schedule with a 2 s interval triggers the workflow', async () => {
    const id = `nimbus-test-every2s-${run}`;
    scheduleIds.push(id);
    await scheduler.ensureSchedule({
      id,
      workflow: 'exampleWorkflow',
      intervalSeconds: 2,
      input: 'schedule',
    });
    const handle = client.schedule.getHandle(id);
    const t0 = Date.now();
    let started: { workflowId: string; firstExecutionRunId: string } | undefined;
    while (!started) {
      if (Date.now() - t0 > 20_000) throw new Error('the schedule took no action within 20 s');
      await sleep(500);
      started = (await handle.describe()).info.recentActions[0]?.action.workflow;
    }
    const result = await client.workflow.getHandle(started.workflowId, started.firstExecutionRunId).result();
    expect(result).to.equal('Hello, schedule!');
    await handle.delete();
  });

  it('shuts the worker down gracefully when aborted', async () => {
    const t0 = Date.now();
    stop.abort();
    await worker;
    expect(Date.now() - t0).to.be.below(15_000);
    expect(lines).to.include('Temporal worker stopped');
  });
});
