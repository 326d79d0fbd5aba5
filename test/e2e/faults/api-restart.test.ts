/**
 * Overview: the API restarted on the same database keeps setup, sessions and login counters (SECURITY F2).
 * Architecture: end-to-end test over the real bootstrap.
 * Dependencies: embedded PostgreSQL, the server bootstrap, the fault-test harness.
 * Concepts: an outage answers 503 (retryable), never 500 and never a hang, and spends no refresh
 *   token; graceful shutdown lets in-flight requests finish and exits 0 within the grace period.
 */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/server.js';
import { ADMIN, SETUP, useCleanups } from '../../support/faults.js';

describe('faults: API restart (F2)', function () {
  this.timeout(60_000);
  const cleanupScope = useCleanups();

  it('F2: an API restart keeps setup state, sessions and login counters', async () => {
    const onCleanup = cleanupScope();
    const firstRun: TestServer = await startTestServer('postgres');
    onCleanup(() => firstRun.close());
    expect((await firstRun.api('POST', '/api/v1/setup/initialize', { body: SETUP })).status).to.equal(201);
    const signedIn = await firstRun.api('POST', '/api/v1/auth/login', { body: ADMIN });
    expect(signedIn.status).to.equal(200);
    const wrong = { email: ADMIN.email, password: 'not the password' };
    // The counter key is email + socket address (trustProxy is off): 127.0.0.1 after a restart too.
    for (let i = 1; i <= 3; i += 1) {
      expect(
        (await firstRun.api('POST', '/api/v1/auth/login', { body: wrong })).status,
        `failure ${i}`,
      ).to.equal(401);
    }
    await firstRun.close();

    const secondRun = await startTestServer('postgres', { keepData: true });
    onCleanup(() => secondRun.close());
    const status = await secondRun.api('GET', '/api/v1/setup/status');
    expect(status.body).to.include({ initialized: true, organizationName: 'Acme Cloud' });
    const again = await secondRun.api('POST', '/api/v1/setup/initialize', { body: SETUP });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('SETUP_ALREADY_COMPLETED');

    const me = await secondRun.api('GET', '/api/v1/auth/me', { token: signedIn.body.accessToken });
    expect(me.status).to.equal(200);
    expect(me.body.email).to.equal(ADMIN.email);
    const refreshed = await secondRun.api('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: signedIn.body.refreshToken },
    });
    expect(refreshed.status).to.equal(200);
    expect(refreshed.body.sessionId).to.equal(signedIn.body.sessionId);
    expect(refreshed.body.refreshToken).to.not.equal(signedIn.body.refreshToken);

    for (let i = 4; i <= 10; i += 1) {
      expect(
        (await secondRun.api('POST', '/api/v1/auth/login', { body: wrong })).status,
        `failure ${i}`,
      ).to.equal(401);
    }
    // The 11th attempt is refused even with the right password: 3 + 7 counted across the restart.
    const blocked = await secondRun.api('POST', '/api/v1/auth/login', { body: ADMIN });
    expect(blocked.status).to.equal(429);
    expect(blocked.body.error.code).to.equal('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers.get('retry-after'))).to.be.greaterThan(0);
  });
});
