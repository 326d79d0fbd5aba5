/**
 * Overview: HTTP load with wrk (Debian's package) for the fast paths, reduced to the figures the
 *   report needs; installs wrk when it is missing and this process may (root with apt-get).
 * Architecture: benchmark tooling (outside src/); wrk runs as a child process, so its CPU is not
 *   this process's and it keeps up with servers faster than an in-process generator.
 * Dependencies: node:child_process, node:fs, the process helpers; the `wrk` binary.
 * Concepts: a Lua `done` hook prints one JSON line (latency percentiles in µs, request and error
 *   counts); wrk counts answers ≥ 400 as status errors, so ok = requests − status errors; socket
 *   errors (connect, read, write, timeout) are the transport failures.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadFigures } from './load.js';
import { startProcess } from './processes.js';

const REPORT_SCRIPT = `-- Written by bench/lib/wrk.ts: one JSON line with the run's figures.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"durationUs":%d,"requests":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50":%d,"p90":%d,"p99":%d,"max":%d}\\n',
    summary.duration, summary.requests, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;

const INSTALL_HINT = "install Debian's wrk: `apt-get install -y wrk` (as root, after `apt-get update`)";

function which(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Makes sure `wrk` is on PATH: installs Debian's package when root with apt-get, else explains how. */
export function ensureWrk(log: (message: string) => void): void {
  if (which('wrk')) return;
  if (process.getuid?.() !== 0 || !which('apt-get'))
    throw new Error(`wrk is not installed and this process cannot install it: ${INSTALL_HINT}`);
  log("wrk is missing: installing Debian's package (apt-get install -y wrk)");
  const install = () =>
    execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    install();
  } catch {
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
    install();
  }
  if (!which('wrk')) throw new Error(`apt-get did not install wrk: ${INSTALL_HINT}`);
}

export interface WrkLoad {
  readonly url: string;
  readonly durationS: number;
  readonly connections: number;
  readonly threads: number;
  readonly headers?: Readonly<Record<string, string>>;
}

let scriptFile: string | null = null;

/** Where the Lua report hook is written (the run's scratch folder). */
export function prepareWrk(dir: string): void {
  scriptFile = path.join(dir, 'wrk-report.lua');
  writeFileSync(scriptFile, REPORT_SCRIPT);
}

export async function runWrk(load: WrkLoad): Promise<LoadFigures> {
  if (!scriptFile) throw new Error('prepareWrk() first');
  if (new URL(load.url).hostname !== '127.0.0.1')
    throw new Error(`wrk only against 127.0.0.1, not ${load.url}`);
  const args = [
    `-t${load.threads}`,
    `-c${load.connections}`,
    `-d${Math.max(1, Math.round(load.durationS))}s`,
    '--timeout',
    '10s',
    '-s',
    scriptFile,
    ...Object.entries(load.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
    load.url,
  ];
  const child = startProcess('wrk', args, { env: process.env, cwd: path.dirname(scriptFile) });
  const code = await child.exited;
  const line = child
    .output()
    .split('\n')
    .findLast((l) => l.startsWith('{'));
  if (code !== 0 || !line) throw new Error(`wrk failed (${code}):\n${child.output()}`);
  const r = JSON.parse(line) as Record<string, number>;
  const n = (key: string) => r[key] ?? 0;
  const durationS = n('durationUs') / 1e6;
  const ok = n('requests') - n('status');
  return {
    connections: load.connections,
    durationS,
    okPerSec: ok / durationS,
    ok,
    non2xx: n('status'),
    errors: n('connect') + n('read') + n('write') + n('timeout'),
    timeouts: n('timeout'),
    latencyMs: { p50: n('p50') / 1000, p90: n('p90') / 1000, p99: n('p99') / 1000, max: n('max') / 1000 },
    statusCodes: {},
    tool: `wrk -t${load.threads} -c${load.connections}`,
  };
}
