/**
 * Overview: HTTP load with autocannon (the slow, stateful paths: login, refresh), reduced to the
 *   figures the report needs, and the per-connection refresh-token chains of the refresh scenario.
 * Architecture: benchmark tooling (outside src/).
 * Dependencies: autocannon.
 * Concepts: only 2xx responses count as throughput; refresh rotation spends every token, so each
 *   connection sends the token the previous response returned (its own chain).
 */
import autocannon from 'autocannon';

export interface LoadFigures {
  readonly connections: number;
  readonly durationS: number;
  /** 2xx responses per second: the figure compared with targets and baselines. */
  readonly okPerSec: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
  readonly statusCodes: Record<string, number>;
  /** The load generator and its settings. */
  readonly tool?: string;
}

export async function runLoad(options: autocannon.Options): Promise<LoadFigures> {
  const result = await autocannon({ timeout: 30, ...options });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = stats.count ?? 0;
  return {
    connections: result.connections,
    durationS: result.duration,
    okPerSec: result['2xx'] / result.duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    statusCodes,
    tool: `autocannon -c${result.connections}`,
  };
}

/**
 * Two runs of one load as one figure: rates from the summed counts and time; latency
 * percentiles are the two runs' means (their histograms are not kept), max the larger.
 */
export function combine(a: LoadFigures, b: LoadFigures): LoadFigures {
  const statusCodes = { ...a.statusCodes };
  for (const [code, count] of Object.entries(b.statusCodes))
    statusCodes[code] = (statusCodes[code] ?? 0) + count;
  const mean = (x: number, y: number) => (x + y) / 2;
  return {
    connections: a.connections,
    durationS: a.durationS + b.durationS,
    okPerSec: (a.ok + b.ok) / (a.durationS + b.durationS),
    ok: a.ok + b.ok,
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
    latencyMs: {
      p50: mean(a.latencyMs.p50, b.latencyMs.p50),
      p90: mean(a.latencyMs.p90, b.latencyMs.p90),
      p99: mean(a.latencyMs.p99, b.latencyMs.p99),
      max: Math.max(a.latencyMs.max, b.latencyMs.max),
    },
    statusCodes,
    ...(a.tool ? { tool: a.tool } : {}),
  };
}

export interface RefreshChains {
  readonly setupClient: (client: autocannon.Client) => void;
  /** Chains that broke (a non-200 answer) and were restarted from a spare token. */
  broken(): number;
}

/** Gives each autocannon connection its own refresh token and follows its rotations. */
export function refreshChains(path: string, tokens: readonly string[], connections: number): RefreshChains {
  const spares = tokens.slice(connections);
  let next = 0;
  let broken = 0;
  return {
    broken: () => broken,
    setupClient: (client) => {
      const state = { token: tokens[next++ % connections] ?? '' };
      client.setRequests([
        {
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ refreshToken: state.token }) }),
          onResponse: (status, body) => {
            if (status === 200) {
              state.token = (JSON.parse(body) as { refreshToken: string }).refreshToken;
              return;
            }
            broken++;
            state.token = spares.pop() ?? state.token;
          },
        },
      ]);
    },
  };
}
