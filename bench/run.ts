/**
 * Overview: `npm run bench`: benchmarks the production build on the embedded profile against
 *   same-run baselines, prints a table and writes bench/results/latest.json.
 * Architecture: benchmark tooling (outside src/), a script rather than a timed test; the API
 *   server, the baselines and the load generator are separate processes on this machine.
 * Dependencies: the bench/lib helpers, the configuration loader (the server's argon2 settings).
 * Concepts: start-to-ready = spawn to the first /ready 200 on an existing data folder (median of
 *   3 restarts); idle RSS = median VmRSS 2 s after each start, before load; peak RSS = VmHWM
 *   after the load. Flags: --only=startup,login,refresh,me; --duration=<s>; --cpu-prof
 *   (profiles the API under load and prints its hot spots).
 */
import { chmod, copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/bootstrap/config/load-config.js';
import { LOAD, runApiLoads } from './lib/api-loads.js';
import { apiEnv, initializeSetup, REPO_ROOT, startApi, type ApiSettings } from './lib/api-server.js';
import { formatProfile, summariseProfile } from './lib/cpu-profile.js';
import { descendantsRssMB, freePort, memoryOf, stopChild, type Child } from './lib/processes.js';
import { formatCpuTable, formatTable, machine, writeResults } from './lib/report.js';
import { buildCpuRows, buildRows } from './lib/rows.js';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const only = new Set((flag('only') ?? 'startup,login,refresh,me').split(','));
const cpuProf = process.argv.includes('--cpu-prof');
const durationS = Number(flag('duration') ?? 10);
const RESTARTS = 3;
const IDLE_SETTLE_MS = 2_000;
const credentials = { email: 'bench-admin@example.com', password: 'bench password: correct horse battery' };

const live = new Set<Child>();
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function api(settings: ApiSettings, env: NodeJS.ProcessEnv, nodeArgs: string[] = []) {
  const started = await startApi(settings, env, nodeArgs);
  live.add(started.child);
  return started;
}

async function stop(child: Child): Promise<void> {
  await stopChild(child);
  live.delete(child);
}

/** VmRSS once the freshly started process has settled. */
async function idleRss(pid: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  return memoryOf(pid).rssMB;
}

async function keepProfile(dir: string): Promise<Record<string, unknown> | undefined> {
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return undefined;
  const kept = path.join(os.tmpdir(), `nimbus-bench-${[...only].join('-')}-${Date.now()}.cpuprofile`);
  await copyFile(path.join(dir, file), kept);
  const summary = summariseProfile(kept);
  process.stdout.write(`\nCPU profile of the API process under load, ${kept}:\n${formatProfile(summary)}\n`);
  return { file: kept, ...summary };
}

async function bench(root: string, results: Record<string, unknown>): Promise<void> {
  const settings: ApiSettings = { cwd: root, dataDir: path.join(root, 'data'), port: await freePort() };
  const env = apiEnv(settings);
  const base = `http://127.0.0.1:${settings.port}`;
  const { auth } = loadConfig({ env, cwd: root });
  const argon2 = {
    memoryCost: auth.argon2.memoryKiB,
    timeCost: auth.argon2.iterations,
    parallelism: auth.argon2.parallelism,
  };
  results.settings = {
    durationS,
    ...LOAD,
    restarts: RESTARTS,
    argon2,
    scenarios: [...only],
    cpuProfile: cpuProf,
  };

  log('first start: initialising a fresh data folder');
  const first = await api(settings, env);
  const setupTokens = await initializeSetup(base, credentials.email, credentials.password);
  await stop(first.child);
  const restartsMs: number[] = [];
  const idleRssMB: number[] = [];
  for (let i = 0; only.has('startup') && i < RESTARTS; i++) {
    const again = await api(settings, env);
    restartsMs.push(again.readyMs);
    idleRssMB.push(await idleRss(again.child.pid));
    await stop(again.child);
  }
  if (restartsMs.length) log(`start-to-ready: ${restartsMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  results.startup = { firstStartMs: first.readyMs, restartsMs, medianMs: median(restartsMs) ?? null };

  const profDir = path.join(root, 'cpu-profile');
  const server = await api(settings, env, cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []);
  idleRssMB.push(await idleRss(server.child.pid));
  const idlePostgres = descendantsRssMB(server.child.pid);
  log(`idle RSS ${idleRssMB.map((mb) => mb.toFixed(1)).join(', ')} MB`);

  const pid = server.child.pid;
  Object.assign(
    results,
    await runApiLoads({ base, serverPid: pid, credentials, setupTokens, argon2, durationS, only, log }),
  );

  const loaded = memoryOf(pid);
  results.memory = {
    idleRssMB: median(idleRssMB),
    idleRssSamplesMB: idleRssMB,
    peakRssMB: loaded.hwmMB,
    rssAfterLoadMB: loaded.rssMB,
    postgresIdle: {
      ...idlePostgres,
      note: 'summed VmRSS of the PostgreSQL processes; shared pages counted per process',
    },
  };
  await stop(server.child);
  if (cpuProf) results.cpuProfile = await keepProfile(profDir);
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'nimbus-bench-'));
  await chmod(root, 0o711);
  const loadAtStart = os.loadavg()[0] ?? 0;
  if (loadAtStart > os.availableParallelism() / 2) {
    log(`warning: the machine is busy (load average ${loadAtStart.toFixed(2)}); figures will be noisy`);
  }
  const results: Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    machine: machine(),
    loadAverage1mAtStart: loadAtStart,
  };
  const abort = () => {
    for (const child of live) child.proc.kill('SIGKILL');
    void rm(root, { recursive: true, force: true }).finally(() => process.exit(130));
  };
  process.once('SIGINT', abort);
  try {
    await bench(root, results);
  } finally {
    process.off('SIGINT', abort);
    for (const child of live) await stopChild(child);
    await rm(root, { recursive: true, force: true });
  }

  const rows = buildRows(results);
  const cpuRows = buildCpuRows(results);
  Object.assign(results, { rows, cpuRows, finishedAt: new Date().toISOString() });
  const file = writeResults(path.join(REPO_ROOT, 'bench', 'results'), results);
  const missed = rows.filter((r) => r.met === false).length;
  process.stdout.write(
    [
      '',
      formatTable(rows),
      '',
      'Where the CPU went (CPU ms per 2xx response; cores = CPU seconds / wall seconds):',
      formatCpuTable(cpuRows),
      '',
      `${missed === 0 ? 'all targets met' : `${missed} target(s) MISSED`}; raw figures in ${path.relative(process.cwd(), file)}`,
      '',
    ].join('\n'),
  );
}

await main();
