/**
 * Overview: the embedded profile runs session cleanup and archive on schedule (spec task 1.9,
 *   SECURITY S5): archive objects appear under <dataDir>/objects and the runs are logged.
 * Architecture: end-to-end test of the server bootstrap with the in-process scheduler and the
 *   filesystem object store on embedded PostgreSQL.
 * Dependencies: the server bootstrap, chai.
 * Concepts: the same use cases Temporal would run, on timers inside the API process.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import type { RunningServer } from '../../src/bootstrap/server.js';
import { startEmbeddedTestServer, type EmbeddedTestServer } from '../support/embedded-server.js';

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('scheduled jobs on the embedded profile (end to end)', function () {
  this.timeout(60_000);
  let e2e: EmbeddedTestServer;
  let server: RunningServer;
  let dataDir: string;
  let logs: string[];

  before(async () => {
    e2e = await startEmbeddedTestServer(
      {
        auth: { sessionRetention: '1h' },
        jobs: { cleanupInterval: 1, archiveInterval: 1, archiveAfter: '0s' },
      },
      'info',
    );
    ({ server, dataDir, logs } = e2e);
  });

  after(() => e2e?.close());

  it('archives ended sessions to <dataDir>/objects on schedule and logs each run', async () => {
    const post = (p: string, body: unknown, token?: string) =>
      fetch(server.url + p, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
    const setup = await post('/api/v1/setup/initialize', {
      adminEmail: 'admin@example.com',
      adminPassword: 'pw',
      organizationName: 'Acme',
    });
    const { tokens } = (await setup.json()) as { tokens: { accessToken: string } };
    expect(
      (
        await fetch(server.url + '/api/v1/auth/logout', {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens.accessToken}` },
        })
      ).status,
    ).to.equal(204);

    const objects = path.join(dataDir, 'objects');
    const completed = (job: string) =>
      logs.some((l) => {
        const e = JSON.parse(l) as { msg: string; job?: string };
        return e.msg === 'job completed' && e.job === job;
      });
    // Both jobs run every second, each on its own timer: wait for an archive object and for a
    // completed run of each (on a loaded machine one job's first run may come seconds late).
    const deadline = Date.now() + 20_000;
    let files: string[] = [];
    while (Date.now() < deadline) {
      files = (await filesUnder(objects)).filter((f) =>
        f.includes(`${path.sep}sessions${path.sep}archive${path.sep}`),
      );
      if (files.length > 0 && completed('sessionArchive') && completed('sessionCleanup')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(files, 'an archive object under <dataDir>/objects/sessions/archive').to.have.length(1);
    expect(completed('sessionArchive'), 'a completed archive run').to.equal(true);
    expect(completed('sessionCleanup'), 'a completed cleanup run').to.equal(true);
    expect(logs.some((l) => l.includes('"job failed"'))).to.equal(false);
  });
});
