/**
 * Overview: `npm run bench`: benchmarks the production build (the README's production settings)
 *   against same-run baselines, prints each figure beside its target and writes
 *   bench/results/latest.json; `--node=both` (npm run bench:all) does so on Node 20 and Node 24.
 * Architecture: benchmark tooling (outside src/), a script rather than a timed test; the API
 *   server (replica A), a second replica (B, for revocation propagation), the baselines and wrk
 *   are child processes on this machine, traffic goes to 127.0.0.1 only; every child is stopped
 *   at the end, on failure and on Ctrl-C too.
 * Dependencies: the bench/lib helpers, the configuration loader (the server's argon2 settings).
 * Concepts: start-to-ready = spawn to the first /ready 200 on an existing data folder (median of
 *   3 restarts); idle RSS = median VmRSS 2 s after each start, before load; RSS after the loads =
 *   VmRSS once login, refresh, /live, me and the mixed load are done, with V8's heap then (from
 *   the process's Prometheus metrics) and VmRSS again 10 s later; peak RSS = VmHWM then.
 *   Flags: --only=startup,login,refresh,live,me,mixed,propagation (default: all); --duration=<s>
 *   per load (default 10; the mixed load runs 3× that); --cpu-prof (profiles replica A under load
 *   and prints its hot spots); --heap-snapshot (a heap snapshot of replica A after the loads, kept
 *   in the temp folder); --node=both|20|24|20,24 (one run per Node.js version, side by side);
 *   --out=<file> (results file instead of bench/results/latest.json).
 */
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/bootstrap/config/load-config.js';
import { runApiLoads } from './lib/api-loads.js';
import {
  apiEnv,
  createMembers,
  initializeSetup,
  LIFTED,
  REPO_ROOT,
  SETTINGS_NOTE,
  startApi,
  type ApiSettings,
} from './lib/api-server.js';
import { formatProfile, summariseProfile } from './lib/cpu-profile.js';
import { closeConnections } from './lib/http.js';
import { runOnNodes } from './lib/node-versions.js';
import { allMembers, LOAD, MEMBERS, MIXED, PROPAGATION, SCENARIOS, type Scenario } from './lib/plan.js';
import { measurePropagation } from './lib/propagation.js';
import {
  descendantsRssMB,
  freePort,
  killAll,
  memoryOf,
  refuseNewChildren,
  stopAll,
  stopChild,
  type Child,
} from './lib/processes.js';
import { formatCpuTable, formatTable, machine, writeResults } from './lib/report.js';
import { buildCpuRows, buildRows } from './lib/rows.js';
import { openSessions } from './lib/scenarios.js';
import { prepareWrk } from './lib/wrk.js';

const flag = (name: string) =>
  process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.split('=')
    .slice(1)
    .join('=');
const cpuProf = process.argv.includes('--cpu-prof');
const heapSnapshot = process.argv.includes('--heap-snapshot');
const durationS = Number(flag('duration') ?? 10);
const RESTARTS = 3;
const IDLE_SETTLE_MS = 2_000;
/** Quiet time after the loads before RSS is read again (V8's memory reducer gives pages back). */
const SETTLE_AFTER_LOAD_MS = 10_000;
const credentials = { email: 'bench-admin@example.com', password: 'bench password: correct horse battery' };

const log = (message: string) => process.stderr.write(`[bench ${process.version}] ${message}\n`);
const median = (values: readonly number[]) =>
  values.length ? ([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? null) : null;

function scenarios(): Set<Scenario> {
  const asked = (flag('only') ?? SCENARIOS.join(',')).split(',').filter(Boolean);
  const unknown = asked.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length)
    throw new Error(`--only: unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
  return new Set(asked as Scenario[]);
}

async function api(settings: ApiSettings, env: NodeJS.ProcessEnv, nodeArgs: string[] = [], name = 'api') {
  return startApi(settings, env, nodeArgs, name);
}

/**
 * What V8 holds, from the process's own Prometheus metrics (prom-client's defaults): heap used and
 * committed per space, external memory; so an RSS figure can be split into JavaScript and the rest.
 */
async function heapOf(metricsPort: number): Promise<Record<string, number> | null> {
  const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  const heap: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^nodejs_(heap_size_used|heap_size_total|external_memory)_bytes (\S+)$/.exec(line);
    const space = /^nodejs_heap_space_size_total_bytes\{space="(\w+)"\} (\S+)$/.exec(line);
    if (m) heap[m[1]!] = Math.round(Number(m[2]) / 1e5) / 10;
    else if (space && Number(space[2]) > 1e6)
      heap[`${space[1]}_committed`] = Math.round(Number(space[2]) / 1e5) / 10;
  }
  return Object.keys(heap).length ? heap : null;
}

/** Asks the process for a heap snapshot (--heapsnapshot-signal) and keeps it in the temp folder. */
async function writeHeapSnapshot(pid: number, dir: string): Promise<string | undefined> {
  process.kill(pid, 'SIGUSR2');
  // Written when its size stops changing between two looks half a second apart.
  let lastSize = 0;
  for (let waited = 0; waited < 60_000; waited += 500) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const file = (await readdir(dir).catch(() => [])).find((f) => f.endsWith('.heapsnapshot'));
    if (!file) continue;
    const { size } = await stat(path.join(dir, file));
    if (size > 0 && size === lastSize) {
      const kept = path.join(os.tmpdir(), `nimbus-bench-${Date.now()}.heapsnapshot`);
      await copyFile(path.join(dir, file), kept);
      return kept;
    }
    lastSize = size;
  }
  return undefined;
}

/** VmRSS once the freshly started process has settled. */
async function idleRss(pid: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  return memoryOf(pid).rssMB;
}

async function keepProfile(dir: string, only: Set<Scenario>): Promise<Record<string, unknown> | undefined> {
  const file = (await readdir(dir).catch(() => [])).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return undefined;
  const kept = path.join(os.tmpdir(), `nimbus-bench-${[...only].join('-')}-${Date.now()}.cpuprofile`);
  await copyFile(path.join(dir, file), kept);
  const summary = summariseProfile(kept);
  process.stdout.write(`\nCPU profile of replica A under load, ${kept}:\n${formatProfile(summary)}\n`);
  return { file: kept, ...summary };
}

async function bench(root: string, only: Set<Scenario>, results: Record<string, unknown>): Promise<void> {
  const failures: Record<string, string> = {};
  results.failures = failures;
  const attempt = async (name: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures[name] = message;
      log(`${name} FAILED: ${message}`);
    }
  };

  const settings: ApiSettings = {
    cwd: root,
    dataDir: path.join(root, 'data'),
    port: await freePort(),
    metricsPort: await freePort(),
  };
  const jwtSecret = randomBytes(48).toString('base64');
  const env = apiEnv(settings, jwtSecret);
  const base = `http://127.0.0.1:${settings.port}`;
  const { auth } = loadConfig({ env, cwd: root });
  const argon2 = {
    memoryCost: auth.argon2.memoryKiB,
    timeCost: auth.argon2.iterations,
    parallelism: auth.argon2.parallelism,
  };
  results.settings = {
    server: SETTINGS_NOTE,
    lifted: LIFTED,
    durationS,
    mixedDurationS: durationS * MIXED.durationFactor,
    load: LOAD,
    mixed: MIXED,
    propagation: PROPAGATION,
    restarts: RESTARTS,
    argon2,
    scenarios: [...only],
    cpuProfile: cpuProf,
  };
  if (only.has('live') || only.has('me')) prepareWrk(root);

  log('first start: initialising a fresh data folder, setting up, adding the members the loads sign in as');
  const first = await api(settings, env);
  await initializeSetup(base, credentials.email, credentials.password);
  await createMembers(settings.dataDir, credentials.email, allMembers());
  await stopChild(first.child);

  const restartsMs: number[] = [];
  const idleRssMB: number[] = [];
  if (only.has('startup'))
    await attempt('startup', async () => {
      for (let i = 0; i < RESTARTS; i++) {
        const again = await api(settings, env);
        restartsMs.push(again.readyMs);
        idleRssMB.push(await idleRss(again.child.pid));
        await stopChild(again.child);
      }
      log(`start-to-ready: ${restartsMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    });
  results.startup = { firstStartMs: first.readyMs, restartsMs, medianMs: median(restartsMs) };

  const profDir = path.join(root, 'cpu-profile');
  await mkdir(profDir, { recursive: true });
  const replicaA = await api(
    settings,
    env,
    [
      ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
      ...(heapSnapshot ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${profDir}`] : []),
    ],
    'replica-a',
  );
  const pid = replicaA.child.pid;
  idleRssMB.push(await idleRss(pid));
  const idlePostgres = descendantsRssMB(pid);
  log(`idle RSS ${idleRssMB.map((mb) => mb.toFixed(1)).join(', ')} MB`);

  await runApiLoads(
    { base, serverPid: pid, password: credentials.password, argon2, durationS, only, log, attempt },
    results,
  );

  const loaded = memoryOf(pid);
  const heap = await heapOf(settings.metricsPort);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_AFTER_LOAD_MS));
  const settled = memoryOf(pid);
  results.memory = {
    heapMB: heap,
    rssSettledMB: settled.rssMB,
    idleRssMB: median(idleRssMB),
    idleRssSamplesMB: idleRssMB,
    peakRssMB: loaded.hwmMB,
    rssAfterLoadMB: loaded.rssMB,
    afterLoads: Object.keys(results).filter((k) => ['login', 'refresh', 'live', 'me', 'mixed'].includes(k)),
    postgresIdle: {
      ...idlePostgres,
      note: 'summed VmRSS of the PostgreSQL processes; shared pages counted per process',
    },
  };
  log(`RSS after the loads ${loaded.rssMB.toFixed(1)} MB (peak ${loaded.hwmMB.toFixed(1)} MB)`);
  if (heap) log(`V8 after the loads (MB): ${JSON.stringify(heap)}`);
  log(`RSS ${SETTLE_AFTER_LOAD_MS / 1000} s later ${settled.rssMB.toFixed(1)} MB`);
  if (heapSnapshot) {
    log(`heap snapshot of replica A (${(await writeHeapSnapshot(pid, profDir)) ?? 'none written'})`);
  }

  if (only.has('propagation'))
    await attempt('propagation', async () => {
      const settingsB: ApiSettings = { ...settings, port: await freePort(), metricsPort: await freePort() };
      const baseB = `http://127.0.0.1:${settingsB.port}`;
      log('replica B: a second API process on the same data folder (and so the same PostgreSQL)');
      const replicaB = await api(settingsB, apiEnv(settingsB, jwtSecret), [], 'replica-b');
      let b: Child | null = replicaB.child;
      try {
        log(`opening ${PROPAGATION.revocations} sessions through replica A`);
        const sessions = (
          await openSessions(base, MEMBERS.revoke, credentials.password, PROPAGATION.sessionsPerMember)
        ).slice(0, PROPAGATION.revocations);
        log(`revocation propagation: ${sessions.length} revocations through A, polling B for its 401`);
        results.propagation = await measurePropagation(base, baseB, sessions, PROPAGATION.pollTimeoutMs);
        results.replicaB = { readyMs: replicaB.readyMs, rssMB: memoryOf(replicaB.child.pid).rssMB };
        await stopChild(replicaB.child);
        b = null;
      } finally {
        if (b) await stopChild(b);
      }
    });

  await stopChild(replicaA.child);
  if (cpuProf) results.cpuProfile = await keepProfile(profDir, only);
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const only = scenarios();
  const root = await mkdtemp(path.join(os.tmpdir(), 'nimbus-bench-'));
  // Run as root, embedded PostgreSQL runs as `postgres`, which must traverse this folder.
  await chmod(root, 0o711);
  const loadAtStart = os.loadavg()[0] ?? 0;
  log(`Node.js ${process.version} (${process.execPath}); scenarios: ${[...only].join(', ')}`);
  if (loadAtStart > os.availableParallelism() / 2) {
    log(`warning: the machine is busy (load average ${loadAtStart.toFixed(2)}); figures will be noisy`);
  }
  const results: Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    node: process.version,
    machine: machine(),
    loadAverage1mAtStart: loadAtStart,
  };
  let aborting = false;
  const abort = (signal: string) => {
    if (aborting) {
      log(`${signal} again: killing every child process now`);
      killAll();
      process.exit(130);
    }
    aborting = true;
    refuseNewChildren(`interrupted by ${signal}`);
    log(`${signal}: stopping every child process`);
    void stopAll(5_000)
      .catch(() => undefined)
      .finally(() => {
        killAll();
        void rm(root, { recursive: true, force: true }).finally(() => process.exit(130));
      });
  };
  const onInt = () => abort('SIGINT');
  const onTerm = () => abort('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  let fatal: unknown = null;
  try {
    await bench(root, only, results);
  } catch (error) {
    fatal = error;
    results.fatal = error instanceof Error ? error.message : String(error);
  } finally {
    await stopAll();
    killAll();
    closeConnections();
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    await rm(root, { recursive: true, force: true });
  }

  const tookS = (performance.now() - t0) / 1000;
  results.tookS = tookS;
  const rows = buildRows(results);
  const cpuRows = buildCpuRows(results);
  Object.assign(results, { rows, cpuRows, finishedAt: new Date().toISOString() });
  const out = flag('out') ?? path.join(REPO_ROOT, 'bench', 'results', 'latest.json');
  const file = writeResults(path.resolve(out), results);
  const missed = rows.filter((r) => r.met === false).length;
  process.stdout.write(
    [
      '',
      `Nimbus benchmark on Node.js ${process.version} (${process.execPath}), ${os.availableParallelism()} cores, ` +
        `load average ${loadAtStart.toFixed(2)} at start`,
      `Server: ${SETTINGS_NOTE}`,
      '',
      formatTable(rows),
      '',
      'Where the CPU went (CPU ms per 2xx response; cores = CPU seconds / wall seconds):',
      formatCpuTable(cpuRows),
      '',
      `${missed === 0 ? 'all targets met' : `${missed} target(s) MISSED`}; raw figures in ${path.relative(process.cwd(), file)}; ` +
        `the run took ${tookS.toFixed(0)} s`,
      '',
    ].join('\n'),
  );
  if (fatal) {
    log(`the run stopped early: ${fatal instanceof Error ? (fatal.stack ?? fatal.message) : String(fatal)}`);
    return 1;
  }
  return Object.keys((results.failures as Record<string, string> | undefined) ?? {}).length > 0 ? 1 : 0;
}

const nodeSpec = flag('node');
process.exitCode = nodeSpec
  ? await runOnNodes(
      nodeSpec,
      process.argv.slice(2).filter((a) => !a.startsWith('--node=') && !a.startsWith('--out=')),
      REPO_ROOT,
      log,
    )
  : await main();
