/**
 * Overview: the load phase on one API server: login, refresh, GET /live and GET /auth/me, and the
 *   mixed load, each next to its same-run baseline where it has one, with the CPU each process
 *   spent.
 * Architecture: benchmark tooling (outside src/); one scenario failing is recorded and the others
 *   still run.
 * Dependencies: the scenario, mixed-load, load, wrk and process helpers; the plan.
 * Concepts: a baseline is measured half before and half after its figures, so a machine whose
 *   load drifts during the run (other jobs) skews both sides alike; every scenario signs in as
 *   members of its own (see plan.ts), so the default session limit never evicts a session a load
 *   is using.
 */
import os from 'node:os';
import { combine, type LoadFigures } from './load.js';
import { mixedLoad } from './mixed.js';
import { LOAD, MEMBERS, MIXED, type Scenario } from './plan.js';
import { addCpu, measureCpu, type CpuUse } from './processes.js';
import {
  argon2Baseline,
  combineArgon2,
  loginLoad,
  openSessions,
  refreshLoad,
  startExpressBaseline,
  wrkLoad,
  type Argon2Params,
} from './scenarios.js';
import { ensureWrk } from './wrk.js';

export interface LoadPhase {
  readonly base: string;
  readonly serverPid: number;
  readonly password: string;
  readonly argon2: Argon2Params;
  readonly durationS: number;
  readonly only: ReadonlySet<Scenario>;
  readonly log: (message: string) => void;
  /** Runs one scenario; a failure is recorded under its name instead of ending the run. */
  readonly attempt: (name: string, work: () => Promise<void>) => Promise<void>;
}

export async function runApiLoads(phase: LoadPhase, results: Record<string, unknown>): Promise<void> {
  const { base, serverPid, password, durationS, only, log, attempt } = phase;
  const half = durationS / 2;
  const loadAverage1m: Record<string, number | undefined> = {};
  results.loadAverage1m = loadAverage1m;

  if (only.has('login'))
    await attempt('login', async () => {
      log(`baseline: raw argon2id verifies, ${half} s before and ${half} s after the login load`);
      const before = await argon2Baseline(half, LOAD.argon2Concurrency, phase.argon2);
      loadAverage1m.login = os.loadavg()[0];
      log(`login load (${LOAD.loginConnections} connections over ${MEMBERS.login.length} members)`);
      const { result: figures, cpu } = await measureCpu(serverPid, () =>
        loginLoad(base, MEMBERS.login, password, LOAD.loginConnections, durationS),
      );
      const after = await argon2Baseline(half, LOAD.argon2Concurrency, phase.argon2);
      const baseline = combineArgon2(before, after);
      results.argon2Baseline = { ...baseline, halves: [before, after] };
      results.login = { ...figures, ratio: figures.okPerSec / baseline.perSec, cpu };
    });

  if (only.has('refresh'))
    await attempt('refresh', async () => {
      const perMember = LOAD.refreshConnections + LOAD.refreshSpares;
      const sessions = await openSessions(base, MEMBERS.refresh, password, perMember);
      loadAverage1m.refresh = os.loadavg()[0];
      log(`refresh load (${LOAD.refreshConnections} clients, each rotating its own session)`);
      const { result: figures, cpu } = await measureCpu(serverPid, () =>
        refreshLoad(
          base,
          sessions.map((s) => s.refreshToken),
          LOAD.refreshConnections,
          durationS,
        ),
      );
      results.refresh = { ...figures, cpu };
    });

  const live = only.has('live');
  const me = only.has('me');
  if (live || me)
    await attempt(live && me ? 'live+me' : live ? 'live' : 'me', async () => {
      ensureWrk(log);
      const [reader] = me ? await openSessions(base, MEMBERS.reader, password, 1) : [];
      log(`baseline: bare Express under wrk, ${half} s before and ${half} s after the API's fast paths`);
      const express = await startExpressBaseline();
      try {
        const before = await measureCpu(express.pid, () => express.measure(half));
        const measured: Record<string, { result: LoadFigures; cpu: CpuUse }> = {};
        if (live) {
          loadAverage1m.live = os.loadavg()[0];
          log(`GET /live under wrk -t${LOAD.wrkThreads} -c${LOAD.wrkConnections}`);
          measured.live = await measureCpu(serverPid, () => wrkLoad(`${base}/live`, durationS));
        }
        if (me && reader) {
          loadAverage1m.me = os.loadavg()[0];
          log(`GET /api/v1/auth/me under wrk -t${LOAD.wrkThreads} -c${LOAD.wrkConnections}`);
          measured.me = await measureCpu(serverPid, () =>
            wrkLoad(`${base}/api/v1/auth/me`, durationS, { Authorization: `Bearer ${reader.accessToken}` }),
          );
        }
        const after = await measureCpu(express.pid, () => express.measure(half));
        const baseline = combine(before.result, after.result);
        results.expressBaseline = {
          ...baseline,
          halves: [before.result, after.result],
          cpu: addCpu(before.cpu, after.cpu),
        };
        for (const [name, { result, cpu }] of Object.entries(measured))
          results[name] = { ...result, ratio: result.okPerSec / baseline.okPerSec, cpu };
      } finally {
        await express.stop();
      }
    });

  if (only.has('mixed'))
    await attempt('mixed', async () => {
      const seconds = durationS * MIXED.durationFactor;
      const sessions = await openSessions(base, MEMBERS.mixed, password, 1);
      loadAverage1m.mixed = os.loadavg()[0];
      log(
        `mixed load (F4): ${MIXED.clients} clients × (1 refresh + ${MIXED.mePerCycle} me) for ${seconds} s, ` +
          `plus ${MIXED.loginsPerSec} sign-ins/s`,
      );
      const { result: figures, cpu } = await measureCpu(serverPid, () =>
        mixedLoad({
          base,
          sessions,
          mePerCycle: MIXED.mePerCycle,
          durationS: seconds,
          login: {
            emails: MEMBERS.mixedLogin,
            password,
            perSec: MIXED.loginsPerSec,
            inFlight: MIXED.loginsInFlight,
          },
        }),
      );
      results.mixed = { ...figures, cpu };
    });
  loadAverage1m.end = os.loadavg()[0];
}
