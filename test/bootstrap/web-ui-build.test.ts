/**
 * Overview: how the server hears from `npm start` that the web UI it builds is ready.
 * Architecture: bootstrap unit test, on a stand-in for the process (an EventEmitter).
 * Dependencies: node:events, the web UI build channel, chai.
 * Concepts: only NIMBUS_WEB_UI_BUILD=pending with an IPC channel means a build is running.
 */
import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import { pendingWebUiBuild, WEB_UI_BUILD_ENV } from '../../src/bootstrap/web-ui-build.js';

function processWith(env: NodeJS.ProcessEnv, withChannel = true) {
  const events = new EventEmitter();
  let unrefs = 0;
  const proc = Object.assign(events, {
    env,
    channel: withChannel ? { unref: () => void unrefs++ } : undefined,
  });
  return { proc, unrefs: () => unrefs };
}

const settled = async (promise: Promise<boolean>) =>
  Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve('pending'), 20))]);

describe('web UI build channel (pendingWebUiBuild)', () => {
  it('is undefined unless started with NIMBUS_WEB_UI_BUILD=pending and an IPC channel', () => {
    expect(WEB_UI_BUILD_ENV).to.equal('NIMBUS_WEB_UI_BUILD');
    expect(pendingWebUiBuild(processWith({}).proc)).to.equal(undefined);
    expect(pendingWebUiBuild(processWith({ NIMBUS_WEB_UI_BUILD: 'pending' }, false).proc)).to.equal(
      undefined,
    );
  });

  it('resolves true on { webUi: "built" }, ignoring other messages; the channel keeps nothing alive', async () => {
    const { proc, unrefs } = processWith({ NIMBUS_WEB_UI_BUILD: 'pending' });
    const built = pendingWebUiBuild(proc);
    expect(built).to.be.instanceOf(Promise);
    expect(unrefs()).to.equal(1);
    proc.emit('message', { webUi: 'building' });
    proc.emit('message', null);
    expect(await settled(built!)).to.equal('pending');
    proc.emit('message', { webUi: 'built' });
    expect(await built).to.equal(true);
  });

  it('resolves false when the start script goes away first', async () => {
    const { proc } = processWith({ NIMBUS_WEB_UI_BUILD: 'pending' });
    const built = pendingWebUiBuild(proc);
    proc.emit('disconnect');
    expect(await built).to.equal(false);
  });
});
