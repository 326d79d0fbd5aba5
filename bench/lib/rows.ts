/**
 * Overview: turns the raw figures of a run into the report's rows, each checked against the
 *   issue's target, plus the CPU rows.
 * Architecture: benchmark tooling (outside src/).
 * Dependencies: the report's row type and formatters.
 * Concepts: targets: logins/s ≥ 0.9 × argon2 verifies/s; refreshes/s ≥ 1,500; GET /auth/me ≥
 *   0.5 × bare Express with p99 ≤ 25 ms; GET /live ≥ 0.8 × bare Express; revocation propagation
 *   p99 ≤ 50 ms; RSS after the loads ≤ 200 MB; mixed load: no 5xx, no lost session, p99 ≤ 50 ms;
 *   idle RSS ≤ 120 MB; start-to-ready ≤ 2.5 s. Failed requests are shown; a scenario that could
 *   not run is a row of its own, marked MISSED.
 */
import type { LoadFigures } from './load.js';
import type { MixedFigures } from './mixed.js';
import type { CpuUse } from './processes.js';
import type { PropagationFigures } from './propagation.js';
import { fmt, type CpuRow, type Row } from './report.js';
import type { Argon2Baseline } from './scenarios.js';

export const TARGETS = {
  loginRatio: 0.9,
  refreshPerSec: 1_500,
  meRatio: 0.5,
  meP99Ms: 25,
  liveRatio: 0.8,
  propagationP99Ms: 50,
  rssAfterLoadMB: 200,
  mixedFiveXx: 0,
  mixedLostSessions: 0,
  mixedP99Ms: 50,
  idleRssMB: 120,
  startupMs: 2_500,
};

type Measured = LoadFigures & { cpu: CpuUse };

interface Results {
  startup?: { medianMs: number | null; restartsMs: number[] };
  argon2Baseline?: Argon2Baseline;
  login?: Measured & { ratio: number };
  refresh?: Measured & { brokenChains: number };
  expressBaseline?: Measured;
  live?: Measured & { ratio: number };
  me?: Measured & { ratio: number };
  mixed?: MixedFigures & { cpu: CpuUse };
  propagation?: PropagationFigures;
  memory?: {
    idleRssMB: number | null;
    idleRssSamplesMB: number[];
    peakRssMB: number;
    rssAfterLoadMB: number;
    /** VmRSS after a quiet while once the loads are done. */
    rssSettledMB?: number;
    /** V8's heap when the loads ended (prom-client's process metrics), MB. */
    heapMB?: { heap_size_total?: number; heap_size_used?: number } | null;
    /** The loads that ran before the RSS was read. */
    afterLoads: string[];
  };
  failures?: Record<string, string>;
}

const failures = (f: LoadFigures) =>
  f.non2xx + f.errors + f.timeouts > 0
    ? ` (+${f.non2xx} non-2xx, ${f.errors} errors, ${f.timeouts} timeouts)`
    : '';
const latency = (f: { latencyMs: { p50: number; p99: number } }) =>
  `p50 ${fmt.ms(f.latencyMs.p50)}, p99 ${fmt.ms(f.latencyMs.p99)}`;
const none = { baseline: '—', ratio: '—' };

export function buildRows(input: Record<string, unknown>): Row[] {
  const r = input as Results;
  const rows: Row[] = [];
  if (r.login && r.argon2Baseline) {
    rows.push({
      scenario: 'POST /auth/login',
      figure: `${fmt.rate(r.login.okPerSec)} logins${failures(r.login)}`,
      baseline: `${fmt.rate(r.argon2Baseline.perSec)} argon2id verifies`,
      ratio: fmt.ratio(r.login.ratio),
      target: `≥ ${TARGETS.loginRatio}`,
      met: r.login.ratio >= TARGETS.loginRatio,
    });
  }
  if (r.refresh) {
    rows.push({
      scenario: `POST /auth/refresh (${r.refresh.connections} clients)`,
      figure: `${fmt.rate(r.refresh.okPerSec)} refreshes, ${latency(r.refresh)}${failures(r.refresh)}`,
      ...none,
      target: `≥ ${TARGETS.refreshPerSec}/s`,
      met: r.refresh.okPerSec >= TARGETS.refreshPerSec,
    });
  }
  const bare = r.expressBaseline;
  const bareText = bare ? `${fmt.rate(bare.okPerSec)}, ${latency(bare)} (bare Express)` : '—';
  if (r.live && bare) {
    rows.push({
      scenario: 'GET /live (wrk)',
      figure: `${fmt.rate(r.live.okPerSec)}, ${latency(r.live)}${failures(r.live)}`,
      baseline: bareText,
      ratio: fmt.ratio(r.live.ratio),
      target: `≥ ${TARGETS.liveRatio}`,
      met: r.live.ratio >= TARGETS.liveRatio,
    });
  }
  if (r.me && bare) {
    rows.push({
      scenario: 'GET /auth/me (wrk)',
      figure: `${fmt.rate(r.me.okPerSec)}, ${latency(r.me)}${failures(r.me)}`,
      baseline: bareText,
      ratio: fmt.ratio(r.me.ratio),
      target: `≥ ${TARGETS.meRatio}`,
      met: r.me.ratio >= TARGETS.meRatio,
    });
    rows.push({
      scenario: 'GET /auth/me p99 (wrk)',
      figure: fmt.ms(r.me.latencyMs.p99),
      ...none,
      target: `≤ ${TARGETS.meP99Ms} ms`,
      met: r.me.latencyMs.p99 <= TARGETS.meP99Ms,
    });
  }
  if (r.mixed) {
    const m = r.mixed;
    const label = `mixed F4 (${m.clients} clients, ${Math.round(m.durationS)} s)`;
    rows.push({
      scenario: `${label}: rate`,
      figure:
        `${fmt.rate(m.perSec)} refresh+me answers (${fmt.rate(m.okPerSec)} 2xx), p50 ${fmt.ms(m.latencyMs.p50)}` +
        (m.errors + m.timeouts > 0 ? ` (+${m.errors} errors, ${m.timeouts} timeouts)` : ''),
      ...none,
      target: '—',
      met: null,
    });
    rows.push({
      scenario: `${label}: p99`,
      figure: fmt.ms(m.latencyMs.p99),
      ...none,
      target: `≤ ${TARGETS.mixedP99Ms} ms`,
      met: m.latencyMs.p99 <= TARGETS.mixedP99Ms,
    });
    rows.push({
      scenario: `${label}: 5xx`,
      figure: String(m.fiveXx),
      ...none,
      target: `= ${TARGETS.mixedFiveXx}`,
      met: m.fiveXx <= TARGETS.mixedFiveXx,
    });
    rows.push({
      scenario: `${label}: sessions lost`,
      figure: `${m.sessions.lost} of ${m.sessions.clients}`,
      ...none,
      target: `= ${TARGETS.mixedLostSessions}`,
      met: m.sessions.lost <= TARGETS.mixedLostSessions,
    });
    rows.push({
      scenario: `${label}: sign-ins beside`,
      figure:
        `${fmt.rate(m.logins.okPerSec)} (aimed ${m.logins.targetPerSec}/s), ${latency(m.logins)}` +
        (m.logins.notSent + m.logins.failed > 0
          ? ` (${m.logins.notSent} not sent, ${m.logins.failed} failed)`
          : ''),
      ...none,
      target: '—',
      met: null,
    });
  }
  if (r.propagation) {
    const p = r.propagation;
    rows.push({
      scenario: `revocation A → B 401 (${p.revocations} revocations)`,
      figure:
        `p50 ${fmt.ms(p.latencyMs.p50)}, p99 ${fmt.ms(p.latencyMs.p99)}` +
        (p.staleAnswers > 0 ? ` (${p.staleAnswers} stale 200s)` : '') +
        (p.timedOut > 0 ? ` (${p.timedOut} over ${p.pollTimeoutMs} ms)` : ''),
      ...none,
      target: `p99 ≤ ${TARGETS.propagationP99Ms} ms`,
      met: p.latencyMs.p99 <= TARGETS.propagationP99Ms,
    });
  }
  if (r.memory && r.memory.afterLoads.length > 0) {
    rows.push({
      scenario: 'API RSS after the loads',
      figure:
        fmt.mb(r.memory.rssAfterLoadMB) +
        (r.memory.heapMB?.heap_size_total != null
          ? ` (V8 heap ${fmt.mb(r.memory.heapMB.heap_size_total)}, ${fmt.mb(r.memory.heapMB.heap_size_used ?? 0)} used)`
          : ''),
      ...none,
      target: `≤ ${TARGETS.rssAfterLoadMB} MB`,
      met: r.memory.rssAfterLoadMB <= TARGETS.rssAfterLoadMB,
    });
    if (r.memory.rssSettledMB != null)
      rows.push({
        scenario: 'API RSS, 10 s after the loads',
        figure: fmt.mb(r.memory.rssSettledMB),
        ...none,
        target: '—',
        met: null,
      });
  }
  if (r.memory) {
    if (r.memory.idleRssMB !== null)
      rows.push({
        scenario: 'API RSS, idle',
        figure: `${fmt.mb(r.memory.idleRssMB)} (median of ${r.memory.idleRssSamplesMB.length})`,
        ...none,
        target: `≤ ${TARGETS.idleRssMB} MB`,
        met: r.memory.idleRssMB <= TARGETS.idleRssMB,
      });
    rows.push({
      scenario: 'API RSS, peak',
      figure: fmt.mb(r.memory.peakRssMB),
      ...none,
      target: '—',
      met: null,
    });
  }
  if (r.startup?.medianMs != null) {
    rows.push({
      scenario: 'start → /ready 200',
      figure: `${fmt.ms(r.startup.medianMs)} (median of ${r.startup.restartsMs.length})`,
      ...none,
      target: `≤ ${TARGETS.startupMs} ms`,
      met: r.startup.medianMs <= TARGETS.startupMs,
    });
  }
  for (const [scenario, message] of Object.entries(r.failures ?? {})) {
    rows.push({
      scenario: `${scenario}: FAILED`,
      figure: message.split('\n')[0]?.slice(0, 120) ?? 'failed',
      ...none,
      target: 'runs',
      met: false,
    });
  }
  return rows;
}

export function buildCpuRows(input: Record<string, unknown>): CpuRow[] {
  const r = input as Results;
  const loads: [string, (LoadFigures & { cpu: CpuUse }) | (MixedFigures & { cpu: CpuUse }) | undefined][] = [
    ['POST /auth/login', r.login],
    ['POST /auth/refresh', r.refresh],
    ['GET /live (wrk)', r.live],
    ['GET /auth/me (wrk)', r.me],
    ['bare Express GET /x (wrk)', r.expressBaseline],
    ['mixed F4', r.mixed],
  ];
  return loads.flatMap(([scenario, f]) =>
    f
      ? [
          {
            scenario,
            ok: f.ok,
            serverMs: (f.cpu.serverS * 1000) / Math.max(1, f.ok),
            databaseMs: (f.cpu.databaseS * 1000) / Math.max(1, f.ok),
            loadGeneratorMs: (f.cpu.loadGeneratorS * 1000) / Math.max(1, f.ok),
            cores: {
              server: f.cpu.serverS / f.cpu.wallS,
              database: f.cpu.databaseS / f.cpu.wallS,
              loadGenerator: f.cpu.loadGeneratorS / f.cpu.wallS,
            },
          },
        ]
      : [],
  );
}
