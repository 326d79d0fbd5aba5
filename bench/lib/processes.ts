/**
 * Overview: the benchmark's child processes: spawn (every child is registered until it exits),
 *   wait for a 200, read memory and CPU, stop one or all of them.
 * Architecture: benchmark tooling (outside src/); treats the API server as a black box.
 * Dependencies: node:child_process, node:net, node:fs.
 * Concepts: ready = the probe URL answers 200; idle RSS = VmRSS before load; peak RSS = VmHWM
 *   (the kernel's high-water mark of the process's resident memory). A child's output goes to a
 *   log file when one is given (the API logs every request at the default level, and a pipe into
 *   this process would make the load generator pay for it). Stopping is SIGTERM, then SIGKILL
 *   for the child and everything it started (embedded PostgreSQL) after a grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Child {
  readonly proc: ChildProcess;
  readonly pid: number;
  /** What was started, for messages. */
  readonly command: string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** The last lines the process wrote (or the tail of its log file), for error messages. */
  output(): string;
}

export interface StartOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Append stdout and stderr to this file instead of keeping them in memory. */
  readonly logFile?: string;
}

const OUTPUT_KEEP = 16_384;
const running = new Set<Child>();
let refusing: string | null = null;

/** From now on no child is started (the run was interrupted); `startProcess` throws `reason`. */
export function refuseNewChildren(reason: string): void {
  refusing = reason;
}

function tailOf(file: string): string {
  try {
    const size = statSync(file).size;
    const length = Math.min(size, OUTPUT_KEEP);
    const buffer = Buffer.alloc(length);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
    return buffer.toString('utf8');
  } catch {
    return '';
  }
}

export function startProcess(command: string, args: readonly string[], options: StartOptions): Child {
  if (refusing) throw new Error(`not starting ${command}: ${refusing}`);
  const fd = options.logFile ? openSync(options.logFile, 'a') : null;
  let proc: ChildProcess;
  try {
    proc = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: fd === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
    });
  } finally {
    if (fd !== null) closeSync(fd);
  }
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEEP);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) => {
    proc.once('error', (error) => {
      keep(Buffer.from(String(error)));
      resolve('spawn error');
    });
    proc.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const child: Child = {
    proc,
    pid: proc.pid ?? -1,
    command: [command, ...args].join(' '),
    exited,
    output: () => (options.logFile ? tailOf(options.logFile) : output),
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

/** A Node.js child on the same Node.js binary as this process. */
export function startChild(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  logFile?: string,
): Child {
  const child = startProcess(process.execPath, args, { env, cwd, ...(logFile ? { logFile } : {}) });
  if (child.pid < 0) throw new Error(`could not spawn node ${args.join(' ')}`);
  return child;
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

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** SIGTERM, then SIGKILL for the child and its descendants when it has not exited within `graceMs`. */
export async function stopChild(child: Child, graceMs = 20_000): Promise<number | string> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null || child.pid < 0) return child.exited;
  const descendants = descendantsOf(child.pid);
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const pid of [...descendantsOf(child.pid), ...descendants]) killQuietly(pid);
    child.proc.kill('SIGKILL');
  }, graceMs);
  const code = await child.exited;
  clearTimeout(timer);
  // What outlived its parent (PostgreSQL after a SIGKILL, say) goes too.
  for (const pid of descendants) if (isAlive(pid)) killQuietly(pid);
  return code;
}

/** Stops every child still running (each with its grace period), in parallel. */
export async function stopAll(graceMs = 20_000): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child, graceMs)));
}

/** SIGKILL for every child still running and its descendants (last resort, synchronous). */
export function killAll(): void {
  for (const child of running) {
    for (const pid of descendantsOf(child.pid)) killQuietly(pid);
    child.proc.kill('SIGKILL');
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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

function statFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** User + system CPU seconds the process has used so far. */
export function cpuSecondsOf(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

/** CPU seconds of this process's children that have exited and been waited for (wrk runs). */
function reapedChildrenCpuSeconds(): number {
  const fields = statFields('self');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_S;
}

function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parentOf.set(Number(entry), Number(statFields(Number(entry))[1]));
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

/**
 * Summed CPU seconds of every live descendant of `pid` (the PostgreSQL server and its backends),
 * with what their exited children used (a backend that ended is in the postmaster's share).
 */
export function descendantsCpuSeconds(pid: number): number {
  let seconds = 0;
  for (const p of descendantsOf(pid)) {
    try {
      const fields = statFields(p);
      seconds += fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / CLOCK_TICKS_PER_S;
    } catch {
      // exited while reading
    }
  }
  return seconds;
}

/** CPU seconds spent during a piece of work by the server, its database, and the load generator. */
export interface CpuUse {
  readonly serverS: number;
  readonly databaseS: number;
  /** This process (autocannon, the node loops) plus the children it reaped meanwhile (wrk). */
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
  const children0 = reapedChildrenCpuSeconds();
  const result = await work();
  const self = process.cpuUsage(self0);
  return {
    result,
    cpu: {
      serverS: cpuSecondsOf(pid) - server0,
      databaseS: descendantsCpuSeconds(pid) - database0,
      loadGeneratorS: (self.user + self.system) / 1e6 + reapedChildrenCpuSeconds() - children0,
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
