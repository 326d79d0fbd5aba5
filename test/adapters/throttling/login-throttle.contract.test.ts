/**
 * Overview: the LoginThrottle contract, run against the in-memory adapter and the PostgreSQL one
 *   (rate-limiter-flexible on the shared test PostgreSQL), plus PostgreSQL's own promises: the
 *   counters are shared by API processes, and a store that is down fails closed.
 * Architecture: adapter contract tests.
 * Dependencies: both LoginThrottle adapters, the test PostgreSQL, pg, chai.
 * Concepts: each test counts on its own addresses, so tests never see each other's counters.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import type { LoginAttempt, LoginThrottle } from '../../../src/application/index.js';
import { ServiceUnavailableError, TooManyAttemptsError } from '../../../src/domain/index.js';
import {
  createMemoryLoginThrottle,
  createPostgresLoginThrottle,
  type LoginThrottleSettings,
} from '../../../src/adapters/throttling/rate-limiter-login-throttle.js';
import { testPostgres } from '../../support/postgres.js';

const SETTINGS: LoginThrottleSettings = { maxAttemptsPerEmailIp: 3, maxAttemptsPerIp: 5, windowSeconds: 60 };

/** A fresh address (documentation range, random last two bytes) and email per call. */
function attempt(ip: string | null = freshIp()): LoginAttempt {
  return { email: `u-${randomUUID()}@example.com`, ip };
}
function freshIp(): string {
  const n = Math.floor(Math.random() * 65_536);
  return `198.51.${n >> 8}.${n & 255}`;
}

async function consumeTimes(throttle: LoginThrottle, a: LoginAttempt, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await throttle.consume(a);
}

async function refused(promise: Promise<unknown>): Promise<TooManyAttemptsError> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome, 'the attempt over budget is refused').to.be.instanceOf(TooManyAttemptsError);
  return outcome as TooManyAttemptsError;
}

const adapters: { name: string; open(): Promise<{ throttle: LoginThrottle; close(): Promise<void> }> }[] = [
  {
    name: 'memory',
    open: async () => ({ throttle: createMemoryLoginThrottle(SETTINGS), close: async () => {} }),
  },
  {
    name: 'pg',
    async open() {
      const pool = new pg.Pool({ connectionString: (await testPostgres()).url, max: 4 });
      return { throttle: createPostgresLoginThrottle(pool, SETTINGS), close: () => pool.end() };
    },
  },
];

for (const adapter of adapters) {
  describe(`LoginThrottle contract: ${adapter.name}`, function () {
    this.timeout(30_000);
    let throttle: LoginThrottle;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ throttle, close } = await adapter.open());
    });
    afterEach(() => close());

    it('allows the email+address budget, then refuses with a wait within the window', async () => {
      const a = attempt();
      await consumeTimes(throttle, a, SETTINGS.maxAttemptsPerEmailIp);
      const error = await refused(throttle.consume(a));
      expect(error.retryAfterSeconds).to.be.within(1, SETTINGS.windowSeconds);
    });

    it('counts each email separately from one address, until the address budget is spent', async () => {
      const ip = freshIp();
      const first = attempt(ip);
      await consumeTimes(throttle, first, SETTINGS.maxAttemptsPerEmailIp);
      await refused(throttle.consume(first));
      // The refused attempt counted against the address too: 4 of its 5 points are spent.
      await throttle.consume(attempt(ip));
      await refused(throttle.consume(attempt(ip)));
      // Another address is untouched.
      await throttle.consume(attempt());
    });

    it('clears the email+address counter and gives the address its point back on reset', async () => {
      const ip = freshIp();
      const a = attempt(ip);
      await consumeTimes(throttle, a, SETTINGS.maxAttemptsPerEmailIp);
      await throttle.reset(a);
      // The full email+address budget again; the address has 5 - 3 + 1 = 3 points left.
      await consumeTimes(throttle, a, SETTINGS.maxAttemptsPerEmailIp);
      await refused(throttle.consume(attempt(ip)));
    });

    it('names the spent budget and one window id for all its refusals; the address budget wins once spent', async () => {
      const ip = freshIp();
      const a = attempt(ip);
      await consumeTimes(throttle, a, SETTINGS.maxAttemptsPerEmailIp);
      const byEmail = [await refused(throttle.consume(a)), await refused(throttle.consume(a))];
      expect(byEmail.map((e) => e.budget?.scope)).to.deep.equal(['per_email_ip', 'per_email_ip']);
      expect(byEmail[0]!.budget?.window).to.be.a('string').and.equal(byEmail[1]!.budget?.window);
      // Another email from the same address has its own email+address budget...
      const other = attempt(ip);
      expect(await refused(throttle.consume(other)).then((e) => e.budget?.scope)).to.equal('per_ip');
      // ...but the address's 5 points are spent: every email from it now shares one window id.
      const sprayed = [await refused(throttle.consume(attempt(ip))), await refused(throttle.consume(a))];
      expect(sprayed.map((e) => e.budget?.scope)).to.deep.equal(['per_ip', 'per_ip']);
      expect(sprayed[0]!.budget?.window).to.equal(sprayed[1]!.budget?.window);
      expect(sprayed[0]!.budget?.window).to.not.equal(byEmail[0]!.budget?.window);
      // Another client's refusals are another window.
      const elsewhere = attempt();
      await consumeTimes(throttle, elsewhere, SETTINGS.maxAttemptsPerEmailIp);
      expect((await refused(throttle.consume(elsewhere))).budget?.window).to.not.equal(
        byEmail[0]!.budget?.window,
      );
    });

    it('counts attempts without an address under one shared key', async () => {
      const email = `u-${randomUUID()}@example.com`;
      await consumeTimes(throttle, { email, ip: null }, SETTINGS.maxAttemptsPerEmailIp);
      await refused(throttle.consume({ email, ip: null }));
    });
  });
}

describe('LoginThrottle on PostgreSQL', function () {
  this.timeout(30_000);

  it('shares its counters between API processes', async () => {
    const url = (await testPostgres()).url;
    const pools = [
      new pg.Pool({ connectionString: url, max: 2 }),
      new pg.Pool({ connectionString: url, max: 2 }),
    ];
    try {
      const [a, b] = pools.map((pool) => createPostgresLoginThrottle(pool, SETTINGS));
      const at = attempt();
      await consumeTimes(a!, at, SETTINGS.maxAttemptsPerEmailIp - 1);
      await b!.consume(at);
      await refused(a!.consume(at));
      await refused(b!.consume(at));
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('fails closed when its store is down: no attempt passes uncounted', async () => {
    const pool = new pg.Pool({
      connectionString: 'postgres://nobody:nothing@127.0.0.1:1/none',
      connectionTimeoutMillis: 500,
    });
    try {
      const throttle = createPostgresLoginThrottle(pool, SETTINGS);
      const outcome = await throttle.consume(attempt()).then(
        () => null,
        (error: unknown) => error,
      );
      expect(outcome).to.be.instanceOf(ServiceUnavailableError);
      const reset = await throttle.reset(attempt()).then(
        () => null,
        (error: unknown) => error,
      );
      expect(reset).to.be.instanceOf(ServiceUnavailableError);
    } finally {
      await pool.end();
    }
  });
});
