/**
 * Overview: the build step of `npm start`, `npm run worker` and `npm run bench`: rebuilds the back
 *   end (dist/), the workflow bundle (for the Temporal worker) and the web UI (frontend/dist/)
 *   only when they are stale.
 * Architecture: build script (plain Node ESM, no dependency); each part is built by its own
 *   command (scripts/compile-backend.js, scripts/build-workflow-bundle.js, `npm run build:ui`),
 *   the same ones `npm run build` and `npm run build:ui` run, so this file only decides when.
 * Dependencies: node:crypto, node:fs, node:child_process, npm.
 * Concepts: a part's inputs are hashed (SHA-256 per file) into a stamp written in its output folder
 *   only after a successful build, with the list of files the build left; a part is stale when its
 *   stamp is missing, one of those files is missing, or any input was added, deleted or changed.
 *   `node scripts/build-if-changed.js [backend] [workflows] [ui] [--check] [--root DIR]`: no part
 *   named means what `npm start` serves (back end and web UI; the server never loads the workflow
 *   bundle, only the worker does); a part is built after the part it needs (the bundle is made
 *   from the compiled back end), the others side by side; --check decides without building and
 *   exits 1 when something is stale.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SELF = 'scripts/build-if-changed.js';
const STAMP_VERSION = 3;

/** What the back end is compiled from (tsconfig.build.json excludes src tests). */
const BACKEND_INPUTS = {
  trees: [{ dir: 'src', skip: /\.test\.ts$/ }],
  files: [
    'tsconfig.json',
    'tsconfig.build.json',
    'package.json',
    'package-lock.json',
    'scripts/compile-backend.js',
    SELF,
  ],
};

/**
 * The parts, with paths relative to the project root. Inputs mirror what each compiler reads:
 * tsconfig.build.json excludes src tests, tsconfig.app.json excludes UI specs and test helpers.
 * `command` is [program, ...args] with program `node` (this Node) or `npm` (`npm run <script>`).
 */
export const PARTS = [
  {
    name: 'backend',
    label: 'back end',
    ...BACKEND_INPUTS,
    outputs: ['dist/bootstrap/main.js', 'dist/bootstrap/worker.js'],
    outputDir: 'dist',
    stamp: 'dist/.build-stamp.json',
    command: ['node', 'scripts/compile-backend.js'],
    byDefault: true,
  },
  {
    name: 'workflows',
    label: 'workflow bundle',
    // The bundle holds workflows.ts and whatever it imports: any back-end change may reach it.
    trees: BACKEND_INPUTS.trees,
    files: [...BACKEND_INPUTS.files, 'scripts/build-workflow-bundle.js'],
    outputs: ['dist/adapters/workflows/temporal/workflows-bundle.js'],
    outputDir: null,
    stamp: 'dist/.workflows-stamp.json',
    command: ['node', 'scripts/build-workflow-bundle.js'],
    needs: 'backend',
    byDefault: false,
  },
  {
    name: 'ui',
    label: 'web UI',
    trees: [
      { dir: 'frontend/src', skip: /(\.spec\.ts$|^frontend\/src\/testing\/)/ },
      { dir: 'frontend/public', skip: null },
    ],
    files: [
      'frontend/angular.json',
      'frontend/tsconfig.json',
      'frontend/tsconfig.app.json',
      'frontend/package.json',
      'frontend/.browserslistrc',
      'package-lock.json',
      SELF,
    ],
    outputs: ['frontend/dist/browser/index.html'],
    outputDir: 'frontend/dist',
    stamp: 'frontend/dist/.build-stamp.json',
    command: ['npm', 'build:ui'],
    byDefault: true,
  },
];

const hashFile = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

function walk(root, dir, skip, into, value = (rel) => hashFile(path.join(root, rel))) {
  let entries;
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) walk(root, rel, skip, into, value);
    else if (entry.isFile() && !skip?.test(rel)) into[rel] = value(rel);
  }
}

/** Every file under `dir`, relative to root. */
function listFiles(root, dir) {
  const files = {};
  walk(root, dir, null, files, () => true);
  return Object.keys(files);
}

/** The part's inputs as { relative path: SHA-256 }, sorted; an absent optional file is absent. */
export function fingerprint(root, part) {
  const files = {};
  for (const tree of part.trees) walk(root, tree.dir, tree.skip, files);
  for (const rel of part.files) {
    if (existsSync(path.join(root, rel))) files[rel] = hashFile(path.join(root, rel));
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function readStamp(root, part) {
  try {
    const stamp = JSON.parse(readFileSync(path.join(root, part.stamp), 'utf8'));
    return stamp.version === STAMP_VERSION ? stamp : null;
  } catch {
    return null;
  }
}

/**
 * Why the part must be rebuilt, or null when it is up to date. `outputsIntact` is false when the
 * last build may not have finished or its outputs were removed.
 */
export function staleness(root, part, files = fingerprint(root, part)) {
  const stamp = readStamp(root, part);
  if (!stamp) return { reason: 'never built', outputsIntact: false };
  const stamped = stamp.files;
  const outputs = [...part.outputs, ...stamp.outputs];
  const missing = outputs.find((rel) => !existsSync(path.join(root, rel)));
  if (missing) return { reason: `${missing} missing`, outputsIntact: false };
  const changed = [
    ...Object.keys(files).filter((rel) => stamped[rel] !== files[rel]),
    ...Object.keys(stamped).filter((rel) => !(rel in files)),
  ];
  if (changed.length === 0) return null;
  const shown = changed.slice(0, 3).join(', ');
  return {
    reason: `${changed.length} changed: ${shown}${changed.length > 3 ? ', …' : ''}`,
    outputsIntact: true,
  };
}

/**
 * Runs a part's command: `node …` with this Node, `npm <script>` as `npm run <script>`; with
 * `capture`, its output is held and printed in one piece at the end; `signal` stops it. A build
 * that can be stopped runs in a process group of its own, stopped as a whole: npm does not pass a
 * SIGTERM on to the script it runs (the UI build would go on alone), and a terminal's Ctrl-C
 * reaches the build only through whoever holds `signal`.
 */
function run(root, [program, ...rest], capture, signal) {
  const npm = process.env.npm_execpath;
  const [command, args] =
    program === 'node'
      ? [process.execPath, rest]
      : npm
        ? [process.execPath, [npm, 'run', ...rest, '--silent']]
        : ['npm', ['run', ...rest, '--silent']];
  const group = Boolean(signal) && process.platform !== 'win32';
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      detached: group,
    });
    const stop = () => {
      try {
        process.kill(group ? -child.pid : child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    };
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
    const held = [];
    child.stdout?.on('data', (chunk) => held.push(chunk));
    child.stderr?.on('data', (chunk) => held.push(chunk));
    child.on('error', () => resolve(127));
    child.on('exit', () => {
      signal?.removeEventListener('abort', stop);
      // Stopped: nothing to print, and nothing to wait for once it has exited.
      if (signal?.aborted) resolve(130);
    });
    child.on('close', (code, killedBy) => {
      if (held.length) process.stdout.write(Buffer.concat(held));
      resolve(code ?? (killedBy ? 1 : 0));
    });
  });
}

const shown = ([program, ...rest]) =>
  program === 'npm' ? `npm run ${rest.join(' ')}` : `node ${rest.join(' ')}`;

/** Every file the part's build left (another part's stamp and outputs excepted). */
function outputsOf(root, part) {
  if (!part.outputDir) return [];
  const others = new Set(PARTS.filter((p) => p !== part).flatMap((p) => [p.stamp, ...p.outputs]));
  return listFiles(root, part.outputDir).filter((rel) => !others.has(rel));
}

/**
 * Builds one stale part ({ part, files, stale } from plan()) and stamps it; resolves to the
 * command's exit code. With `capture`, the build's output is printed in one piece at the end.
 */
export async function rebuild(root, { part, files, stale }, { capture = false, signal } = {}) {
  const started = performance.now();
  console.log(`${part.label}: building (${stale.reason})`);
  rmSync(path.join(root, part.stamp), { force: true });
  const code = await run(root, part.command, capture, signal);
  if (code !== 0 && signal?.aborted) {
    console.error(`${part.label}: build stopped`);
    return 130;
  }
  if (code !== 0) {
    console.error(`${part.label}: build failed (${shown(part.command)} exited ${code})`);
    return code;
  }
  // Every file the build left, so that one removed by hand is rebuilt (it may not be re-emitted).
  const stamp = { version: STAMP_VERSION, files, outputs: outputsOf(root, part) };
  writeFileSync(path.join(root, part.stamp), `${JSON.stringify(stamp, null, 1)}\n`);
  console.log(`${part.label}: rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

/** The parts named (none: those `npm start` serves), with the parts they need, in PARTS order. */
export function selectParts(names) {
  const wanted = new Set(names.length ? names : PARTS.filter((p) => p.byDefault).map((p) => p.name));
  for (const part of PARTS) if (wanted.has(part.name) && part.needs) wanted.add(part.needs);
  return PARTS.filter((p) => wanted.has(p.name));
}

/**
 * Decides what is stale among the parts named (none: those `npm start` serves), saying which are
 * up to date (and, with `check`, which are stale); returns the builds to run, in PARTS order.
 */
export function plan(root, names, { check = false } = {}) {
  const todo = [];
  for (const part of selectParts(names)) {
    // Hashed before the build: a file edited while it runs leaves the stamp behind, never ahead.
    const files = fingerprint(root, part);
    const stale = staleness(root, part, files);
    if (!stale) console.log(`${part.label}: up to date`);
    else if (check) console.log(`${part.label}: stale (${stale.reason})`);
    if (stale) todo.push({ part, files, stale });
  }
  return todo;
}

/**
 * Runs the builds planned: a part after the part it needs, the others side by side (a fresh
 * clone's back end compiles in a second or two while the web UI builds), the outputs of parallel
 * builds held; `signal` stops them; resolves to the first failing exit code, or 0.
 */
export async function runBuilds(root, todo, { signal } = {}) {
  const capture = todo.length > 1;
  const builds = new Map();
  for (const t of todo) {
    const before = builds.get(t.part.needs) ?? Promise.resolve(0);
    builds.set(
      t.part.name,
      before.then((code) => {
        if (code === 0) return rebuild(root, t, { capture: capture && !t.part.needs, signal });
        console.error(`${t.part.label}: not built (the ${t.part.needs} build failed)`);
        return code;
      }),
    );
  }
  const codes = await Promise.all(builds.values());
  return codes.find((code) => code !== 0) ?? 0;
}

/** Decides, and builds what is stale; resolves to the process exit code. */
export async function buildIfChanged({ root, names, check }) {
  const todo = plan(root, names, { check });
  if (check) return todo.length ? 1 : 0;
  return runBuilds(root, todo);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { check: { type: 'boolean', default: false }, root: { type: 'string' } },
  });
  const unknown = positionals.filter((n) => !PARTS.some((p) => p.name === n));
  if (unknown.length) {
    console.error(`unknown part ${unknown.join(', ')}; parts: ${PARTS.map((p) => p.name).join(', ')}`);
    process.exit(64);
  }
  const root = path.resolve(values.root ?? fileURLToPath(new URL('..', import.meta.url)));
  process.exitCode = await buildIfChanged({ root, names: positionals, check: values.check });
}
