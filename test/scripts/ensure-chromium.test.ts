/**
 * Overview: `npm test`'s first step: with Chromium present it does nothing; without it (and
 *   without the right to install it) it stops at once with the one command to run, no stack.
 * Architecture: test of build tooling (scripts/ensure-chromium.js), run as a real process.
 * Dependencies: node:child_process, chai.
 * Concepts: NIMBUS_NO_INSTALL=1 stands in for "not root or no apt" so the test never installs.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const SCRIPT = fileURLToPath(new URL('../../scripts/ensure-chromium.js', import.meta.url));

function ensure(chromiumPath: string) {
  return spawnSync(process.execPath, [SCRIPT], {
    env: { PATH: process.env.PATH, CHROMIUM_PATH: chromiumPath, NIMBUS_NO_INSTALL: '1' },
    encoding: 'utf8',
  });
}

describe('npm test: the Chromium check before any test runs', () => {
  it('passes quietly when Chromium is there', () => {
    const run = ensure(process.execPath); // any existing file stands in for the binary
    expect(run.status).to.equal(0);
    expect(run.stderr).to.equal('');
  });

  it('stops at once with the exact command to run when it is missing', () => {
    const run = ensure(path.join('/nonexistent', 'chromium'));
    expect(run.status).to.equal(1);
    expect(run.stderr)
      .to.include('/nonexistent/chromium')
      .and.include('sudo apt-get install -y --no-install-recommends chromium');
    expect(run.stderr).to.not.match(/^\s+at /m);
  });
});
