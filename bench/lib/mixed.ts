/**
 * Overview: the mixed load (F4): clients each cycling one refresh and five GET /auth/me on their
 *   own session, sign-ins beside them, then the check of which clients lost their session.
 * Architecture: benchmark tooling (outside src/); autocannon drives the cycles (one connection
 *   per client, its requests in order), a node loop the sign-ins.
 * Dependencies: autocannon, the HTTP and API helpers.
 * Concepts: every answer's latency counts (not only the 2xx ones), from autocannon's response
 *   events; sign-ins are an open-loop rate (capped in flight) on members of their own, reported
 *   apart (each costs an argon2id verify); a session is lost when the client's last refresh token
 *   no longer refreshes at the end (checked at once, inside the server's 10 s grace, so a
 *   rotation whose answer the stop cut off is not counted as lost).
 */
import autocannon from 'autocannon';
import type { Session } from './api-server.js';
import { call } from './http.js';

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

export interface MixedLoad {
  readonly base: string;
  readonly sessions: readonly Session[];
  readonly mePerCycle: number;
  readonly durationS: number;
  readonly login: {
    readonly emails: readonly string[];
    readonly password: string;
    readonly perSec: number;
    readonly inFlight: number;
  };
}

export interface MixedFigures {
  readonly clients: number;
  readonly durationS: number;
  readonly mePerCycle: number;
  /** Refresh and me answers (any status) per second. */
  readonly perSec: number;
  readonly okPerSec: number;
  /** 2xx answers of the cycles. */
  readonly ok: number;
  readonly answers: number;
  readonly cycles: number;
  readonly latencyMs: Percentiles;
  readonly statusCodes: Record<string, number>;
  readonly refreshFailures: number;
  readonly errors: number;
  readonly timeouts: number;
  /** 5xx answers of the cycles and the sign-ins together. */
  readonly fiveXx: number;
  readonly logins: {
    readonly targetPerSec: number;
    readonly attempted: number;
    readonly ok: number;
    readonly okPerSec: number;
    readonly notSent: number;
    readonly failed: number;
    readonly statusCodes: Record<string, number>;
    readonly latencyMs: Percentiles;
  };
  readonly sessions: {
    readonly clients: number;
    readonly lost: number;
    readonly checkStatuses: Record<string, number>;
  };
}

const count = (map: Record<string, number>, key: string | number) => {
  map[key] = (map[key] ?? 0) + 1;
};

/** Sign-ins at a fixed rate until `stop()`; one not started when `inFlight` are still open. */
function loginStream(base: string, login: MixedLoad['login']) {
  const statusCodes: Record<string, number> = {};
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  let attempted = 0;
  let notSent = 0;
  let failed = 0;
  const t0 = performance.now();
  const timer = setInterval(
    () => {
      if (pending.size >= login.inFlight) {
        notSent++;
        return;
      }
      const email = login.emails[attempted++ % login.emails.length] ?? '';
      const one = call(base, 'POST', '/api/v1/auth/login', { body: { email, password: login.password } })
        .then((reply) => {
          count(statusCodes, reply.status);
          latencies.push(reply.ms);
        })
        .catch(() => void failed++)
        .finally(() => pending.delete(one));
      pending.add(one);
    },
    Math.max(1, Math.round(1000 / login.perSec)),
  );
  return {
    async stop() {
      clearInterval(timer);
      const seconds = (performance.now() - t0) / 1000;
      await Promise.all(pending);
      const ok = statusCodes['200'] ?? 0;
      return {
        targetPerSec: login.perSec,
        attempted,
        ok,
        okPerSec: ok / seconds,
        notSent,
        failed,
        statusCodes,
        latencyMs: percentiles(latencies),
      };
    },
  };
}

export async function mixedLoad(load: MixedLoad): Promise<MixedFigures> {
  const states = load.sessions.map((s) => ({ access: s.accessToken, refresh: s.refreshToken }));
  const latencies: number[] = [];
  let next = 0;
  let cycles = 0;
  let refreshFailures = 0;
  const logins = loginStream(load.base, load.login);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.base,
        connections: states.length,
        duration: load.durationS,
        timeout: 30,
        setupClient: (client) => {
          const state = states[next++ % states.length] ?? { access: '', refresh: '' };
          const me: autocannon.Request = {
            method: 'GET',
            path: '/api/v1/auth/me',
            setupRequest: (request) => ({
              ...request,
              headers: { ...request.headers, authorization: `Bearer ${state.access}` },
            }),
          };
          client.setRequests([
            {
              method: 'POST',
              path: '/api/v1/auth/refresh',
              headers: { 'content-type': 'application/json' },
              setupRequest: (request) => ({
                ...request,
                body: JSON.stringify({ refreshToken: state.refresh }),
              }),
              onResponse: (status, body) => {
                cycles++;
                if (status !== 200) {
                  refreshFailures++;
                  return;
                }
                const tokens = JSON.parse(body) as { accessToken: string; refreshToken: string };
                state.access = tokens.accessToken;
                state.refresh = tokens.refreshToken;
              },
            },
            ...Array.from({ length: load.mePerCycle }, () => me),
          ]);
        },
      },
      (error: unknown, result: autocannon.Result) => (error ? reject(error as Error) : resolve(result)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const loginFigures = await logins.stop();

  const checkStatuses: Record<string, number> = {};
  const checks = await Promise.all(
    states.map(async (state) => {
      const reply = await call(load.base, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: state.refresh },
      }).catch(() => null);
      count(checkStatuses, reply?.status ?? 'no answer');
      return reply?.status === 200;
    }),
  );

  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = stats.count ?? 0;
  const fiveXx = (codes: Record<string, number>) =>
    Object.entries(codes).reduce((sum, [code, n]) => sum + (code.startsWith('5') ? n : 0), 0);
  const answers = latencies.length;
  return {
    clients: states.length,
    durationS: result.duration,
    mePerCycle: load.mePerCycle,
    perSec: answers / result.duration,
    okPerSec: result['2xx'] / result.duration,
    ok: result['2xx'],
    answers,
    cycles,
    latencyMs: percentiles(latencies),
    statusCodes,
    refreshFailures,
    errors: result.errors,
    timeouts: result.timeouts,
    fiveXx: fiveXx(statusCodes) + fiveXx(loginFigures.statusCodes),
    logins: loginFigures,
    sessions: { clients: states.length, lost: checks.filter((ok) => !ok).length, checkStatuses },
  };
}
