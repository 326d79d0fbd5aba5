/**
 * Overview: the measured scenarios: the two same-run baselines (raw argon2id verifies, bare
 *   Express) and the single-server API loads (login, refresh, GET /live, GET /auth/me).
 * Architecture: benchmark tooling (outside src/).
 * Dependencies: the process, load, wrk and API helpers; the baseline scripts in bench/baselines.
 * Concepts: a baseline runs on the same machine, in the same run, with the same load settings as
 *   the figure it is compared with; warm-up runs are not counted. The fast paths and their
 *   baseline run under wrk, the slow stateful ones (login, refresh) under autocannon.
 */
import path from 'node:path';
import type autocannon from 'autocannon';
import { cleanEnv, login, REPO_ROOT, type Session } from './api-server.js';
import { refreshChains, runLoad, type LoadFigures } from './load.js';
import { LOAD } from './plan.js';
import { freePort, startChild, stopChild, waitFor200 } from './processes.js';
import { runWrk } from './wrk.js';

const TS_LOADER = ['--import', '@swc-node/register/esm-register', '--no-warnings=ExperimentalWarning'];

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

/** One wrk run with the bench's settings (`wrk -t1 -c50`), after an uncounted warm-up. */
export async function wrkLoad(
  url: string,
  durationS: number,
  headers: Readonly<Record<string, string>> = {},
): Promise<LoadFigures> {
  const load = { url, headers, connections: LOAD.wrkConnections, threads: LOAD.wrkThreads };
  await runWrk({ ...load, durationS: LOAD.warmupS });
  return runWrk({ ...load, durationS });
}

export interface ExpressBaseline {
  readonly pid: number;
  /** One measured run of `durationS` seconds (after a warm-up). */
  measure(durationS: number): Promise<LoadFigures>;
  stop(): Promise<void>;
}

export async function startExpressBaseline(): Promise<ExpressBaseline> {
  const port = await freePort();
  const script = path.join(REPO_ROOT, 'bench', 'baselines', 'bare-express.ts');
  const child = startChild([...TS_LOADER, script, String(port)], cleanEnv(), REPO_ROOT);
  const url = `http://127.0.0.1:${port}/x`;
  try {
    await waitFor200(url, child, performance.now());
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    pid: child.pid,
    measure: (durationS) => wrkLoad(url, durationS),
    stop: async () => void (await stopChild(child)),
  };
}

/**
 * Sign-in load: connection i signs in as member i mod n, so each member has at most
 * connections / n sign-ins in flight (the per-email throttle counts those until they succeed).
 */
export function loginLoad(
  base: string,
  emails: readonly string[],
  password: string,
  connections: number,
  durationS: number,
): Promise<LoadFigures> {
  let next = 0;
  return runLoad({
    url: `${base}/api/v1/auth/login`,
    connections,
    duration: durationS,
    setupClient: (client: autocannon.Client) => {
      const email = emails[next++ % emails.length] ?? '';
      client.setRequests([
        {
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        },
      ]);
    },
  });
}

/** Opens `perMember` sessions for each of `emails`, `parallel` sign-ins at a time. */
export async function openSessions(
  base: string,
  emails: readonly string[],
  password: string,
  perMember: number,
  parallel = 4,
): Promise<Session[]> {
  const wanted = emails.flatMap((email) => Array.from({ length: perMember }, () => email));
  const sessions: Session[] = [];
  for (let i = 0; i < wanted.length; i += parallel) {
    const batch = wanted.slice(i, i + parallel);
    sessions.push(...(await Promise.all(batch.map((email) => login(base, email, password)))));
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
