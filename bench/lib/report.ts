/**
 * Overview: the benchmark's report: the printed tables (one run, or one column per Node.js
 *   version) and the JSON files under bench/results.
 * Architecture: benchmark tooling (outside src/).
 * Dependencies: node:fs, node:os.
 * Concepts: a row compares a figure with its same-run baseline (ratio) and its target; a missed
 *   target prints "MISSED", a figure without a target prints "n/a"; side by side, rows are
 *   matched by scenario name and a figure one run lacks prints "—".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Row {
  readonly scenario: string;
  readonly figure: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
  /** null: no target, or not measured. */
  readonly met: boolean | null;
}

/** CPU use of one load, per 2xx response and in cores kept busy. */
export interface CpuRow {
  readonly scenario: string;
  readonly ok: number;
  readonly serverMs: number;
  readonly databaseMs: number;
  readonly loadGeneratorMs: number;
  readonly cores: { readonly server: number; readonly database: number; readonly loadGenerator: number };
}

function formatGrid(headers: readonly string[], cells: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(headers), rule, ...cells.map(line)].join('\n');
}

const verdict = (met: boolean | null) => (met === null ? 'n/a' : met ? 'yes' : 'MISSED');

export function formatTable(rows: readonly Row[]): string {
  return formatGrid(
    ['scenario', 'figure', 'baseline (same run)', 'ratio', 'target', 'met?'],
    rows.map((r) => [r.scenario, r.figure, r.baseline, r.ratio, r.target, verdict(r.met)]),
  );
}

export interface RunColumn {
  /** The run's `process.version`, or what was asked for when it did not run. */
  readonly node: string;
  readonly rows: readonly Row[] | null;
  readonly error?: string;
}

/** One row per scenario, one column per Node.js version: the figure (with its ratio) and whether it met the target. */
export function formatSideBySide(runs: readonly RunColumn[]): string {
  const scenarios: string[] = [];
  const targets = new Map<string, string>();
  for (const run of runs)
    for (const row of run.rows ?? []) {
      if (!scenarios.includes(row.scenario)) scenarios.push(row.scenario);
      if (!targets.has(row.scenario)) targets.set(row.scenario, row.target);
    }
  const cell = (run: RunColumn, scenario: string) => {
    if (!run.rows) return `did not run: ${run.error ?? 'unknown'}`.slice(0, 80);
    const row = run.rows.find((r) => r.scenario === scenario);
    if (!row) return '—';
    const ratio = row.ratio !== '—' ? ` [ratio ${row.ratio}]` : '';
    return `${row.figure}${ratio} → ${verdict(row.met)}`;
  };
  return formatGrid(
    ['scenario', 'target', ...runs.map((run) => `Node.js ${run.node}`)],
    scenarios.map((s) => [s, targets.get(s) ?? '—', ...runs.map((run) => cell(run, s))]),
  );
}

export function formatCpuTable(rows: readonly CpuRow[]): string {
  const ms = (v: number) => v.toFixed(3);
  const cores = (v: number) => v.toFixed(2);
  return formatGrid(
    [
      'load',
      '2xx',
      'server ms',
      'PostgreSQL ms',
      'load generator ms',
      'cores: server / PostgreSQL / generator',
    ],
    rows.map((r) => [
      r.scenario,
      String(r.ok),
      ms(r.serverMs),
      ms(r.databaseMs),
      ms(r.loadGeneratorMs),
      `${cores(r.cores.server)} / ${cores(r.cores.database)} / ${cores(r.cores.loadGenerator)}`,
    ]),
  );
}

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    availableParallelism: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemoryMB: Math.round(os.totalmem() / 1024 / 1024),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    nodeBinary: process.execPath,
  };
}

/** Writes `results` as `file` (bench/results/latest.json unless the run was told otherwise). */
export function writeResults(file: string, results: unknown): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

export const fmt = {
  rate: (perSec: number) => `${perSec.toFixed(perSec < 100 ? 1 : 0)}/s`,
  ms: (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`,
  mb: (mb: number) => `${mb.toFixed(1)} MB`,
  ratio: (r: number) => r.toFixed(2),
};
