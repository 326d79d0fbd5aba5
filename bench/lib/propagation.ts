/**
 * Overview: revocation propagation between two replicas: a session is revoked through replica A,
 *   and the time until replica B answers 401 for that session's access token is measured.
 * Architecture: benchmark tooling (outside src/); two API processes on one PostgreSQL, driven
 *   over HTTP one revocation at a time.
 * Dependencies: the HTTP and API helpers.
 * Concepts: before each revocation B answers 200 for the token (so B has seen the session live,
 *   and any cache of B's holds it); the clock starts when A's 204 has arrived (the revocation is
 *   committed) and stops when B's first 401 has arrived, polling B back to back; a 200 from B
 *   after A's 204 is a stale answer; a revocation B has not caught up with within the poll
 *   timeout counts as the timeout.
 */
import type { Session } from './api-server.js';
import { call } from './http.js';
import { percentiles, type Percentiles } from './mixed.js';

export interface PropagationFigures {
  readonly revocations: number;
  readonly latencyMs: Percentiles & { readonly mean: number };
  /** How long A took to answer the revocation itself. */
  readonly revokeMs: Percentiles;
  readonly staleAnswers: number;
  readonly revocationsWithStaleAnswers: number;
  readonly timedOut: number;
  readonly pollTimeoutMs: number;
  readonly polls: number;
}

const ME = '/api/v1/auth/me';

export async function measurePropagation(
  baseA: string,
  baseB: string,
  sessions: readonly Session[],
  pollTimeoutMs: number,
): Promise<PropagationFigures> {
  const latencies: number[] = [];
  const revokeMs: number[] = [];
  let staleAnswers = 0;
  let withStale = 0;
  let timedOut = 0;
  let polls = 0;
  for (const session of sessions) {
    const token = session.accessToken;
    for (let i = 0; i < 2; i++) {
      const seen = await call(baseB, 'GET', ME, { token });
      if (seen.status !== 200) throw new Error(`replica B answered ${seen.status} for a live session`);
    }
    const revoked = await call(baseA, 'DELETE', `/api/v1/auth/sessions/${session.sessionId}`, { token });
    if (revoked.status !== 204)
      throw new Error(
        `replica A answered ${revoked.status} to the revocation: ${JSON.stringify(revoked.json)}`,
      );
    revokeMs.push(revoked.ms);
    const t0 = revoked.receivedAt;
    let stale = 0;
    for (;;) {
      const poll = await call(baseB, 'GET', ME, { token });
      polls++;
      if (poll.status === 401) {
        latencies.push(poll.receivedAt - t0);
        break;
      }
      if (poll.status !== 200) throw new Error(`replica B answered ${poll.status} while polling`);
      stale++;
      if (poll.receivedAt - t0 >= pollTimeoutMs) {
        timedOut++;
        latencies.push(pollTimeoutMs);
        break;
      }
    }
    staleAnswers += stale;
    if (stale > 0) withStale++;
  }
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  return {
    revocations: latencies.length,
    latencyMs: { ...percentiles(latencies), mean },
    revokeMs: percentiles(revokeMs),
    staleAnswers,
    revocationsWithStaleAnswers: withStale,
    timedOut,
    pollTimeoutMs,
    polls,
  };
}
