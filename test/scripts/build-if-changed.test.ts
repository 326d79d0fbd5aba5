/**
 * Overview: `npm start`'s build step rebuilds only what changed: nothing changed builds nothing,
 *   a changed back-end or UI source is rebuilt and served, a failed build is never "up to date",
 *   the workflow bundle is built for the worker only, after the back end it is made from; the
 *   server starts while the web UI builds (scripts/start.js), and a failed UI build stops it.
 * Architecture: test of build tooling (scripts/build-if-changed.js, scripts/start.js), run as real
 *   processes on a copy of the project at HEAD (its real layout), with node_modules linked.
 * Dependencies: git, node:child_process, the real back-end compile and workflow bundle, chai.
 * Concepts: the web UI's build is replaced in the copy by a stand-in that copies index.html (the
 *   Angular build takes ~20 s), held until the test releases it when it must still be running;
 *   what decides whether it runs is the real input list.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = path.join(REPO, 'scripts/build-if-changed.js');
const BUNDLE = 'dist/adapters/workflows/temporal/workflows-bundle.js';

// UI_STAND_IN_WAIT: the build waits until that file exists; UI_STAND_IN_FAIL: it then fails;
// UI_STAND_IN_PID: the file it writes its process id to.
const UI_STAND_IN = `import { appendFileSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
if (process.env.UI_STAND_IN_PID) writeFileSync(process.env.UI_STAND_IN_PID, String(process.pid));
const wait = process.env.UI_STAND_IN_WAIT;
while (wait && !existsSync(wait)) await new Promise((r) => setTimeout(r, 50));
if (process.env.UI_STAND_IN_FAIL) process.exit(3);
mkdirSync('frontend/dist/browser', { recursive: true });
copyFileSync('frontend/src/index.html', 'frontend/dist/browser/index.html');
appendFileSync('ui-builds.log', 'built\\n');
`;

interface Run {
  readonly status: number | null;
  readonly out: string;
  readonly ms: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('npm start builds only what changed (scripts/build-if-changed.js)', function () {
  this.timeout(240_000);
  let root = '';
  const file = (rel: string) => path.join(root, rel);
  const read = (rel: string) => readFileSync(file(rel), 'utf8');
  const uiBuilds = () =>
    existsSync(file('ui-builds.log')) ? read('ui-builds.log').split('\n').length - 1 : 0;

  function build(...args: string[]): Run {
    const started = performance.now();
    const run = spawnSync(process.execPath, [SCRIPT, '--root', root, ...args], {
      encoding: 'utf8',
      env: { ...process.env, npm_execpath: '' },
    });
    return { status: run.status, out: `${run.stdout}${run.stderr}`, ms: performance.now() - started };
  }

  /** The --check verdict per part: 'up to date' or 'stale'. */
  function verdict(): { backend: string; ui: string } {
    const { out } = build('--check');
    const of = (label: string) => new RegExp(`^${label}: (up to date|stale)`, 'm').exec(out)?.[1] ?? out;
    return { backend: of('back end'), ui: of('web UI') };
  }

  /** Applies a change, checks the verdict, and undoes it. */
  function expectAfter(change: () => () => void, expected: { backend: string; ui: string }): void {
    const undo = change();
    try {
      expect(verdict()).to.deep.equal(expected);
    } finally {
      undo();
    }
  }

  const edit = (rel: string, text: string) => () => {
    const before = read(rel);
    writeFileSync(file(rel), before + text);
    return () => writeFileSync(file(rel), before);
  };

  const firstFile = (dir: string, test: (name: string) => boolean): string => {
    for (const entry of readdirSync(file(dir), { withFileTypes: true, recursive: true })) {
      const rel = path.relative(root, path.join(entry.parentPath, entry.name));
      if (entry.isFile() && test(rel)) return rel;
    }
    throw new Error(`no matching file under ${dir}`);
  };

  async function serve<T>(probe: (url: string) => Promise<T>): Promise<T> {
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/bootstrap/main.js'], {
      cwd: root,
      env: {
        ...process.env,
        NIMBUS_PROFILE: 'memory',
        NIMBUS_PORT: String(port),
        NIMBUS_METRICS_PORT: '0',
        NIMBUS_HOST: '127.0.0.1',
        NIMBUS_DATA_DIR: file('.nimbus'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const seen = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('listening on')) resolve();
        };
        child.stdout.on('data', seen);
        child.stderr.on('data', seen);
        child.once('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
      });
      return await probe(`http://127.0.0.1:${port}`);
    } finally {
      child.kill('SIGTERM');
    }
  }

  before(function () {
    root = mkdtempSync(path.join(os.tmpdir(), 'nimbus-build-'));
    // HEAD, not the working tree: the real layout, without other work in progress.
    execFileSync('sh', ['-c', `git -C "${REPO}" archive HEAD | tar -x -C "${root}"`]);
    // The scripts under test (build-if-changed.js is also an input of both parts).
    writeFileSync(file('scripts/build-if-changed.js'), readFileSync(SCRIPT));
    writeFileSync(file('scripts/start.js'), readFileSync(path.join(REPO, 'scripts/start.js')));
    symlinkSync(path.join(REPO, 'node_modules'), file('node_modules'));
    symlinkSync(path.join(REPO, 'frontend/node_modules'), file('frontend/node_modules'));
    writeFileSync(file('ui-stand-in.mjs'), UI_STAND_IN);
    const manifest = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(manifest.scripts['build:ui'], 'the stand-in replaces the real UI build').to.be.a('string');
    manifest.scripts['build:ui'] = 'node ui-stand-in.mjs';
    writeFileSync(file('package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  });

  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('builds both parts the first time, then nothing (and fast) while nothing changed', () => {
    const first = build();
    expect(first.status, first.out).to.equal(0);
    expect(first.out)
      .to.match(/^back end: rebuilt in [\d.]+ s$/m)
      .and.match(/^web UI: rebuilt in [\d.]+ s$/m);
    // The server never loads the workflow bundle: `npm start` does not build it.
    expect(first.out).to.not.match(/^workflow bundle:/m);
    expect(existsSync(file(BUNDLE))).to.equal(false);
    expect(existsSync(file('dist/.build-stamp.json'))).to.equal(true);

    const mtime = (rel: string) => statSync(file(rel)).mtimeMs;
    const before = mtime('dist/bootstrap/main.js');
    const second = build();
    expect(second.status, second.out).to.equal(0);
    expect(second.out.trim().split('\n')).to.deep.equal(['back end: up to date', 'web UI: up to date']);
    expect(second.ms, 'a no-op run').to.be.below(3000);
    expect(mtime('dist/bootstrap/main.js')).to.equal(before);
    expect(uiBuilds()).to.equal(1);
  });

  it('tells each change apart, on the real input layout, without building', () => {
    const backendFile = firstFile('src/domain', (rel) => rel.endsWith('.ts') && !rel.endsWith('.test.ts'));
    const uiFile = firstFile('frontend/src/app', (rel) => rel.endsWith('.ts') && !rel.endsWith('.spec.ts'));
    const uiSpec = firstFile('frontend/src/app', (rel) => rel.endsWith('.spec.ts'));
    const both = { backend: 'stale', ui: 'stale' };
    const backendOnly = { backend: 'stale', ui: 'up to date' };
    const uiOnly = { backend: 'up to date', ui: 'stale' };
    const neither = { backend: 'up to date', ui: 'up to date' };

    expectAfter(edit(backendFile, '\n// edited\n'), backendOnly);
    expectAfter(edit(uiFile, '\n// edited\n'), uiOnly);
    expectAfter(edit('frontend/src/styles.scss', '\n// edited\n'), uiOnly);
    expectAfter(edit('package-lock.json', '\n'), both);
    expectAfter(edit('tsconfig.build.json', '\n'), backendOnly);
    expectAfter(edit('frontend/angular.json', '\n'), uiOnly);
    // Tests are not part of what is built: editing them rebuilds nothing.
    expectAfter(edit(uiSpec, '\n// edited\n'), neither);
    // A touch without a change: the content decides, not the clock.
    expectAfter(() => {
      utimesSync(file(backendFile), new Date(), new Date(Date.now() + 60_000));
      return () => undefined;
    }, neither);
    expectAfter(() => {
      writeFileSync(file('src/bootstrap/new-module.ts'), 'export const added = 1;\n');
      return () => rmSync(file('src/bootstrap/new-module.ts'));
    }, backendOnly);
    expectAfter(() => {
      const before = read(uiFile);
      rmSync(file(uiFile));
      return () => writeFileSync(file(uiFile), before);
    }, uiOnly);
    // Any compiled module removed by hand, not only the entry points (tsc would not re-emit it).
    const compiled = firstFile('dist/domain', (rel) => rel.endsWith('.js'));
    expectAfter(() => {
      const before = readFileSync(file(compiled));
      rmSync(file(compiled));
      return () => writeFileSync(file(compiled), before);
    }, backendOnly);
    // Every change undone: the same content is up to date again, whatever the clocks say.
    expect(verdict()).to.deep.equal(neither);
  });

  it('rebuilds the part whose source changed, and the change is served', async () => {
    const marker = `build-check-${process.pid}`;
    const version = read('src/bootstrap/version.ts');
    const edited = version.replace(/(APP_VERSION: string = )([^;]+);/, `$1\`\${$2}+${marker}\`;`);
    expect(edited, 'src/bootstrap/version.ts still defines APP_VERSION').to.not.equal(version);
    writeFileSync(file('src/bootstrap/version.ts'), edited);
    appendFileSync(file('frontend/src/index.html'), `<!-- ${marker} -->\n`);
    const mtime = (rel: string) => statSync(file(rel)).mtimeMs;
    const mainBefore = mtime('dist/bootstrap/main.js');

    const run = build();
    expect(run.status, run.out).to.equal(0);
    // Every module is compiled again, but one whose output is the same is not rewritten.
    expect(mtime('dist/bootstrap/main.js'), 'main.js, unchanged').to.equal(mainBefore);
    expect(read('dist/bootstrap/version.js')).to.include(marker);
    expect(run.out).to.match(/^back end: building \(1 changed: src\/bootstrap\/version\.ts\)$/m);
    expect(run.out)
      .to.match(/^back end: rebuilt in/m)
      .and.match(/^web UI: rebuilt in/m);
    expect(uiBuilds()).to.equal(2);

    const served = await serve(async (url) => {
      const openapi = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
        info: { version: string };
      };
      const page = await (await fetch(`${url}/`)).text();
      return { version: openapi.info.version, page };
    });
    expect(served.version).to.match(new RegExp(`\\+${marker}$`));
    expect(served.page).to.include(marker);
    expect(build('--check').status, 'up to date once rebuilt').to.equal(0);
  });

  it('builds the workflow bundle only when asked (npm run worker), after the back end it is made from', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.worker).to.match(/^node scripts\/build-if-changed\.js workflows && /);
    expect(build('--check', 'workflows').out.trim().split('\n')).to.deep.equal([
      'back end: up to date',
      'workflow bundle: stale (never built)',
    ]);

    const first = build('workflows');
    expect(first.status, first.out).to.equal(0);
    expect(first.out).to.match(/^workflow bundle: rebuilt in [\d.]+ s$/m);
    expect(existsSync(file(BUNDLE))).to.equal(true);
    expect(read(BUNDLE)).to.contain('sessionArchive');
    expect(build('--check', 'workflows').status).to.equal(0);

    // A back-end change: the worker's build compiles it first, then bundles the new code.
    const workflows = 'src/adapters/workflows/temporal/workflows.ts';
    const before = read(workflows);
    const marker = `bundle-check-${process.pid}`;
    writeFileSync(file(workflows), `${before}\nexport const bundleMarker = '${marker}';\n`);
    try {
      const second = build('workflows');
      expect(second.status, second.out).to.equal(0);
      const lines = second.out.split('\n');
      const compiled = lines.findIndex((l) => /^back end: rebuilt in/.test(l));
      const bundling = lines.findIndex((l) => /^workflow bundle: building/.test(l));
      expect(compiled, second.out).to.be.at.least(0);
      expect(bundling, 'bundled after the compile').to.be.greaterThan(compiled);
      expect(read(BUNDLE)).to.contain(marker);
    } finally {
      writeFileSync(file(workflows), before);
    }
    // `npm start`'s build never looks at the bundle.
    const start = build('--check');
    expect(start.out).to.not.match(/^workflow bundle:/m);
  });

  it('leaves no "up to date" stamp behind a failed build', () => {
    const config = read('tsconfig.build.json');
    // A project with no inputs stops the compile at once: a real failure of the real build, and cheap.
    writeFileSync(file('tsconfig.build.json'), '{ "extends": "./tsconfig.json", "include": [] }\n');
    try {
      const failed = build('backend');
      expect(failed.status, failed.out).to.not.equal(0);
      expect(failed.out).to.match(/^back end: build failed/m);
      expect(existsSync(file('dist/.build-stamp.json'))).to.equal(false);
    } finally {
      writeFileSync(file('tsconfig.build.json'), config);
    }
    // Even with every input back as it was, the next start builds again.
    expect(verdict()).to.deep.equal({ backend: 'stale', ui: 'up to date' });
  });
  describe('npm start (scripts/start.js): the server starts while the web UI builds', () => {
    interface Started {
      readonly child: ChildProcess;
      readonly url: string;
      readonly output: () => string;
      readonly exited: Promise<number | null>;
    }

    /** With `group`, in a process group of its own, as a terminal runs it (Ctrl-C signals the group). */
    /** With `shell`, under `sh -c` as npm runs it: `child` is then the shell. */
    async function start(
      env: Record<string, string>,
      { port = 0, group = false, shell = false } = {},
    ): Promise<Started> {
      port ||= await freePort();
      const [program, args] = shell
        ? ['/bin/sh', ['-c', `"${process.execPath}" scripts/start.js; exit $?`]]
        : [process.execPath, ['scripts/start.js']];
      const child = spawn(program, args, {
        cwd: root,
        env: {
          ...process.env,
          npm_execpath: '',
          NIMBUS_PROFILE: 'memory',
          NIMBUS_PORT: String(port),
          NIMBUS_METRICS_PORT: '0',
          NIMBUS_HOST: '127.0.0.1',
          NIMBUS_DATA_DIR: file('.nimbus'),
          NIMBUS_LOG_FORMAT: 'json',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: group,
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
    }

    async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = await probe().catch(() => undefined);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const status = (url: string) => fetch(url).then((r) => r.status);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    /** The held UI build's process id, once it runs. */
    const uiBuildPid = (pidFile: string) =>
      until('the UI build', async () =>
        existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined,
      );

    it('answers the API at once, / with a page that reloads itself, then the built UI and the start-up block', async () => {
      const marker = `start-check-${process.pid}`;
      appendFileSync(file('frontend/src/index.html'), `<!-- ${marker} -->\n`);
      const release = file('release-ui-build');
      const started = await start({ UI_STAND_IN_WAIT: release });
      try {
        await until('/live', async () => ((await status(`${started.url}/live`)) === 200 ? true : undefined));
        const building = await fetch(`${started.url}/`);
        expect(building.status).to.equal(503);
        expect(building.headers.get('retry-after')).to.equal('2');
        // The server's security headers, and the web UI's own policy.
        expect(building.headers.get('content-security-policy')).to.include("script-src 'self'");
        expect(building.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(building.headers.get('x-frame-options')).to.equal('SAMEORIGIN');
        expect(await building.text())
          .to.include('<meta http-equiv="refresh" content="2" />')
          .and.include('building its web UI');
        expect(started.output(), 'the start-up block waits for the UI').to.not.include('listening on');
        expect(started.output()).to.match(/^web UI: building/m);

        writeFileSync(release, '');
        await until('the start-up block', async () =>
          started.output().includes('listening on') ? true : undefined,
        );
        expect(started.output()).to.match(/^web UI: rebuilt in/m);
        const record =
          started
            .output()
            .split('\n')
            .find((l) => l.includes('listening on')) ?? '';
        expect(JSON.parse(record), 'the UI is served').to.have.property('webUi').that.is.a('string');
        const page = await fetch(`${started.url}/`);
        expect(page.status).to.equal(200);
        expect(await page.text()).to.include(marker);
      } finally {
        started.child.kill('SIGTERM');
      }
      expect(await started.exited, started.output()).to.equal(0);
      expect(await status(`${started.url}/live`).catch(() => 'closed')).to.equal('closed');
      rmSync(release);
    });

    it("stops the server when the web UI build fails, and exits with the build's code", async () => {
      appendFileSync(file('frontend/src/index.html'), `<!-- failing ${process.pid} -->\n`);
      const release = file('release-ui-build');
      const started = await start({ UI_STAND_IN_WAIT: release, UI_STAND_IN_FAIL: '1' });
      try {
        await until('/live', async () => ((await status(`${started.url}/live`)) === 200 ? true : undefined));
        writeFileSync(release, '');
        expect(await started.exited, started.output()).to.equal(3);
      } finally {
        started.child.kill('SIGTERM');
        rmSync(release, { force: true });
      }
      expect(started.output())
        .to.match(/^web UI: build failed/m)
        .and.include('npm start: the web UI could not be built; stopping the server')
        .and.not.include('listening on');
      expect(await status(`${started.url}/live`).catch(() => 'closed')).to.equal('closed');
      expect(verdict().ui, 'still stale').to.equal('stale');
    });

    it('stops the server and the UI build on Ctrl-C (the terminal signals the whole group)', async () => {
      appendFileSync(file('frontend/src/index.html'), `<!-- interrupted ${process.pid} -->\n`);
      const pidFile = file('ui-build.pid');
      const started = await start(
        { UI_STAND_IN_WAIT: file('never-released'), UI_STAND_IN_PID: pidFile },
        { group: true },
      );
      try {
        await until('/live', async () => ((await status(`${started.url}/live`)) === 200 ? true : undefined));
        const builder = await uiBuildPid(pidFile);
        process.kill(-started.child.pid!, 'SIGINT');
        expect(await started.exited, started.output()).to.equal(0);
        await until('the UI build to end', async () => (alive(builder) ? undefined : true), 10_000);
      } finally {
        if (started.child.exitCode === null) process.kill(-started.child.pid!, 'SIGKILL');
        rmSync(pidFile, { force: true });
      }
      expect(started.output())
        .to.match(/^web UI: build stopped$/m)
        .and.not.match(/build failed|could not be built/);
      expect(await status(`${started.url}/live`).catch(() => 'closed')).to.equal('closed');
      expect(verdict().ui, 'still stale').to.equal('stale');
    });

    it('stops the UI build on a SIGTERM to npm start alone', async () => {
      const pidFile = file('ui-build.pid');
      const started = await start({ UI_STAND_IN_WAIT: file('never-released'), UI_STAND_IN_PID: pidFile });
      try {
        await until('/live', async () => ((await status(`${started.url}/live`)) === 200 ? true : undefined));
        const builder = await uiBuildPid(pidFile);
        started.child.kill('SIGTERM');
        expect(await started.exited, started.output()).to.equal(0);
        await until('the UI build to end', async () => (alive(builder) ? undefined : true), 10_000);
      } finally {
        started.child.kill('SIGKILL');
        rmSync(pidFile, { force: true });
      }
      expect(started.output()).to.match(/^web UI: build stopped$/m);
    });

    it("stops the server and the UI build when npm's shell is gone (a SIGTERM to npm reaches only the shell)", async () => {
      const pidFile = file('ui-build.pid');
      const started = await start(
        { UI_STAND_IN_WAIT: file('never-released'), UI_STAND_IN_PID: pidFile },
        { shell: true },
      );
      let startPid = 0;
      try {
        await until('/live', async () => ((await status(`${started.url}/live`)) === 200 ? true : undefined));
        const builder = await uiBuildPid(pidFile);
        startPid = Number(
          execFileSync('pgrep', ['-P', String(started.child.pid)], { encoding: 'utf8' }).trim(),
        );
        started.child.kill('SIGTERM');
        await started.exited;
        await until(
          'the server to stop',
          async () =>
            (await status(`${started.url}/live`).catch(() => 'closed')) === 'closed' ? true : undefined,
          10_000,
        );
        await until('the UI build to end', async () => (alive(builder) ? undefined : true), 10_000);
      } finally {
        started.child.kill('SIGKILL');
        // Left running (the behaviour under test failed): stopped as a signal would, not orphaned.
        if (startPid && alive(startPid)) process.kill(startPid, 'SIGTERM');
        rmSync(pidFile, { force: true });
      }
    });

    it("exits with the server's own code when the server cannot start while the UI builds", async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const { port } = taken.address() as { port: number };
      const started = await start({ UI_STAND_IN_WAIT: file('never-released') }, { port });
      try {
        // EX_UNAVAILABLE (69): the port is taken; the UI build is stopped, not blamed.
        expect(await started.exited, started.output()).to.equal(69);
      } finally {
        started.child.kill('SIGKILL');
        await new Promise((resolve) => taken.close(resolve));
      }
      expect(started.output())
        .to.match(/^nimbus: .*\b\d+\b.*in use/m)
        .and.match(/^web UI: build stopped$/m)
        .and.not.include('could not be built');
    });
  });
});
