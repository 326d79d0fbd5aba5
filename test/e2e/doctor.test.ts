/**
 * Overview: `nimbus doctor` end to end: real `node bin/nimbus.js doctor` processes on a healthy
 *   set-up, a taken port, a bad setting, unreachable external services, a stale PostgreSQL pid
 *   file, pending migrations, no web UI build and (as root) a data folder postgres cannot reach.
 * Architecture: end-to-end tests of the doctor command through the CLI's real launcher.
 * Dependencies: node:child_process, node:net, bin/nimbus.js, the test PostgreSQL.
 * Concepts: one `ok|warn|fail  <check>  <detail>` line per check, exit 1 on any fail, nothing
 *   started or created.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { createScratchDatabase } from '../support/postgres.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function doctor(env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'nimbus.js'), 'doctor'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', NIMBUS_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The finding of one check: its status and detail, from `status  name  detail`. */
function finding(run: Run, name: string): { status: string; detail: string } {
  const line = run.stdout.split('\n').find((l) => new RegExp(`^\\w+ +${name} +`).test(l));
  if (!line) throw new Error(`no "${name}" line in:\n${run.stdout}${run.stderr}`);
  const [, status = '', detail = ''] = /^(\w+) +\S.*?  +(.*)$/.exec(line.replace(name, `${name} `)) ?? [];
  return { status, detail };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

describe('nimbus doctor (end to end)', function () {
  this.timeout(300_000);
  let scratch: string;
  // Holds the port and hangs up on whoever calls (doctor asks it whether it is a Nimbus).
  const blocker = createServer((socket) => socket.destroy());
  let taken: number;
  let free: number;
  let closed: number;
  let scratchDb: { url: string; drop(): Promise<void> };
  let runs: Record<
    'healthy' | 'portTaken' | 'badSetting' | 'locked' | 'external' | 'stalePid' | 'pending',
    Run | null
  >;

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'nimbus-doctor-'));
    await chmod(scratch, 0o711);
    taken = await listen(blocker);
    const probe = createServer();
    free = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    // A port nothing listens on: the external services "down".
    const probe2 = createServer();
    closed = await listen(probe2);
    await new Promise((resolve) => probe2.close(resolve));
    // A pid file a crashed PostgreSQL left behind (its process long gone).
    const staleData = path.join(scratch, 'stale');
    await mkdir(path.join(staleData, 'postgres'), { recursive: true });
    await writeFile(path.join(staleData, 'postgres', 'postmaster.pid'), '999999\n/tmp\n');
    await mkdir(path.join(scratch, 'locked'));
    await chmod(path.join(scratch, 'locked'), 0o700);
    const dataDir = path.join(scratch, 'data');
    scratchDb = await createScratchDatabase();
    const jobs: [keyof typeof runs, Record<string, string> | null][] = [
      ['healthy', { NIMBUS_DATA_DIR: dataDir, NIMBUS_PORT: String(free) }],
      ['portTaken', { NIMBUS_PROFILE: 'memory', NIMBUS_PORT: String(taken) }],
      ['badSetting', { NIMBUS_DATA_DIR: dataDir, NIMBUS_ACCESS_TOKEN_TTL: 'forever' }],
      [
        'external',
        {
          NIMBUS_PROFILE: 'external',
          NIMBUS_PORT: String(free),
          NIMBUS_DATA_DIR: dataDir,
          DATABASE_URL: `postgres://nimbus:secret@127.0.0.1:${closed}/nimbus`,
          TEMPORAL_ADDRESS: `127.0.0.1:${closed}`,
          S3_ENDPOINT: `http://127.0.0.1:${closed}`,
        },
      ],
      ['stalePid', { NIMBUS_DATA_DIR: staleData, NIMBUS_PORT: String(free) }],
      // A reachable database with no schema yet, and a web UI folder with no build in it.
      [
        'pending',
        {
          NIMBUS_PROFILE: 'external',
          NIMBUS_PORT: String(free),
          NIMBUS_DATA_DIR: dataDir,
          DATABASE_URL: scratchDb.url,
          NIMBUS_WEB_UI_DIR: scratch,
        },
      ],
      // Only root hands PostgreSQL to the postgres user.
      [
        'locked',
        process.getuid?.() === 0
          ? { NIMBUS_DATA_DIR: path.join(scratch, 'locked', '.nimbus'), NIMBUS_PORT: String(free) }
          : null,
      ],
    ];
    runs = {
      healthy: null,
      portTaken: null,
      badSetting: null,
      locked: null,
      external: null,
      stalePid: null,
      pending: null,
    };
    // Two at a time: each process spends most of its time compiling the sources.
    const worker = async () => {
      for (let job = jobs.shift(); job; job = jobs.shift())
        runs[job[0]] = job[1] ? await doctor(job[1]) : null;
    };
    await Promise.all([worker(), worker()]);
  });

  after(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    if (scratch) await rm(scratch, { recursive: true, force: true });
    await scratchDb?.drop();
  });

  it('reports every check on a healthy set-up, exits 0 and creates nothing', () => {
    const run = runs.healthy!;
    expect(finding(run, 'configuration')).to.deep.equal({ status: 'ok', detail: 'valid, profile embedded' });
    expect(finding(run, 'data folder')).to.deep.equal({
      status: 'ok',
      detail: `${path.join(scratch, 'data')} (created at first start)`,
    });
    expect(finding(run, 'port')).to.deep.equal({ status: 'ok', detail: `127.0.0.1:${free} is free` });
    expect(finding(run, 'database').status).to.equal('ok');
    expect(run.stdout).to.match(/^0 failed, \d warning\(s\), \d ok\.$/m);
    expect(existsSync(path.join(scratch, 'data'))).to.equal(false);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
  });

  it('warns on an end-of-life Node.js and names the running version', () => {
    const node = finding(runs.healthy!, 'Node.js');
    const major = Number(process.versions.node.split('.')[0]);
    const endOfLife = { 20: '2026-04-30', 22: '2027-04-30', 24: '2028-04-30' }[major];
    expect(node.detail).to.match(new RegExp(`^${process.versions.node.replace(/\./g, '\\.')}[ ,]`));
    if (endOfLife && new Date() >= new Date(`${endOfLife}T00:00:00Z`)) {
      expect(node.status).to.equal('warn');
      expect(node.detail).to.include(`end of life on ${endOfLife}`).and.include('Node.js 24 LTS');
    } else if (endOfLife) {
      expect(node).to.deep.equal({
        status: 'ok',
        detail: `${process.versions.node}, supported until ${endOfLife}`,
      });
    }
  });

  it('fails on a port another program holds, naming NIMBUS_PORT (exit 1)', () => {
    const run = runs.portTaken!;
    const port = finding(run, 'port');
    expect(port.status).to.equal('fail');
    expect(port.detail).to.include(`port ${taken} on 127.0.0.1 is already in use`).and.include('NIMBUS_PORT');
    expect(finding(run, 'database')).to.deep.equal({ status: 'ok', detail: 'none (memory profile)' });
    expect(run.code).to.equal(1);
  });

  it('reports a bad setting as a failed check instead of stopping (exit 1, not 78)', () => {
    const run = runs.badSetting!;
    const config = finding(run, 'configuration');
    expect(config.status).to.equal('fail');
    expect(config.detail).to.include('auth.accessTokenTtl (from NIMBUS_ACCESS_TOKEN_TTL)');
    expect(run.stdout).to.match(/^1 failed, /m);
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(1);
  });

  it('on the external profile, fails on a database, Temporal and S3 it cannot reach, naming each setting', () => {
    const run = runs.external!;
    const database = finding(run, 'database');
    expect(database.status).to.equal('fail');
    expect(database.detail)
      .to.include(`cannot reach PostgreSQL at 127.0.0.1:${closed}`)
      .and.include('DATABASE_URL');
    expect(finding(run, 'Temporal')).to.deep.equal({
      status: 'fail',
      detail: `cannot reach Temporal at 127.0.0.1:${closed} (ECONNREFUSED): start it, or set TEMPORAL_ADDRESS`,
    });
    expect(finding(run, 'object store')).to.deep.equal({
      status: 'fail',
      detail: `cannot reach S3 at http://127.0.0.1:${closed} (ECONNREFUSED): start it, or set S3_ENDPOINT`,
    });
    expect(finding(run, 'PostgreSQL pid').detail).to.equal('not used by the external profile');
    expect(run.stdout).to.match(/^3 failed, /m);
    expect(run.code).to.equal(1);
  });

  it('warns on a PostgreSQL pid file whose process is gone, and says what to do', () => {
    const run = runs.stalePid!;
    const pid = finding(run, 'PostgreSQL pid');
    expect(pid.status).to.equal('warn');
    expect(pid.detail)
      .to.include(
        `${path.join(scratch, 'stale', 'postgres', 'postmaster.pid')} names process 999999, which is not running`,
      )
      .and.include('delete the file');
    expect(finding(runs.healthy!, 'PostgreSQL pid')).to.deep.equal({
      status: 'ok',
      detail: 'no PostgreSQL running on the data folder',
    });
    expect(finding(runs.healthy!, 'Temporal').detail).to.include('not used');
    expect(run.code).to.equal(0);
  });

  it('fails on pending migrations naming the command, and warns on a web UI that is not built', () => {
    const run = runs.pending!;
    const database = finding(run, 'database');
    expect(database.status).to.equal('fail');
    expect(database.detail).to.match(/^reachable, \d+ migration\(s\) pending: run npm run db:migrate$/);
    expect(finding(run, 'web UI')).to.deep.equal({
      status: 'warn',
      detail: `not built in ${scratch}: run npm run build:ui (npm start does)`,
    });
  });

  it('as root, fails on a data folder below a folder the postgres user cannot enter', function () {
    if (!runs.locked) return this.skip();
    const data = finding(runs.locked, 'data folder');
    expect(data.status).to.equal('fail');
    expect(data.detail)
      .to.include(`cannot enter ${path.join(scratch, 'locked')} (mode 700)`)
      .and.include(`chmod o+x ${path.join(scratch, 'locked')}`);
    expect(runs.locked.code).to.equal(1);
  });
});
