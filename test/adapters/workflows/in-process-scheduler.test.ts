/**
 * Overview: the in-process WorkflowScheduler: runs on schedule, never two runs of one job at
 *   once, survives failures, stops cleanly.
 * Architecture: adapter tests (workflows, in-process).
 * Dependencies: the in-process scheduler, chai.
 * Concepts: a start while a run is in flight joins that run.
 */
import { expect } from 'chai';
import { InProcessScheduler } from '../../../src/adapters/workflows/in-process/in-process-scheduler.js';

function recordingLogger() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  return {
    lines,
    info: (obj: object, msg: string) =>
      void lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    error: (obj: object, msg: string) =>
      void lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('in-process scheduler', () => {
  let scheduler: InProcessScheduler;
  afterEach(() => scheduler?.stop());

  it('never runs one job twice at once: a start during a run joins it', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    scheduler = new InProcessScheduler(
      { slow: async () => (calls++, await gate, 'done') },
      recordingLogger(),
    );
    const a = await scheduler.start('slow');
    const b = await scheduler.start('slow');
    expect(b.runId).to.equal(a.runId);
    const joined = scheduler.run('slow');
    release();
    expect(await joined).to.equal('done');
    expect(calls).to.equal(1);
    await scheduler.run('slow');
    expect(calls).to.equal(2);
  });

  it('runs on its interval, logs a failure and keeps going', async () => {
    const log = recordingLogger();
    let n = 0;
    scheduler = new InProcessScheduler(
      {
        flaky: async () => {
          n++;
          if (n === 1) throw new Error('first run fails');
          return n;
        },
      },
      log,
    );
    await scheduler.ensureSchedule({ id: 's', workflow: 'flaky', intervalSeconds: 0.05 });
    await sleep(400);
    expect(n).to.be.at.least(3);
    expect(log.lines.filter((l) => l.msg === 'job failed')).to.have.length(1);
    expect(log.lines.filter((l) => l.msg === 'job completed').length).to.be.at.least(2);
  });

  it('is idempotent per schedule id and stops cleanly, waiting for a run in flight', async () => {
    let runs = 0;
    let finished = false;
    scheduler = new InProcessScheduler(
      {
        job: async () => {
          runs++;
          await sleep(100);
          finished = true;
        },
      },
      recordingLogger(),
    );
    await scheduler.ensureSchedule({ id: 'one', workflow: 'job', intervalSeconds: 0.05 });
    await scheduler.ensureSchedule({ id: 'one', workflow: 'job', intervalSeconds: 0.05 });
    await sleep(70);
    await scheduler.stop();
    expect(finished).to.equal(true);
    const after = runs;
    await sleep(200);
    expect(runs).to.equal(after);
    expect(runs).to.equal(1);
  });

  it('refuses unknown jobs', async () => {
    scheduler = new InProcessScheduler({}, recordingLogger());
    let error: unknown;
    await scheduler.start('nope').catch((e: unknown) => (error = e));
    expect((error as Error).message).to.include('unknown job');
  });
});
