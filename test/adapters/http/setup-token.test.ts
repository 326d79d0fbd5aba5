/**
 * Overview: the setup token over HTTP on PostgreSQL (W3, W6): a fixed token, and the `auto`
 *   token issued once and shared by two API processes on one database.
 * Architecture: end-to-end tests of the REST adapter through the server bootstrap.
 * Dependencies: the test server harness, the test PostgreSQL, chai.
 * Concepts: missing or wrong token 403, right token 201, then 409 whatever token is sent; an
 *   auto token is stored as a hash, so the replica that did not issue it accepts it too.
 */
import { expect } from 'chai';
import { createDatabase } from '../../../src/adapters/persistence/kysely/database.js';
import { resetDatabase, testPostgres } from '../../support/postgres.js';
import { startTestServer, type TestServer } from '../../support/server.js';

const SETUP = { adminEmail: 'admin@example.com', adminPassword: 'correct horse', organizationName: 'Acme' };

describe('setup token over HTTP [postgres] (W3, W6)', function () {
  this.timeout(30_000);
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function initialize(s: TestServer, setupToken?: string) {
    return s.api('POST', '/api/v1/setup/initialize', {
      body: setupToken === undefined ? SETUP : { ...SETUP, setupToken },
    });
  }

  it('fixed: missing and wrong are 403, right is 201, then 409 whatever is sent', async () => {
    const s = await startTestServer('postgres', { auth: { setupToken: 'fixed-token-0123456789' } });
    servers.push(s);
    expect((await s.api('GET', '/api/v1/setup/status')).body.setupTokenRequired).to.equal(true);
    for (const token of [undefined, 'wrong-token']) {
      const refused = await initialize(s, token);
      expect(refused.status, String(token)).to.equal(403);
      expect(refused.body.error.code).to.equal('SETUP_TOKEN_INVALID');
    }
    expect((await initialize(s, 'fixed-token-0123456789')).status).to.equal(201);
    for (const token of [undefined, 'wrong-token', 'fixed-token-0123456789']) {
      const again = await initialize(s, token);
      expect(again.status, String(token)).to.equal(409);
      expect(again.body.error.code).to.equal('SETUP_ALREADY_COMPLETED');
    }
  });

  it('auto: one token for both replicas, issued once; the other replica accepts it', async () => {
    const handle = createDatabase({ connectionString: (await testPostgres()).url });
    await resetDatabase(handle);
    await handle.close();
    const a = await startTestServer('postgres', { auth: { setupToken: 'auto' }, keepData: true });
    servers.push(a);
    const b = await startTestServer('postgres', { auth: { setupToken: 'auto' }, keepData: true });
    servers.push(b);
    const token = a.running.setupToken?.token ?? undefined;
    expect(token).to.be.a('string');
    // B found A's token in force: it issued none, and knows when A's expires.
    expect(b.running.setupToken).to.deep.equal({ token: null, expiresAt: a.running.setupToken!.expiresAt });
    // The token is never logged.
    for (const s of [a, b]) expect(s.logs.join('\n')).to.not.include(token!);
    for (const attempt of [undefined, 'wrong-token'])
      expect((await initialize(b, attempt)).status).to.equal(403);
    expect((await initialize(b, token)).status).to.equal(201);
    for (const s of [a, b]) {
      for (const attempt of [undefined, 'wrong-token', token])
        expect((await initialize(s, attempt)).status).to.equal(409);
    }
  });
});
