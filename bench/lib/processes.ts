/**
 * Overview: the benchmark's child processes: spawn, wait for a 200, read memory, stop.
 * Architecture: benchmark tooling (outside src/); treats the API server as a black box.
 * Dependencies: node:child_process, node:net, node:fs.
 * Concepts: ready = the probe URL answers 200; idle RSS = VmRSS before load; peak RSS = VmHWM
 *   (the kernel's high-water mark of the process's resident memory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Child {
  readonly proc: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** The last lines the process wrote, for error messages. */
  output(): string;
}

const OUTPUT_KEEP = 16_384;

export function startChild(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Child {
  const proc = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEEP);
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    proc.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  if (proc.pid === undefined) throw new Error(`could not spawn node ${args.join(' ')}`);
  return { proc, pid: proc.pid, exited, output: () => output };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Polls `url` every `intervalMs` until it answers 200; returns ms since `t0`. */
export async function waitFor200(
  url: string,
  child: Child,
  t0: number,
  { intervalMs = 20, timeoutMs = 60_000 } = {},
): Promise<number> {
  let exitCode: number | string | null = null;
  void child.exited.then((code) => (exitCode = code));
  while (performance.now() - t0 < timeoutMs) {
    if (exitCode !== null)
      throw new Error(`process exited (${exitCode}) before ${url} answered:\n${child.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - t0;
    } catch {
      // not listening yet
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${child.output()}`);
}

/** SIGTERM, then SIGKILL when the process has not exited within `graceMs`. */
export async function stopChild(child: Child, graceMs = 20_000): Promise<number | string> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return child.exited;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  const code = await child.exited;
  clearTimeout(timer);
  return code;
}

export interface Memory {
  readonly rssMB: number;
  readonly hwmMB: number;
}

function statusField(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`${field} missing in /proc status`);
  return Number(match[1]) / 1024;
}

export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssMB: statusField(status, 'VmRSS'), hwmMB: statusField(status, 'VmHWM') };
}

const CLOCK_TICKS_PER_S = 100;

/** User + system CPU seconds the process has used so far. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // exited while listing
    }
  }
  const isDescendant = (p: number): boolean => {
    for (let cur = parentOf.get(p); cur !== undefined && cur > 1; cur = parentOf.get(cur)) {
      if (cur === pid) return true;
    }
    return false;
  };
  return [...parentOf.keys()].filter(isDescendant);
}

/** Summed VmRSS of every descendant of `pid` (embedded PostgreSQL); shared pages count once per process. */
export function descendantsRssMB(pid: number): { processes: number; rssMB: number } {
  let rssMB = 0;
  let processes = 0;
  for (const p of descendantsOf(pid)) {
    try {
      rssMB += memoryOf(p).rssMB;
      processes++;
    } catch {
      // exited, or a kernel thread without VmRSS
    }
  }
  return { processes, rssMB };
}

/** Summed CPU seconds of every live descendant of `pid` (the PostgreSQL server and its backends). */
export function descendantsCpuSeconds(pid: number): number {
  let seconds = 0;
  for (const p of descendantsOf(pid)) {
    try {
      seconds += cpuSecondsOf(p);
    } catch {
      // exited while reading
    }
  }
  return seconds;
}

/** CPU seconds spent during a piece of work by the server, its database, and this process. */
export interface CpuUse {
  readonly serverS: number;
  readonly databaseS: number;
  readonly loadGeneratorS: number;
  readonly wallS: number;
}

export async function measureCpu<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuUse }> {
  const t0 = performance.now();
  const server0 = cpuSecondsOf(pid);
  const database0 = descendantsCpuSeconds(pid);
  const self0 = process.cpuUsage();
  const result = await work();
  const self = process.cpuUsage(self0);
  return {
    result,
    cpu: {
      serverS: cpuSecondsOf(pid) - server0,
      databaseS: descendantsCpuSeconds(pid) - database0,
      loadGeneratorS: (self.user + self.system) / 1e6,
      wallS: (performance.now() - t0) / 1000,
    },
  };
}

export function addCpu(a: CpuUse, b: CpuUse): CpuUse {
  return {
    serverS: a.serverS + b.serverS,
    databaseS: a.databaseS + b.databaseS,
    loadGeneratorS: a.loadGeneratorS + b.loadGeneratorS,
    wallS: a.wallS + b.wallS,
  };
}
