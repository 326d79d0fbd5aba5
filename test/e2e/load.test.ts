/**
 * Overview: F4 as a test: 20 seconds of mixed traffic from 50 concurrent clients on two API
 *   replicas with production-like session and throttle settings; no 5xx, and no session lost.
 * Architecture: end-to-end load test over real API processes (src/bootstrap/main.ts, external
 *   profile) started by test/support/replicas.ts, driven by fetch (undici, kept-alive
 *   connections) from the test process.
 * Dependencies: the replica harness, kysely, chai.
 * Concepts: every client signs in as one of 10 users (5 clients each) and loops refresh, 5 × me,
 *   and now and then a sign-in, me and sign-out of another user, each on a replica picked at
 *   random; at most 4 such extra sessions per user at a time, so no user passes the default
 *   limit of 10 sessions (evict-oldest) and no sign-in passes the 10 attempts per email and
 *   address; at the end every client's last refresh token must still refresh.
 */
import { expect } from 'chai';
import { sql } from 'kysely';
import {
  startReplicas,
  stopAllReplicas,
  type Replica,
  type ReplicaSet,
  type Reply,
} from '../support/replicas.js';
import { databaseOf } from '../support/postgres.js';

const PASSWORD = 'a long enough password';
const CLIENTS = 50;
const USERS = 10;
const DURATION_MS = 20_000;
/** Extra (short) sessions of one user open at once: 5 clients' sessions + 4 ≤ 10. */
const MAX_EXTRA_PER_USER = 4;
const EXTRA_LOGIN_CHANCE = 0.1;
/** A bound on each client's loop besides the deadline. */
const MAX_ITERATIONS = 100_000;

const round = (ms: number) => Math.round(ms);
const note = (text: string) => process.stdout.write(`      (${text})\n`);

interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly sessionId: string;
}

type Op = 'login' | 'refresh' | 'me' | 'logout' | 'final-refresh';

const EXPECTED: Record<Op, number> = { login: 200, refresh: 200, me: 200, logout: 204, 'final-refresh': 200 };

class Tally {
  readonly latencies = new Map<Op, number[]>();
  readonly statuses = new Map<number, number>();
  /** The first few unexpected answers, for the failure message. */
  readonly unexpected: string[] = [];
  unexpectedCount = 0;
  total = 0;

  record(op: Op, replica: Replica, r: Reply): void {
    this.total += 1;
    this.statuses.set(r.status, (this.statuses.get(r.status) ?? 0) + 1);
    let list = this.latencies.get(op);
    if (!list) this.latencies.set(op, (list = []));
    list.push(r.ms);
    if (r.status !== EXPECTED[op]) {
      this.unexpectedCount += 1;
      if (this.unexpected.length < 10)
        this.unexpected.push(
          `${op} on ${replica.name}: ${r.status || r.error} ${JSON.stringify(r.body?.error ?? r.body)}`,
        );
    }
  }

  count(predicate: (status: number) => boolean): number {
    let n = 0;
    for (const [status, times] of this.statuses) if (predicate(status)) n += times;
    return n;
  }

  summary(): string {
    return [...this.latencies]
      .map(([op, list]) => {
        const sorted = [...list].sort((a, b) => a - b);
        const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
        return `${op} ${list.length} × p50 ${at(0.5)} / p99 ${at(0.99)} / max ${at(1)} ms`;
      })
      .join('; ');
  }
}

describe('load: mixed traffic on two replicas (F4, end to end)', function () {
  this.timeout(60_000);
  let set: ReplicaSet;
  const users: string[] = [];

  before(async function () {
    this.timeout(90_000);
    const t0 = performance.now();
    set = await startReplicas({
      count: 2,
      env: {
        // Production-like: default session limit (10, evict-oldest), grace and per email+address
        // throttle; every client is 127.0.0.1, so the per-address login ceiling and the refresh
        // budget are raised for the load. Request logs off: the load is not about logging.
        NIMBUS_LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
        NIMBUS_REFRESH_RATE_LIMIT: '1000000',
        NIMBUS_LOG_LEVEL: 'warn',
      },
    });
    for (let i = 0; i < USERS; i += 1) {
      const email = `load-${i}@example.com`;
      await set.addUser(email, PASSWORD);
      users.push(email);
    }
    note(`2 replicas ready and ${USERS} users created in ${round(performance.now() - t0)} ms`);
  });

  after(async function () {
    this.timeout(30_000);
    await set?.stop().catch(() => undefined);
    // Also when `before` timed out while the replicas were still starting (then `set` is unset).
    await stopAllReplicas();
  });

  it(`${CLIENTS} clients for ${DURATION_MS / 1000} s: no 5xx, no lost session`, async () => {
    const tally = new Tally();
    const pick = () => set.replicas[Math.floor(Math.random() * set.replicas.length)]!;
    const extra = new Array<number>(USERS).fill(0);
    let extraLogins = 0;
    let extraSkipped = 0;

    const call = async (op: Op, method: string, route: string, options: Parameters<Replica['call']>[2]) => {
      const replica = pick();
      const r = await replica.call(method, route, options);
      tally.record(op, replica, r);
      return r;
    };
    const login = async (email: string): Promise<Tokens | null> => {
      const r = await call('login', 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
      return r.status === 200 ? (r.body as Tokens) : null;
    };

    // Every client's own session first (5 per user, all at once).
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => ({
        user: i % USERS,
        tokens: await login(users[i % USERS]!),
      })),
    );
    expect(tally.unexpected, 'initial logins').to.deep.equal([]);

    const t0 = performance.now();
    const deadline = t0 + DURATION_MS;
    let iterations = 0;
    const run = async (client: { user: number; tokens: Tokens | null }) => {
      for (let n = 0; n < MAX_ITERATIONS && performance.now() < deadline && client.tokens; n += 1) {
        iterations += 1;
        const r = await call('refresh', 'POST', '/api/v1/auth/refresh', {
          body: { refreshToken: client.tokens.refreshToken },
        });
        if (r.status !== 200) return; // counted; the client's session is gone
        client.tokens = r.body as Tokens;
        for (let k = 0; k < 5; k += 1) {
          await call('me', 'GET', '/api/v1/auth/me', { token: client.tokens.accessToken });
        }
        if (Math.random() < EXTRA_LOGIN_CHANCE) {
          const other = (client.user + 1 + Math.floor(Math.random() * (USERS - 1))) % USERS;
          if (extra[other]! >= MAX_EXTRA_PER_USER) {
            extraSkipped += 1;
            continue;
          }
          extra[other]! += 1;
          try {
            const s = await login(users[other]!);
            if (s) {
              extraLogins += 1;
              await call('me', 'GET', '/api/v1/auth/me', { token: s.accessToken });
              await call('logout', 'POST', '/api/v1/auth/logout', { token: s.accessToken });
            }
          } finally {
            extra[other]! -= 1;
          }
        }
      }
    };
    await Promise.all(clients.map(run));
    const trafficMs = performance.now() - t0;

    // No session was lost: every client's last refresh token still refreshes.
    const finals = await Promise.all(
      clients.map(async (c) =>
        c.tokens
          ? call('final-refresh', 'POST', '/api/v1/auth/refresh', {
              body: { refreshToken: c.tokens.refreshToken },
            })
          : null,
      ),
    );

    const fivexx = tally.count((s) => s >= 500);
    const failedConnections = tally.count((s) => s === 0);
    note(
      `${tally.total} requests in ${round(trafficMs)} ms (${round(tally.total / (trafficMs / 1000))}/s), ` +
        `${iterations} client loops, ${extraLogins} extra sign-ins (${extraSkipped} skipped at the per-user bound); ` +
        `statuses ${JSON.stringify(Object.fromEntries(tally.statuses))}; ${tally.summary()}`,
    );
    expect(fivexx, `5xx answers: ${tally.unexpected.join(' | ')}`).to.equal(0);
    expect(failedConnections, `requests without an answer: ${tally.unexpected.join(' | ')}`).to.equal(0);
    expect(
      finals.filter((r) => r?.status !== 200).length,
      `clients whose last refresh token no longer refreshes: ${tally.unexpected.join(' | ')}`,
    ).to.equal(0);
    expect(tally.unexpectedCount, `unexpected answers: ${tally.unexpected.join(' | ')}`).to.equal(0);
    expect(iterations, 'client loops in 20 s').to.be.above(CLIENTS);

    // In the database: exactly the clients' sessions are live; none was evicted.
    const db = databaseOf(set.runtime)!.db;
    const admin = set.admin.adminId;
    const live = await sql<{ n: number }>`
      select count(*)::int as n from sessions
      where revoked_at is null and expires_at > now() and user_id <> ${admin}`.execute(db);
    expect(live.rows[0]!.n, 'live sessions of the load users').to.equal(CLIENTS);
    const reasons = await sql<{ reason: string | null; n: number }>`
      select revoke_reason as reason, count(*)::int as n from sessions
      where user_id <> ${admin} group by revoke_reason`.execute(db);
    expect(reasons.rows.filter((r) => r.reason !== null && r.reason !== 'logout')).to.deep.equal([]);

    for (const replica of set.replicas) {
      expect(replica.child.exitCode, `${replica.name} still running`).to.equal(null);
      expect(
        replica.logs
          .filter((l) => /"level":(50|60)/.test(l) && !l.includes('object store bucket'))
          .slice(0, 3),
        `${replica.name} error log lines`,
      ).to.deep.equal([]);
    }
  });
});
