/**
 * Overview: turns the raw figures of a run into the report's rows, each checked against the
 *   issue's target.
 * Architecture: benchmark tooling (outside src/).
 * Dependencies: the report's row type and formatters.
 * Concepts: targets: logins/s ≥ 0.9 × argon2 verifies/s; refreshes/s ≥ 1,500; /auth/me req/s ≥
 *   0.5 × bare Express; idle RSS ≤ 120 MB; start-to-ready ≤ 2.5 s. Failed requests are shown.
 */
import type { LoadFigures } from './load.js';
import type { CpuUse } from './processes.js';
import { fmt, type CpuRow, type Row } from './report.js';
import type { Argon2Baseline } from './scenarios.js';

export const TARGETS = {
  loginRatio: 0.9,
  refreshPerSec: 1_500,
  meRatio: 0.5,
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
  me?: Measured & { ratio: number };
  memory?: { idleRssMB: number; idleRssSamplesMB: number[]; peakRssMB: number };
}

const failures = (f: LoadFigures) =>
  f.non2xx + f.errors + f.timeouts > 0
    ? ` (+${f.non2xx} non-2xx, ${f.errors} errors, ${f.timeouts} timeouts)`
    : '';
const latency = (f: LoadFigures) => `p50 ${fmt.ms(f.latencyMs.p50)}, p99 ${fmt.ms(f.latencyMs.p99)}`;

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
      scenario: 'POST /auth/refresh',
      figure: `${fmt.rate(r.refresh.okPerSec)} refreshes${failures(r.refresh)}`,
      baseline: '—',
      ratio: '—',
      target: `≥ ${TARGETS.refreshPerSec}/s`,
      met: r.refresh.okPerSec >= TARGETS.refreshPerSec,
    });
  }
  if (r.me && r.expressBaseline) {
    rows.push({
      scenario: 'GET /auth/me',
      figure: `${fmt.rate(r.me.okPerSec)}, ${latency(r.me)}${failures(r.me)}`,
      baseline: `${fmt.rate(r.expressBaseline.okPerSec)}, ${latency(r.expressBaseline)} (bare Express)`,
      ratio: fmt.ratio(r.me.ratio),
      target: `≥ ${TARGETS.meRatio}`,
      met: r.me.ratio >= TARGETS.meRatio,
    });
  }
  if (r.memory) {
    rows.push({
      scenario: 'API RSS, idle',
      figure: `${fmt.mb(r.memory.idleRssMB)} (median of ${r.memory.idleRssSamplesMB.length})`,
      baseline: '—',
      ratio: '—',
      target: `≤ ${TARGETS.idleRssMB} MB`,
      met: r.memory.idleRssMB <= TARGETS.idleRssMB,
    });
    rows.push({
      scenario: 'API RSS, peak',
      figure: fmt.mb(r.memory.peakRssMB),
      baseline: '—',
      ratio: '—',
      target: '—',
      met: null,
    });
  }
  if (r.startup?.medianMs != null) {
    rows.push({
      scenario: 'start → /ready 200',
      figure: `${fmt.ms(r.startup.medianMs)} (median of ${r.startup.restartsMs.length})`,
      baseline: '—',
      ratio: '—',
      target: `≤ ${TARGETS.startupMs} ms`,
      met: r.startup.medianMs <= TARGETS.startupMs,
    });
  }
  return rows;
}

export function buildCpuRows(input: Record<string, unknown>): CpuRow[] {
  const r = input as Results;
  const loads: [string, Measured | undefined][] = [
    ['POST /auth/login', r.login],
    ['POST /auth/refresh', r.refresh],
    ['GET /auth/me', r.me],
    ['bare Express GET /x', r.expressBaseline],
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
