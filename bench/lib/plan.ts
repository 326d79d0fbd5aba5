/**
 * Overview: what the bench runs: the scenario names `--only` accepts, the load settings of each
 *   scenario, and the member accounts each one signs in with.
 * Architecture: benchmark tooling (outside src/); plain data, read by run.ts and the scenarios.
 * Dependencies: none.
 * Concepts: the server keeps its default session limit (10 per user, evict-oldest) and login
 *   throttling (10 attempts per email+IP, 100 per IP, in flight or failed), so every scenario has
 *   its own members and never holds more than 10 sessions of one member (the login load, which
 *   is meant to evict, excepted) nor more than 10 sign-ins of one member in flight.
 */

export const SCENARIOS = ['startup', 'login', 'refresh', 'live', 'me', 'mixed', 'propagation'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const LOAD = {
  /** Sign-in load: connections, spread over `loginMembers` accounts (4 per account). */
  loginConnections: 16,
  loginMembers: 4,
  argon2Concurrency: 8,
  /** Refresh load: clients, each rotating its own session; 2 spare sessions restart a broken chain. */
  refreshConnections: 8,
  refreshSpares: 2,
  /** wrk for GET /live, GET /api/v1/auth/me and the bare Express baseline: `wrk -t1 -c50`. */
  wrkThreads: 1,
  wrkConnections: 50,
  warmupS: 2,
};

export const MIXED = {
  /** F4: clients, each on its own member and session, cycling refresh + `mePerCycle` × me. */
  clients: 40,
  mePerCycle: 5,
  /** Its duration is `durationFactor` × --duration (30 s by default). */
  durationFactor: 3,
  /** Sign-ins beside the cycles: an open-loop rate over their own members, capped in flight. */
  loginsPerSec: 5,
  loginMembers: 2,
  loginsInFlight: 4,
};

export const PROPAGATION = {
  revocations: 200,
  /** Sessions opened per member (the default per-user limit, so none is evicted). */
  sessionsPerMember: 10,
  /** A revocation replica B has not answered 401 for within this long counts as this long. */
  pollTimeoutMs: 5_000,
};

const member = (group: string, i: number) => `bench-${group}-${i}@example.com`;
const members = (group: string, count: number) =>
  Array.from({ length: count }, (_, i) => member(group, i + 1));

/** Member accounts per scenario (created in the database next to the set-up admin). */
export const MEMBERS = {
  login: members('login', LOAD.loginMembers),
  refresh: members('refresh', 1),
  reader: members('reader', 1),
  mixed: members('mixed', MIXED.clients),
  mixedLogin: members('mixed-login', MIXED.loginMembers),
  revoke: members('revoke', Math.ceil(PROPAGATION.revocations / PROPAGATION.sessionsPerMember)),
};

export function allMembers(): string[] {
  return Object.values(MEMBERS).flat();
}
