/**
 * Overview: the load phase: login, refresh and GET /auth/me against the running API, each next
 *   to its same-run baseline, with the CPU each process spent.
 * Architecture: benchmark tooling (outside src/).
 * Dependencies: the scenarios, load and process helpers.
 * Concepts: a baseline is measured half before and half after its figure, so a machine whose
 *   load drifts during the run (other jobs) skews both sides alike.
 */
import os from 'node:os';
import type { Tokens } from './api-server.js';
import { combine } from './load.js';
import { addCpu, measureCpu } from './processes.js';
import {
  argon2Baseline,
  combineArgon2,
  loginLoad,
  meLoad,
  openSessions,
  refreshLoad,
  startExpressBaseline,
  type Argon2Params,
} from './scenarios.js';

export const LOAD = {
  loginConnections: 16,
  argon2Concurrency: 8,
  refreshConnections: 32,
  readConnections: 50,
};

export interface LoadPhase {
  readonly base: string;
  readonly serverPid: number;
  readonly credentials: { readonly email: string; readonly password: string };
  readonly setupTokens: Tokens;
  readonly argon2: Argon2Params;
  readonly durationS: number;
  readonly only: ReadonlySet<string>;
  readonly log: (message: string) => void;
}

export async function runApiLoads(phase: LoadPhase): Promise<Record<string, unknown>> {
  const { base, serverPid, credentials, durationS, only, log } = phase;
  const half = durationS / 2;
  const results: Record<string, unknown> = {};
  const loadAverage1m: Record<string, number | undefined> = {};
  results.loadAverage1m = loadAverage1m;

  if (only.has('login')) {
    log(`baseline: raw argon2id verifies, ${half} s before and ${half} s after the login load`);
    const before = await argon2Baseline(half, LOAD.argon2Concurrency, phase.argon2);
    loadAverage1m.login = os.loadavg()[0];
    log(`login load (${LOAD.loginConnections} connections)`);
    const { result: figures, cpu } = await measureCpu(serverPid, () =>
      loginLoad(base, credentials, LOAD.loginConnections, durationS),
    );
    const after = await argon2Baseline(half, LOAD.argon2Concurrency, phase.argon2);
    const baseline = combineArgon2(before, after);
    results.argon2Baseline = { ...baseline, halves: [before, after] };
    results.login = { ...figures, ratio: figures.okPerSec / baseline.perSec, cpu };
  }

  if (only.has('refresh')) {
    const sessions = await openSessions(base, credentials, LOAD.refreshConnections * 2);
    const tokens = sessions.map((s) => s.refreshToken);
    loadAverage1m.refresh = os.loadavg()[0];
    log(`refresh load (${LOAD.refreshConnections} connections, one token chain each)`);
    const { result: figures, cpu } = await measureCpu(serverPid, () =>
      refreshLoad(base, tokens, LOAD.refreshConnections, durationS),
    );
    results.refresh = { ...figures, cpu };
  }

  if (only.has('me')) {
    const read = { connections: LOAD.readConnections, durationS };
    log(`baseline: bare Express, ${half} s before and ${half} s after the /auth/me load`);
    const express = await startExpressBaseline(read.connections);
    try {
      const before = await measureCpu(express.pid, () => express.measure(half));
      loadAverage1m.me = os.loadavg()[0];
      log(`GET /api/v1/auth/me load (${read.connections} connections)`);
      const { result: figures, cpu } = await measureCpu(serverPid, () =>
        meLoad(base, phase.setupTokens.accessToken, read),
      );
      const after = await measureCpu(express.pid, () => express.measure(half));
      const baseline = combine(before.result, after.result);
      const baselineCpu = addCpu(before.cpu, after.cpu);
      results.expressBaseline = { ...baseline, halves: [before.result, after.result], cpu: baselineCpu };
      results.me = { ...figures, ratio: figures.okPerSec / baseline.okPerSec, cpu };
    } finally {
      await express.stop();
    }
  }
  loadAverage1m.end = os.loadavg()[0];
  return results;
}
