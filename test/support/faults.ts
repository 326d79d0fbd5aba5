/**
 * Overview: what the fault tests share: HTTP calls that never throw, raw node:http requests, free
 *   ports, temporary data folders PostgreSQL can reach, process checks and per-test clean-ups.
 * Architecture: test harness (end-to-end fault tests, test/e2e/faults).
 * Dependencies: node:http, node:net, node:child_process, pgrep.
 * Concepts: a clean-up registered after its test ended runs at once, so a slow test never leaks
 *   a server into the next one.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// One JSON request that never throws, and the set-up every fault test starts from: the
// replica harness's.
export { SETUP, call, type Reply } from './replicas.js';
export { ADMIN } from './seed.js';

export interface RawReply {
  /** Absent when the request was not served. */
  readonly status?: number;
  readonly connection?: string;
  readonly error?: string;
}

/** A request through node:http: on a new TCP connection (agent false) or on `agent`'s sockets. */
export function rawRequest(
  port: number,
  method: string,
  route: string,
  options: { agent?: Agent | false; body?: unknown } = {},
): Promise<RawReply> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: route,
        agent: options.agent ?? false,
        timeout: 20_000,
        headers: payload ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(payload);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  // mkdtemp makes the folder 700; PostgreSQL, run as root, drops to a user that must traverse it.
  await chmod(dir, 0o711);
  return dir;
}

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops a postmaster left running on `pgdata` (by a test that failed midway). */
export async function killPostmaster(pgdata: string): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  for (const [signal, waitMs] of [
    ['SIGINT', 5000],
    ['SIGKILL', 2000],
  ] as const) {
    if (!isAlive(pid)) return;
    process.kill(pid, signal);
    for (const end = performance.now() + waitMs; isAlive(pid) && performance.now() < end;) await sleep(50);
  }
}

/** Command lines of live processes that mention `needle` (`pgrep -f`); empty when none. */
export function processesMentioning(needle: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    execFile('pgrep', ['-a', '-f', needle], (error, stdout) => {
      if (error && error.code !== 1) return reject(error);
      resolve(stdout.split('\n').filter(Boolean));
    }),
  );
}

export async function waitFor(
  probe: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await probe())) {
    if (performance.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/**
 * Runs `work` with uncaught exceptions and unhandled rejections recorded instead of aborting the
 * test, so the test can check everything else and then fail on them: a real server process
 * (runServerFromProcess installs no handler) exits on the first one.
 */
export async function recordingUncaught<T>(work: (uncaught: Error[]) => Promise<T>): Promise<T> {
  const uncaught: Error[] = [];
  const record = (error: unknown) => {
    uncaught.push(error instanceof Error ? error : new Error(String(error)));
  };
  const exceptionListeners = process.listeners('uncaughtException');
  const rejectionListeners = process.listeners('unhandledRejection');
  process.removeAllListeners('uncaughtException').on('uncaughtException', record);
  process.removeAllListeners('unhandledRejection').on('unhandledRejection', record);
  try {
    return await work(uncaught);
  } finally {
    process.off('uncaughtException', record).off('unhandledRejection', record);
    for (const listener of exceptionListeners) process.on('uncaughtException', listener);
    for (const listener of rejectionListeners) process.on('unhandledRejection', listener);
  }
}

export const round = (ms: number) => Math.round(ms);
export const note = (text: string) => process.stdout.write(`      (${text})\n`);

/** Per-test clean-ups for the describe block it is called in: `scope()` registers one. */
export function useCleanups() {
  let generation = 0;
  let cleanups: (() => Promise<unknown>)[] = [];
  /** Registers a clean-up for this test; one registered after the test ended runs at once. */
  const cleanupScope = () => {
    const mine = generation;
    return (task: () => Promise<unknown>) => {
      if (mine === generation) cleanups.push(task);
      else void task().catch(() => undefined);
    };
  };

  afterEach(async function () {
    this.timeout(30_000);
    generation += 1;
    const tasks = cleanups.reverse();
    cleanups = [];
    for (const task of tasks) await task().catch(() => undefined);
  });
  return cleanupScope;
}
