/**
 * Overview: PostgreSQL stopped and restarted under traffic (SECURITY F1).
 * Architecture: end-to-end test over the real bootstrap.
 * Dependencies: embedded PostgreSQL, the server bootstrap, the fault-test harness.
 * Concepts: an outage answers 503 (retryable), never 500 and never a hang, and spends no refresh
 *   token; graceful shutdown lets in-flight requests finish and exits 0 within the grace period.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { TokenServiceToken, type TokenService } from '../../../src/application/index.js';
import { startEmbeddedPostgres } from '../../../src/adapters/persistence/embedded/embedded-postgres-server.js';
import { loadConfig } from '../../../src/bootstrap/config/load-config.js';
import { createLogger } from '../../../src/bootstrap/logger.js';
import { startServer } from '../../../src/bootstrap/server.js';
import { FAST_ARGON2, TEST_SECRET } from '../../support/app.js';
import { databaseOf } from '../../support/postgres.js';
import {
  ADMIN,
  SETUP,
  call,
  freePort,
  tempDir,
  killPostmaster,
  waitFor,
  recordingUncaught,
  round,
  note,
  useCleanups,
} from '../../support/faults.js';

describe('faults: PostgreSQL outage (F1)', function () {
  this.timeout(60_000);
  const cleanupScope = useCleanups();

  it('F1: PostgreSQL stopped mid-traffic: 503s, no token issued or spent, recovery without a restart', async () => {
    const onCleanup = cleanupScope();
    const dir = await tempDir('nimbus-f1-');
    const pgdata = path.join(dir, 'pgdata');
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    onCleanup(() => killPostmaster(pgdata));
    const pgPort = await freePort();
    const first = await startEmbeddedPostgres({ directory: dir, port: pgPort, unsafeFast: true });
    onCleanup(() => first.stop());

    const logs: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const config = loadConfig({
      env: {},
      cwd: '/nonexistent',
      overrides: {
        env: 'test',
        profile: 'external',
        database: { url: first.connectionString },
        // The traffic refreshes far more often than a browser would; that budget is not under test.
        server: { host: '127.0.0.1', port: 0, refreshRateLimit: 1_000_000 },
        metrics: { port: 0 },
        auth: { jwtSecret: TEST_SECRET, argon2: FAST_ARGON2 },
        log: { level: 'warn' },
      },
    });
    const running = await startServer(config, { logger: createLogger('warn', sink), migrations: 'apply' });
    onCleanup(() => running.close());
    const base = running.url;
    const db = databaseOf(running.runtime)!.db;
    const tokens = running.runtime.get<TokenService>(TokenServiceToken);

    expect((await call(base, 'POST', '/api/v1/setup/initialize', { body: SETUP })).status).to.equal(201);
    let logins = 0;
    const login = async () => {
      const r = await call(base, 'POST', '/api/v1/auth/login', { body: ADMIN });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      logins += 1;
      return r.body as { accessToken: string; refreshToken: string; sessionId: string };
    };
    const workers: {
      sessionId: string;
      firstAccess: string;
      access: string;
      refresh: string;
      rotations: number;
    }[] = [];
    for (let i = 0; i < 4; i += 1) {
      const t = await login();
      workers.push({
        sessionId: t.sessionId,
        firstAccess: t.accessToken,
        access: t.accessToken,
        refresh: t.refreshToken,
        rotations: 0,
      });
    }
    // Kept out of the traffic: its refresh token is presented only while PostgreSQL is down.
    const held = await login();

    await recordingUncaught(async (uncaught) => {
      const t0 = performance.now();
      const samples: { start: number; end: number; status: number; code?: string; error?: string }[] = [];
      let traffic = true;
      const loop = async (w: (typeof workers)[number]) => {
        while (traffic) {
          const start = performance.now() - t0;
          const replies = await Promise.all([
            call(base, 'GET', '/api/v1/auth/me', { token: w.access }),
            call(base, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: w.refresh } }),
          ]);
          for (const r of replies) {
            samples.push({
              start,
              end: start + r.ms,
              status: r.status,
              code: r.body?.error?.code,
              error: r.error,
            });
          }
          const rf = replies[1];
          if (rf.status === 200) {
            w.access = rf.body.accessToken;
            w.refresh = rf.body.refreshToken;
            w.rotations += 1;
          } else {
            await sleep(20);
          }
        }
      };
      const loops = Promise.all(workers.map(loop));
      await sleep(1000);
      const stopStart = performance.now() - t0;
      await first.stop();
      const stopEnd = performance.now() - t0;
      await sleep(1500);
      traffic = false;
      await loops;

      // Down, traffic stopped: every database-backed request answers 503 at once.
      const ready = await call(base, 'GET', '/ready');
      expect(ready.status).to.equal(503);
      // The listener is down too: no session is answered from memory until it is back.
      expect(ready.body).to.deep.equal({
        status: 'unavailable',
        checks: { database: 'down', sessionListener: 'reconnecting' },
      });
      const me = await call(base, 'GET', '/api/v1/auth/me', { token: workers[0]!.firstAccess });
      const loginDown = await call(base, 'POST', '/api/v1/auth/login', { body: ADMIN });
      const refreshDown = await call(base, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: held.refreshToken },
      });
      for (const r of [me, loginDown, refreshDown]) {
        expect(r.status, JSON.stringify(r.body)).to.equal(503);
        expect(r.body.error).to.include({ code: 'SERVICE_UNAVAILABLE' });
        expect(r.body.error.traceId).to.be.a('string');
        expect(r.headers?.get('retry-after')).to.equal('5');
      }
      expect(loginDown.body).to.not.have.any.keys('accessToken', 'refreshToken', 'sessionId');
      expect(refreshDown.body).to.not.have.any.keys('accessToken', 'refreshToken');
      expect((await call(base, 'GET', '/live')).status).to.equal(200);
      const slowestProbe = Math.max(ready.ms, me.ms, loginDown.ms, refreshDown.ms);

      // PostgreSQL back on the same folder and port; the API keeps running.
      const restartAt = performance.now();
      const second = await startEmbeddedPostgres({ directory: dir, port: pgPort, unsafeFast: true });
      onCleanup(() => second.stop());
      expect(second.owned).to.equal(true);
      const pgBackMs = performance.now() - restartAt;
      await waitFor(
        async () => (await call(base, 'GET', '/ready')).status === 200,
        10_000,
        '/ready back to 200',
      );
      const readyBackMs = performance.now() - restartAt;

      // The held refresh token was not spent: it is still the session's current one.
      const heldRow = await db
        .selectFrom('sessions')
        .select(['refresh_token_hash', 'generation', 'revoked_at'])
        .where('id', '=', held.sessionId)
        .executeTakeFirstOrThrow();
      expect(heldRow).to.deep.equal({
        refresh_token_hash: tokens.hashToken(held.refreshToken),
        generation: 0,
        revoked_at: null,
      });
      // It works once: it rotates; presented again within the grace window it yields the same
      // successor (no second branch); the successor rotates on.
      const rotated = await call(base, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: held.refreshToken },
      });
      expect(rotated.status, JSON.stringify(rotated.body)).to.equal(200);
      expect(rotated.body.refreshToken).to.not.equal(held.refreshToken);
      const again = await call(base, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: held.refreshToken },
      });
      expect(again.status).to.equal(200);
      expect(again.body.refreshToken).to.equal(rotated.body.refreshToken);
      const onward = await call(base, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: rotated.body.refreshToken },
      });
      expect(onward.status).to.equal(200);

      // Every traffic session survived: its first access token and its latest refresh token work.
      for (const w of workers) {
        expect((await call(base, 'GET', '/api/v1/auth/me', { token: w.firstAccess })).status).to.equal(200);
        const r = await call(base, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: w.refresh } });
        expect(r.status, `session ${w.sessionId}: ${JSON.stringify(r.body)}`).to.equal(200);
      }
      const later = await login();
      expect((await call(base, 'GET', '/api/v1/auth/me', { token: later.accessToken })).status).to.equal(200);

      // No session lost; none opened by the refused login (setup's own session + one per 200 login).
      const rows = await db.selectFrom('sessions').select(['id', 'revoked_at', 'revoke_reason']).execute();
      expect(rows.filter((r) => r.revoked_at !== null)).to.deep.equal([]);
      expect(rows).to.have.length(1 + logins);

      // The traffic: 200 or 503 only, never a hang; 200 before the stop, only 503 once it is down.
      const odd = samples.filter((s) => s.status !== 200 && s.status !== 503);
      expect(odd, JSON.stringify(odd.slice(0, 5))).to.deep.equal([]);
      expect(samples.filter((s) => s.end < stopStart && s.status !== 200)).to.deep.equal([]);
      const whileDown = samples.filter((s) => s.start > stopEnd);
      expect(whileDown.length).to.be.greaterThan(10);
      expect(whileDown.filter((s) => s.status !== 503)).to.deep.equal([]);
      const slowest = Math.max(...samples.map((s) => s.end - s.start));
      expect(slowest).to.be.below(6000);
      expect(logs.filter((l) => /"statusCode":500|"code":"INTERNAL_ERROR"/.test(l))).to.deep.equal([]);
      const first503 = Math.min(...samples.filter((s) => s.status === 503).map((s) => s.end));
      note(
        `F1: ${samples.length} requests in traffic (${samples.filter((s) => s.status === 200).length} × 200, ` +
          `${samples.filter((s) => s.status === 503).length} × 503), ` +
          `${workers.reduce((n, w) => n + w.rotations, 0)} rotations; stopping PostgreSQL took ` +
          `${round(stopEnd - stopStart)} ms, first 503 ${round(first503 - stopStart)} ms after the stop began; ` +
          `slowest request ${round(slowest)} ms, slowest outage probe ${round(slowestProbe)} ms; ` +
          `PostgreSQL back in ${round(pgBackMs)} ms, /ready 200 ${round(readyBackMs)} ms after the restart began`,
      );

      expect(
        uncaught.map((e) => e.message),
        'uncaught exceptions (unhandled pg Client "error" events) while PostgreSQL stopped; ' +
          'a real server process exits on the first one',
      ).to.deep.equal([]);
    });
  });
});
