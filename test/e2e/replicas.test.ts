/**
 * Overview: two API replicas on one PostgreSQL (SECURITY R6): a session ended through replica A
 *   (revoke, logout, refresh-token reuse) is refused by replica B within 100 ms; parallel logins
 *   across replicas respect the session limit; failed logins on A throttle B; B never serves a
 *   revoked session while its session listener is lost or PostgreSQL is down, and recovers
 *   without a restart.
 * Architecture: end-to-end tests over real API processes (src/bootstrap/main.ts, external
 *   profile) started by test/support/replicas.ts; a dedicated embedded PostgreSQL for the outage.
 * Dependencies: the replica harness, the embedded PostgreSQL adapter, kysely, chai.
 * Concepts: "within 100 ms" is measured from the moment A's answer arrived, polling B with
 *   back-to-back requests; after B's first 401 no 200 may follow. Tests marked
 *   [session listener] need the in-memory session state kept by LISTEN/NOTIFY (GET /ready
 *   reporting `checks.sessionListener`) and fail until it exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { databaseOf } from '../support/postgres.js';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../../src/adapters/persistence/embedded/embedded-postgres-server.js';
import {
  allBackends,
  backendsOf,
  freePort,
  startReplicas,
  stopAllReplicas,
  terminateBackends,
  type Replica,
  type ReplicaSet,
  type Reply,
} from '../support/replicas.js';

const PASSWORD = 'a long enough password';
const ME = '/api/v1/auth/me';
const round = (ms: number) => Math.round(ms);
const note = (text: string) => process.stdout.write(`      (${text})\n`);

interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly sessionId: string;
}

async function login(replica: Replica, email: string, password = PASSWORD, ip?: string): Promise<Tokens> {
  const r = await replica.call('POST', '/api/v1/auth/login', {
    body: { email, password },
    headers: ip ? { 'x-forwarded-for': ip } : {},
  });
  expect(r.status, `login ${email} on ${replica.name}: ${JSON.stringify(r.body)}`).to.equal(200);
  return r.body as Tokens;
}

async function expectMe(replica: Replica, token: string, status: number, what: string): Promise<void> {
  const r = await replica.call('GET', ME, { token });
  expect(r.status, `${what}: GET me on ${replica.name} ${JSON.stringify(r.body)}`).to.equal(status);
}

/**
 * Polls `replica` with GET me back to back from `from` (when the ending answer arrived) until
 * 200 ms after its first 401 (at most `maxMs`); returns the first 401's delay and the replies.
 */
async function pollUntilRefused(replica: Replica, token: string, from: number, maxMs = 2000) {
  const replies: Reply[] = [];
  let first401: Reply | null = null;
  while (performance.now() - from < maxMs) {
    const r = await replica.call('GET', ME, { token });
    replies.push(r);
    if (r.status === 401 && !first401) first401 = r;
    if (first401 && r.receivedAt - first401.receivedAt > 200) break;
  }
  return { replies, first401, delayMs: first401 ? first401.receivedAt - from : Infinity };
}

/** B refused the token within 100 ms of `from`, answered nothing but 200/401, and no 200 after the 401. */
function expectRefusedWithin100ms(what: string, polled: Awaited<ReturnType<typeof pollUntilRefused>>): void {
  const { replies, first401, delayMs } = polled;
  expect(first401, `${what}: B never answered 401 (${replies.map((r) => r.status).join(',')})`).to.not.equal(
    null,
  );
  expect(first401!.body?.error?.code, what).to.be.oneOf(['SESSION_REVOKED', 'INVALID_TOKEN']);
  expect(delayMs, `${what}: ms from A's answer to B's first 401`).to.be.below(100);
  const after = replies.slice(replies.indexOf(first401!));
  expect(
    after.filter((r) => r.status !== 401).map((r) => r.status),
    `${what}: answers of B after its first 401`,
  ).to.deep.equal([]);
  expect(replies.filter((r) => r.status !== 200 && r.status !== 401).map((r) => r.status)).to.deep.equal([]);
  note(`${what}: B refused ${round(delayMs)} ms after A answered; ${replies.length} polls`);
}

/** `/ready`'s checks.sessionListener (undefined while the field does not exist). */
async function listenerState(replica: Replica): Promise<{ status: number; state: unknown }> {
  const r = await replica.call('GET', '/ready', { timeoutMs: 5000 });
  return { status: r.status, state: r.body?.checks?.sessionListener };
}

/** Stops a postmaster left running on `pgdata` (a test that failed midway). */
async function killPostmaster(pgdata: string): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const [signal, waitMs] of [
    ['SIGINT', 5000],
    ['SIGKILL', 2000],
  ] as const) {
    if (!alive()) return;
    process.kill(pid, signal);
    for (const end = performance.now() + waitMs; alive() && performance.now() < end;) await sleep(50);
  }
}

describe('replicas: two API processes on one PostgreSQL (end to end)', function () {
  this.timeout(60_000);
  let set: ReplicaSet;
  let A: Replica;
  let B: Replica;
  let dir: string;
  let pgPort: number;
  let postgres: EmbeddedPostgresHandle | null = null;
  let users = 0;
  /** A member created through the repositories, with its own email. */
  const newUser = async (label: string) => {
    users += 1;
    const email = `${label}-${users}@example.com`;
    const id = await set.addUser(email, PASSWORD);
    return { id, email };
  };

  before(async function () {
    this.timeout(90_000);
    const t0 = performance.now();
    // A PostgreSQL of this suite's own: the last test stops and restarts it.
    dir = await mkdtemp(path.join(tmpdir(), 'nimbus-replicas-pg-'));
    // mkdtemp makes the folder 700; PostgreSQL, run as root, drops to a user that must traverse it.
    await chmod(dir, 0o711);
    pgPort = await freePort();
    postgres = await startEmbeddedPostgres({ directory: dir, port: pgPort, unsafeFast: true });
    const pgMs = performance.now() - t0;
    set = await startReplicas({
      count: 2,
      databaseUrl: postgres.connectionString,
      env: {
        // Replays are told from races only by the grace window: none here.
        NIMBUS_REFRESH_GRACE: '0',
        NIMBUS_MAX_SESSIONS_PER_USER: '3',
        NIMBUS_ON_SESSION_LIMIT: 'evict-oldest',
        // Behind a (pretend) proxy: X-Forwarded-For tells clients apart, so parallel logins of
        // one user from 20 devices are not throttled as one client.
        NIMBUS_TRUST_PROXY: 'loopback',
      },
    });
    [A, B] = set.replicas as [Replica, Replica];
    note(
      `PostgreSQL ready in ${round(pgMs)} ms; 2 replicas spawned and ready ` +
        `${round(performance.now() - t0 - pgMs)} ms later`,
    );
  });

  after(async function () {
    this.timeout(30_000);
    await set?.stop().catch(() => undefined);
    // Also when `before` timed out while the replicas were still starting (then `set` is unset).
    await stopAllReplicas();
    await postgres?.stop().catch(() => undefined);
    if (dir) {
      await killPostmaster(path.join(dir, 'pgdata'));
      await rm(dir, { recursive: true, force: true });
    }
  });

  afterEach(function () {
    if (this.currentTest?.state !== 'failed' || !set) return;
    for (const r of set.replicas) {
      // The object store is unreachable on purpose (see replicas.ts): not worth showing.
      const bad = r.logs.filter((l) => /"level":(50|60)/.test(l) && !l.includes('object store')).slice(-5);
      if (bad.length) note(`${r.name} error log lines:\n${bad.join('\n')}`);
    }
  });

  describe('a session ended through A is refused by B within 100 ms', () => {
    it('revoke (DELETE /api/v1/auth/sessions/:id)', async () => {
      const u = await newUser('revoke');
      const victim = await login(A, u.email);
      const actor = await login(A, u.email);
      await expectMe(B, victim.accessToken, 200, 'before the revoke');
      const revoked = await A.call('DELETE', `/api/v1/auth/sessions/${victim.sessionId}`, {
        token: actor.accessToken,
      });
      expect(revoked.status, JSON.stringify(revoked.body)).to.equal(204);
      expectRefusedWithin100ms('revoke', await pollUntilRefused(B, victim.accessToken, revoked.receivedAt));
      await expectMe(A, victim.accessToken, 401, 'on A after the revoke');
      await expectMe(B, actor.accessToken, 200, 'the other session on B');
    });

    it('logout (POST /api/v1/auth/logout)', async () => {
      const u = await newUser('logout');
      const s = await login(A, u.email);
      await expectMe(B, s.accessToken, 200, 'before the logout');
      const out = await A.call('POST', '/api/v1/auth/logout', { token: s.accessToken });
      expect(out.status, JSON.stringify(out.body)).to.equal(204);
      expectRefusedWithin100ms('logout', await pollUntilRefused(B, s.accessToken, out.receivedAt));
      const refresh = await B.call('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: s.refreshToken },
      });
      expect(refresh.status).to.equal(401);
    });

    it('sign out everywhere else (DELETE /api/v1/auth/sessions)', async () => {
      const u = await newUser('others');
      const victim = await login(A, u.email);
      const actor = await login(A, u.email);
      await expectMe(B, victim.accessToken, 200, 'before signing out the others');
      const out = await A.call('DELETE', '/api/v1/auth/sessions', { token: actor.accessToken });
      expect(out.status, JSON.stringify(out.body)).to.equal(200);
      expect(out.body).to.deep.equal({ count: 1 });
      expectRefusedWithin100ms(
        'sign out others',
        await pollUntilRefused(B, victim.accessToken, out.receivedAt),
      );
      await expectMe(B, actor.accessToken, 200, 'the caller on B');
    });

    it('password change (POST /api/v1/auth/password)', async () => {
      const u = await newUser('password');
      const victim = await login(A, u.email);
      const actor = await login(A, u.email);
      await expectMe(B, victim.accessToken, 200, 'before the password change');
      const changed = await A.call('POST', '/api/v1/auth/password', {
        token: actor.accessToken,
        body: { currentPassword: PASSWORD, newPassword: `${PASSWORD}-new` },
      });
      expect(changed.status, JSON.stringify(changed.body)).to.equal(204);
      expectRefusedWithin100ms(
        'password change',
        await pollUntilRefused(B, victim.accessToken, changed.receivedAt),
      );
      await expectMe(B, actor.accessToken, 200, 'the caller on B');
    });

    it('refresh-token reuse after the grace window (refreshGrace 0)', async () => {
      const u = await newUser('reuse');
      const s = await login(A, u.email);
      await expectMe(B, s.accessToken, 200, 'before the rotation');
      const rotated = await A.call('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: s.refreshToken },
      });
      expect(rotated.status, JSON.stringify(rotated.body)).to.equal(200);
      const next = rotated.body as Tokens;
      await expectMe(B, next.accessToken, 200, 'the rotated access token');
      await sleep(20);
      const replay = await A.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } });
      expect(replay.status, JSON.stringify(replay.body)).to.equal(401);
      expect(replay.body.error.code).to.equal('SESSION_REVOKED');
      expectRefusedWithin100ms(
        'refresh reuse',
        await pollUntilRefused(B, next.accessToken, replay.receivedAt),
      );
      await expectMe(B, s.accessToken, 401, 'the first access token');
      const successor = await B.call('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: next.refreshToken },
      });
      expect(successor.status, 'the legitimate successor after the replay').to.equal(401);
      const row = await databaseOf(set.runtime)!
        .db.selectFrom('sessions')
        .select(['revoke_reason'])
        .where('id', '=', s.sessionId)
        .executeTakeFirstOrThrow();
      expect(row.revoke_reason).to.equal('refresh_token_reuse');
    });
  });

  it('20 parallel logins of one user across both replicas never hold more than 3 live sessions', async () => {
    const u = await newUser('limit');
    let counting = true;
    let maxLive = 0;
    let samples = 0;
    const counter = (async () => {
      while (counting) {
        maxLive = Math.max(maxLive, await set.liveSessionCount(u.id));
        samples += 1;
      }
    })();
    const t0 = performance.now();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        set.replicas[i % 2]!.call('POST', '/api/v1/auth/login', {
          body: { email: u.email, password: PASSWORD },
          headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
        }),
      ),
    );
    const burstMs = performance.now() - t0;
    counting = false;
    await counter;
    maxLive = Math.max(maxLive, await set.liveSessionCount(u.id));
    expect(
      replies.map((r) => r.status),
      'evict-oldest: every login succeeds',
    ).to.deep.equal(Array(20).fill(200));
    expect(maxLive, 'most live sessions seen in the database').to.be.at.most(3);
    expect(await set.liveSessionCount(u.id)).to.equal(3);

    // Only the 3 live sessions' access tokens are served, by either replica.
    const liveIds = (
      await databaseOf(set.runtime)!
        .db.selectFrom('sessions')
        .select('id')
        .where('user_id', '=', u.id)
        .where('revoked_at', 'is', null)
        .execute()
    ).map((r) => r.id);
    await sleep(150);
    for (const replica of set.replicas) {
      const served = await Promise.all(
        replies.map((r) => replica.call('GET', ME, { token: r.body.accessToken })),
      );
      const ok = replies.filter((_, i) => served[i]!.status === 200).map((r) => r.body.sessionId as string);
      expect(ok.sort(), `sessions served by ${replica.name}`).to.deep.equal([...liveIds].sort());
      expect(served.filter((r) => r.status !== 200 && r.status !== 401)).to.deep.equal([]);
    }
    note(`20 logins in ${round(burstMs)} ms; ${samples} database samples, at most ${maxLive} live`);
  });

  it('10 failed logins through A: the 11th through B, with the right password, is 429 with Retry-After', async () => {
    const u = await newUser('throttle');
    const ip = '203.0.113.7';
    for (let i = 1; i <= 10; i += 1) {
      const r = await A.call('POST', '/api/v1/auth/login', {
        body: { email: u.email, password: 'not the password' },
        headers: { 'x-forwarded-for': ip },
      });
      expect(r.status, `failure ${i}`).to.equal(401);
    }
    const blocked = await B.call('POST', '/api/v1/auth/login', {
      body: { email: u.email, password: PASSWORD },
      headers: { 'x-forwarded-for': ip },
    });
    expect(blocked.status, JSON.stringify(blocked.body)).to.equal(429);
    expect(blocked.body.error.code).to.equal('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers?.get('retry-after'))).to.be.greaterThan(0);
    expect(blocked.body).to.not.have.any.keys('accessToken', 'refreshToken');
    // The budget is per email and client address: another client of the same user is not blocked.
    await login(B, u.email, PASSWORD, '203.0.113.8');
  });

  describe('session listener loss', () => {
    it('B never answers 200 for a session revoked through A after its listener connection was terminated', async () => {
      const u = await newUser('listener');
      const victim = await login(A, u.email);
      const actor = await login(A, u.email);
      const replies: Reply[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) replies.push(await B.call('GET', ME, { token: victim.accessToken }));
      })();
      try {
        await sleep(200);
        const mine = await backendsOf(set, B);
        const targets = mine ?? (await allBackends(set));
        const terminated = await terminateBackends(set, targets);
        const revoked = await A.call('DELETE', `/api/v1/auth/sessions/${victim.sessionId}`, {
          token: actor.accessToken,
        });
        expect(revoked.status, JSON.stringify(revoked.body)).to.equal(204);
        const revokedAt = revoked.receivedAt;
        await sleep(1500);
        polling = false;
        await poller;

        const before = replies.filter((r) => r.receivedAt < revokedAt);
        const after = replies.filter((r) => r.sentAt > revokedAt);
        expect(before.filter((r) => r.status === 200).length, 'B served the session before').to.be.above(0);
        expect(after.length).to.be.above(5);
        expect(
          after.filter((r) => r.status === 200).map((r) => round(r.sentAt - revokedAt)),
          'requests sent after the revoke answered 200 by B (ms after the revoke)',
        ).to.deep.equal([]);
        expect(after.filter((r) => r.status !== 401 && r.status !== 503).map((r) => r.status)).to.deep.equal(
          [],
        );
        note(
          `listener loss: terminated ${terminated} listener connection(s) ` +
            `(${mine === null ? 'all replicas’: could not tell B’s apart' : 'B’s only'}); ` +
            `B after the revoke: ${after.filter((r) => r.status === 401).length} × 401, ` +
            `${after.filter((r) => r.status === 503).length} × 503`,
        );
      } finally {
        polling = false;
        await poller;
      }
    });

    it('[session listener] /ready reports the listener; it comes back, and revocations reach B within 100 ms again', async () => {
      // Needs the LISTEN/NOTIFY session state: fails until GET /ready carries checks.sessionListener.
      const initial = await listenerState(B);
      expect(initial.state, 'GET /ready checks.sessionListener on B').to.equal('listening');
      const old = (await backendsOf(set, B)) ?? (await allBackends(set));
      expect(old.length, `listener connections (application_name nimbus-session-listener) of B`).to.be.above(
        0,
      );

      const u = await newUser('relisten');
      const victim = await login(A, u.email);
      const actor = await login(A, u.email);
      await expectMe(B, victim.accessToken, 200, 'before the listener loss');

      const t0 = performance.now();
      expect(await terminateBackends(set, old)).to.equal(old.length);
      const states = new Set<unknown>();
      let back = false;
      while (!back && performance.now() - t0 < 15_000) {
        const s = await listenerState(B);
        states.add(s.state);
        const now = (await backendsOf(set, B)) ?? (await allBackends(set));
        back = s.status === 200 && s.state === 'listening' && now.some((pid) => !old.includes(pid));
        if (!back) await sleep(10);
      }
      const backMs = performance.now() - t0;
      expect([...states].filter((s) => s !== 'listening' && s !== 'reconnecting')).to.deep.equal([]);
      expect(back, `B listening again on a new connection (states seen: ${[...states].join(', ')})`).to.equal(
        true,
      );
      note(
        `listener back ${round(backMs)} ms after the termination; ` +
          `states seen: ${[...states].join(' → ')}${states.has('reconnecting') ? '' : ' (reconnecting not caught)'}`,
      );

      const revoked = await A.call('DELETE', `/api/v1/auth/sessions/${victim.sessionId}`, {
        token: actor.accessToken,
      });
      expect(revoked.status).to.equal(204);
      expectRefusedWithin100ms(
        'revoke after the listener came back',
        await pollUntilRefused(B, victim.accessToken, revoked.receivedAt),
      );
    });
  });

  describe('PostgreSQL stopped and started under the replicas (the last test: it restarts the database)', () => {
    it('while PostgreSQL is down B answers 503, never 200 for a session revoked just before; afterwards all works without a restart', async () => {
      const email = 'outage@example.com';
      await set.addUser(email, PASSWORD);
      const kept = await login(A, email);
      const victim = await login(A, email);
      await expectMe(B, kept.accessToken, 200, 'kept, before');
      await expectMe(B, victim.accessToken, 200, 'victim, before');
      const revoked = await A.call('DELETE', `/api/v1/auth/sessions/${victim.sessionId}`, {
        token: kept.accessToken,
      });
      expect(revoked.status).to.equal(204);

      // Stop PostgreSQL right after the revoke answered, polling B all along.
      const replies: { token: 'kept' | 'victim'; reply: Reply }[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const [k, v] = await Promise.all([
            B.call('GET', ME, { token: kept.accessToken }),
            B.call('GET', ME, { token: victim.accessToken }),
          ]);
          replies.push({ token: 'kept', reply: k }, { token: 'victim', reply: v });
        }
      })();
      let stopEnd = 0;
      let downProbes: Reply[];
      try {
        await postgres!.stop();
        postgres = null;
        stopEnd = performance.now();
        await sleep(1500);
        downProbes = await Promise.all([
          A.call('GET', '/ready'),
          B.call('GET', '/ready'),
          B.call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } }),
          B.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: kept.refreshToken } }),
        ]);
      } finally {
        polling = false;
        await poller;
      }

      const victimServed = replies.filter((r) => r.token === 'victim' && r.reply.status === 200);
      expect(
        victimServed.map((r) => round(r.reply.sentAt - revoked.receivedAt)),
        'B served the session revoked before the stop (ms after the revoke)',
      ).to.deep.equal([]);
      const whileDown = replies.filter((r) => r.reply.sentAt > stopEnd);
      expect(whileDown.length).to.be.above(10);
      expect(
        whileDown.filter((r) => r.token === 'kept' && r.reply.status !== 503).map((r) => r.reply.status),
        'B answering me for a live session while PostgreSQL is down',
      ).to.deep.equal([]);
      expect(
        whileDown
          .filter((r) => r.token === 'victim' && ![401, 503].includes(r.reply.status))
          .map((r) => r.reply.status),
      ).to.deep.equal([]);
      for (const r of whileDown.filter((x) => x.reply.status === 503).slice(0, 3)) {
        expect(r.reply.body.error.code).to.equal('SERVICE_UNAVAILABLE');
        expect(r.reply.headers?.get('retry-after')).to.equal('5');
      }
      expect(downProbes.map((r) => r.status)).to.deep.equal([503, 503, 503, 503]);
      const slowest = Math.max(...replies.map((r) => r.reply.ms));
      expect(slowest, 'slowest answer of B during the outage, ms').to.be.below(6000);

      // PostgreSQL back on the same folder and port; the replicas keep running.
      const restartAt = performance.now();
      postgres = await startEmbeddedPostgres({ directory: dir, port: pgPort, unsafeFast: true });
      expect(postgres.owned).to.equal(true);
      let listener: unknown;
      for (const replica of [A, B]) {
        for (const end = performance.now() + 20_000; ;) {
          const s = await listenerState(replica);
          listener = s.state;
          // Once the session listener exists, "recovered" also means it listens again.
          if (s.status === 200 && (s.state === undefined || s.state === 'listening')) break;
          expect(
            performance.now() < end,
            `${replica.name} ready again (sessionListener ${String(s.state)})`,
          ).to.equal(true);
          await sleep(50);
        }
      }
      const recoveredMs = performance.now() - restartAt;

      for (const replica of [A, B]) {
        await expectMe(replica, kept.accessToken, 200, 'kept, after the restart');
        await expectMe(replica, victim.accessToken, 401, 'victim, after the restart');
      }
      const refreshed = await B.call('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: kept.refreshToken },
      });
      expect(refreshed.status, JSON.stringify(refreshed.body)).to.equal(200);
      await expectMe(A, refreshed.body.accessToken, 200, 'rotated on B, used on A');
      const fresh = await login(B, email);
      const again = await A.call('DELETE', `/api/v1/auth/sessions/${fresh.sessionId}`, {
        token: refreshed.body.accessToken,
      });
      expect(again.status).to.equal(204);
      expectRefusedWithin100ms(
        'revoke after the restart',
        await pollUntilRefused(B, fresh.accessToken, again.receivedAt),
      );
      note(
        `outage: ${whileDown.length} requests to B while down (${whileDown.filter((r) => r.reply.status === 503).length} × 503), ` +
          `slowest ${round(slowest)} ms; both replicas ready ${round(recoveredMs)} ms after the restart began` +
          (listener === undefined
            ? ' (no sessionListener check yet)'
            : `, sessionListener ${String(listener)}`),
      );
      for (const r of set.replicas) {
        expect(
          r.logs.filter((l) => /"statusCode":500|"status":500|"code":"INTERNAL_ERROR"/.test(l)),
          `${r.name} 500s`,
        ).to.deep.equal([]);
        expect(r.child.exitCode, `${r.name} still running`).to.equal(null);
      }
    });
  });
});
