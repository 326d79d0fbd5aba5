/**
 * Overview: the measured scenarios: the two same-run baselines (raw argon2id verifies, bare
 *   Express) and the API loads (login, refresh, GET /auth/me).
 * Architecture: benchmark tooling (outside src/).
 * Dependencies: the process, load and API helpers; the baseline scripts in bench/baselines.
 * Concepts: a baseline runs on the same machine, in the same run, with the same load settings as
 *   the figure it is compared with; warm-up runs are not counted.
 */
import path from 'node:path';
import { cleanEnv, login, REPO_ROOT, type Tokens } from './api-server.js';
import { refreshChains, runLoad, type LoadFigures } from './load.js';
import { freePort, startChild, stopChild, waitFor200 } from './processes.js';

const TS_LOADER = ['--import', '@swc-node/register/esm-register', '--no-warnings=ExperimentalWarning'];
const WARMUP_S = 2;

export interface Argon2Params {
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export interface Argon2Baseline {
  readonly verifies: number;
  readonly seconds: number;
  readonly perSec: number;
  readonly msPerVerify: number;
  readonly concurrency: number;
  readonly threadPool: number;
  readonly params: Argon2Params;
}

export async function argon2Baseline(
  durationS: number,
  concurrency: number,
  params: Argon2Params,
): Promise<Argon2Baseline> {
  const script = path.join(REPO_ROOT, 'bench', 'baselines', 'argon2-verify.ts');
  const args = [...TS_LOADER, script, String(durationS * 1000), String(concurrency), JSON.stringify(params)];
  const child = startChild(args, cleanEnv(), REPO_ROOT);
  const code = await child.exited;
  const line = child
    .output()
    .split('\n')
    .findLast((l) => l.startsWith('{'));
  if (code !== 0 || !line) throw new Error(`argon2 baseline failed (${code}):\n${child.output()}`);
  return JSON.parse(line) as Argon2Baseline;
}

/** Two baseline runs as one: the rate over both, the per-verify time from it. */
export function combineArgon2(a: Argon2Baseline, b: Argon2Baseline): Argon2Baseline {
  const verifies = a.verifies + b.verifies;
  const seconds = a.seconds + b.seconds;
  return {
    ...a,
    verifies,
    seconds,
    perSec: verifies / seconds,
    msPerVerify: (seconds * 1000 * a.concurrency) / verifies,
  };
}

/** Load settings shared by GET /auth/me and its bare-Express baseline. */
export interface ReadLoad {
  readonly connections: number;
  readonly durationS: number;
}

export interface ExpressBaseline {
  readonly pid: number;
  /** One measured run of `durationS` seconds (the first call warms up first). */
  measure(durationS: number): Promise<LoadFigures>;
  stop(): Promise<void>;
}

export async function startExpressBaseline(connections: number): Promise<ExpressBaseline> {
  const port = await freePort();
  const script = path.join(REPO_ROOT, 'bench', 'baselines', 'bare-express.ts');
  const child = startChild([...TS_LOADER, script, String(port)], cleanEnv(), REPO_ROOT);
  const url = `http://127.0.0.1:${port}/x`;
  try {
    await waitFor200(url, child, performance.now());
    await runLoad({ url, connections, duration: WARMUP_S });
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    pid: child.pid,
    measure: (durationS) => runLoad({ url, connections, duration: durationS }),
    stop: async () => void (await stopChild(child)),
  };
}

export async function meLoad(base: string, accessToken: string, load: ReadLoad): Promise<LoadFigures> {
  const options = {
    url: `${base}/api/v1/auth/me`,
    headers: { authorization: `Bearer ${accessToken}` },
    connections: load.connections,
  };
  await runLoad({ ...options, duration: WARMUP_S });
  return runLoad({ ...options, duration: load.durationS });
}

export function loginLoad(
  base: string,
  credentials: { email: string; password: string },
  connections: number,
  durationS: number,
): Promise<LoadFigures> {
  return runLoad({
    url: `${base}/api/v1/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
    connections,
    duration: durationS,
  });
}

/** Opens `count` sessions, `parallel` logins at a time (each one argon2 verify). */
export async function openSessions(
  base: string,
  credentials: { email: string; password: string },
  count: number,
  parallel = 4,
): Promise<Tokens[]> {
  const sessions: Tokens[] = [];
  while (sessions.length < count) {
    const batch = Math.min(parallel, count - sessions.length);
    const opened = await Promise.all(
      Array.from({ length: batch }, () => login(base, credentials.email, credentials.password)),
    );
    sessions.push(...opened);
  }
  return sessions;
}

export async function refreshLoad(
  base: string,
  tokens: readonly string[],
  connections: number,
  durationS: number,
): Promise<LoadFigures & { readonly brokenChains: number }> {
  const chains = refreshChains('/api/v1/auth/refresh', tokens, connections);
  const figures = await runLoad({
    url: `${base}/api/v1/auth/refresh`,
    method: 'POST',
    connections,
    duration: durationS,
    setupClient: chains.setupClient,
  });
  return { ...figures, brokenChains: chains.broken() };
}
