/**
 * Overview: the benchmark's report: the printed table and `bench/results/latest.json`.
 * Architecture: benchmark tooling (outside src/).
 * Dependencies: node:fs, node:os.
 * Concepts: a row compares a figure with its same-run baseline (ratio) and its target; a missed
 *   target prints "MISSED", a target that could not be measured prints "n/a".
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

export function formatTable(rows: readonly Row[]): string {
  return formatGrid(
    ['scenario', 'figure', 'baseline', 'ratio', 'target', 'met?'],
    rows.map((r) => [
      r.scenario,
      r.figure,
      r.baseline,
      r.ratio,
      r.target,
      r.met === null ? 'n/a' : r.met ? 'yes' : 'MISSED',
    ]),
  );
}

export function formatCpuTable(rows: readonly CpuRow[]): string {
  const ms = (v: number) => v.toFixed(3);
  const cores = (v: number) => v.toFixed(2);
  return formatGrid(
    ['load', '2xx', 'server ms', 'PostgreSQL ms', 'autocannon ms', 'cores: server / PostgreSQL / autocannon'],
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
  };
}

export function writeResults(dir: string, results: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'latest.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

export const fmt = {
  rate: (perSec: number) => `${perSec.toFixed(perSec < 100 ? 1 : 0)}/s`,
  ms: (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`,
  mb: (mb: number) => `${mb.toFixed(1)} MB`,
  ratio: (r: number) => r.toFixed(2),
};
