/**
 * Overview: baseline: the raw argon2id verify rate of this machine, on all cores, with the
 *   server's parameters; prints one JSON line.
 * Architecture: benchmark tooling, run as a child process (its own libuv thread pool).
 * Dependencies: argon2.
 * Concepts: argon2 runs on libuv's thread pool, so `concurrency` verifies in flight keep
 *   UV_THREADPOOL_SIZE threads busy; usage: argon2-verify.ts <durationMs> <concurrency> <paramsJson>.
 */
import argon2 from 'argon2';

const durationMs = Number(process.argv[2] ?? 8_000);
const concurrency = Number(process.argv[3] ?? 8);
const params = JSON.parse(process.argv[4] ?? '{}') as {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
};
const password = 'correct horse battery staple';

const hash = await argon2.hash(password, { type: argon2.argon2id, ...params });
await Promise.all(Array.from({ length: concurrency }, () => argon2.verify(hash, password)));

let verifies = 0;
const t0 = performance.now();
const deadline = t0 + durationMs;
async function verifyLoop(): Promise<void> {
  while (performance.now() < deadline) {
    if (!(await argon2.verify(hash, password))) throw new Error('verify failed');
    verifies++;
  }
}
await Promise.all(Array.from({ length: concurrency }, verifyLoop));
const seconds = (performance.now() - t0) / 1000;

process.stdout.write(
  `${JSON.stringify({
    verifies,
    seconds,
    perSec: verifies / seconds,
    msPerVerify: (seconds * 1000 * concurrency) / verifies,
    concurrency,
    threadPool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
    params,
  })}\n`,
);
