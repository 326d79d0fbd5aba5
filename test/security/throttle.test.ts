/**
 * Overview: login throttling on PostgreSQL counters (SECURITY R1-R4, R6).
 * Architecture: security tests through the real composition root on PostgreSQL.
 * Dependencies: the test app harness, the throttling adapter, chai.
 * Concepts: attempts counted per email+IP and per IP before the password is checked; a
 *   success clears the email+IP counter; counters are shared by processes; failures fail closed.
 */
import { expect } from 'chai';
import pg from 'pg';
import { createPostgresLoginThrottle } from '../../src/adapters/throttling/rate-limiter-login-throttle.js';
import { TooManyAttemptsError } from '../../src/domain/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { expectDomainError } from '../support/expect-error.js';
import { addMember, ADMIN, seedSetup, type Seeded } from '../support/seed.js';

describe('login throttling on PostgreSQL', function () {
  this.timeout(60_000);
  let app: TestApp;
  let seeded: Seeded;
  const login = (a: TestApp, email: string, password: string, ip: string) =>
    a.runtime.useCases.login.execute({ email, password, ip });

  beforeEach(async () => {
    app = await createTestApp('postgres');
    seeded = await seedSetup(app);
  });
  afterEach(() => app.close());

  it('blocks the 11th attempt for one email from one IP, even with the right password (R1)', async () => {
    for (let i = 0; i < 10; i++)
      await expectDomainError(login(app, ADMIN.email, 'wrong', '198.51.100.1'), 'INVALID_CREDENTIALS');
    const error = await expectDomainError(
      login(app, ADMIN.email, ADMIN.password, '198.51.100.1'),
      'TOO_MANY_ATTEMPTS',
    );
    const retryAfter = (error as TooManyAttemptsError).retryAfterSeconds;
    expect(retryAfter).to.be.within(1, 900);
    // The same email from another address still works.
    expect((await login(app, ADMIN.email, ADMIN.password, '198.51.100.2')).user.email).to.equal(ADMIN.email);
  });

  it('caps one IP across many emails too (R2)', async () => {
    await app.close();
    app = await createTestApp('postgres', { auth: { throttle: { maxAttemptsPerIp: 15 } } });
    seeded = await seedSetup(app);
    for (let i = 0; i < 15; i++) {
      await expectDomainError(login(app, `user${i}@example.com`, 'x', '198.51.100.9'), 'INVALID_CREDENTIALS');
    }
    await expectDomainError(login(app, ADMIN.email, ADMIN.password, '198.51.100.9'), 'TOO_MANY_ATTEMPTS');
    expect((await login(app, ADMIN.email, ADMIN.password, '198.51.100.10')).user.email).to.equal(ADMIN.email);
  });

  it('throttles unknown and existing emails identically (R3)', async () => {
    await addMember(app, seeded, 'known@example.com', 'known-pw');
    const outcomes: string[][] = [[], []];
    for (const [k, email] of ['known@example.com', 'unknown@example.com'].entries()) {
      for (let i = 0; i < 12; i++) {
        const error = await expectDomainError(
          login(app, email, 'wrong', '198.51.100.3'),
          i < 10 ? 'INVALID_CREDENTIALS' : 'TOO_MANY_ATTEMPTS',
        );
        outcomes[k]!.push(error.code);
      }
    }
    expect(outcomes[0]).to.deep.equal(outcomes[1]);
  });

  it('resets the email+IP counter on a successful login (R4)', async () => {
    for (let i = 0; i < 9; i++)
      await expectDomainError(login(app, ADMIN.email, 'wrong', '198.51.100.4'), 'INVALID_CREDENTIALS');
    await login(app, ADMIN.email, ADMIN.password, '198.51.100.4');
    for (let i = 0; i < 9; i++)
      await expectDomainError(login(app, ADMIN.email, 'wrong', '198.51.100.4'), 'INVALID_CREDENTIALS');
    expect((await login(app, ADMIN.email, ADMIN.password, '198.51.100.4')).user.email).to.equal(ADMIN.email);
  });

  it('shares counters between two back-end processes (two pools) on one database (R6)', async () => {
    const other = await createTestApp('postgres', { keepData: true });
    try {
      for (let i = 0; i < 5; i++)
        await expectDomainError(login(app, ADMIN.email, 'wrong', '198.51.100.5'), 'INVALID_CREDENTIALS');
      for (let i = 0; i < 5; i++)
        await expectDomainError(login(other, ADMIN.email, 'wrong', '198.51.100.5'), 'INVALID_CREDENTIALS');
      await expectDomainError(login(app, ADMIN.email, ADMIN.password, '198.51.100.5'), 'TOO_MANY_ATTEMPTS');
      await expectDomainError(login(other, ADMIN.email, ADMIN.password, '198.51.100.5'), 'TOO_MANY_ATTEMPTS');
    } finally {
      await other.close();
    }
  });

  it('fails closed with SERVICE_UNAVAILABLE when the counter store is unreachable (R6)', async () => {
    const dead = new pg.Pool({
      connectionString: 'postgres://nobody:x@127.0.0.1:1/none',
      connectionTimeoutMillis: 500,
    });
    dead.on('error', () => undefined);
    try {
      const throttle = createPostgresLoginThrottle(dead);
      await expectDomainError(
        throttle.consume({ email: ADMIN.email, ip: '198.51.100.6' }),
        'SERVICE_UNAVAILABLE',
      );
    } finally {
      await dead.end();
    }
  });
});
