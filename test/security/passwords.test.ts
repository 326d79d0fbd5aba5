/**
 * Overview: password hashing (spec task 1.5; SECURITY L1 timing, L2, L3) on the argon2id adapter
 *   and through Login on PostgreSQL.
 * Architecture: security tests of the security adapter and the Login use case.
 * Dependencies: argon2 (to read hash parameters), the adapter, the test app harness, chai.
 * Concepts: OWASP argon2id defaults; unique salts; upgrade of weaker hashes on the next login;
 *   a miss costs a verify too.
 */
import { expect } from 'chai';
import {
  PasswordHasherToken,
  RepositoriesToken,
  type PasswordHasher,
  type Repositories,
} from '../../src/application/index.js';
import { Argon2PasswordHasher } from '../../src/adapters/security/argon2-password-hasher.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { startTestServer } from '../support/server.js';
import { expectDomainError } from '../support/expect-error.js';
import { ADMIN, seedSetup } from '../support/seed.js';

function parameters(hash: string): string {
  return hash.split('$')[3] ?? '';
}

describe('argon2id password hasher', function () {
  this.timeout(30_000);
  const hasher = new Argon2PasswordHasher();

  it('hashes with argon2id, memory 19 MiB, 2 iterations, parallelism 1 by default, with a unique salt (L3)', async () => {
    const a = await hasher.hash('secret');
    const b = await hasher.hash('secret');
    expect(a.startsWith('$argon2id$v=19$')).to.equal(true);
    expect(parameters(a)).to.equal('m=19456,p=1,t=2');
    expect(a).to.not.equal(b);
    expect(await hasher.verify(a, 'secret')).to.equal(true);
    expect(await hasher.verify(a, 'Secret')).to.equal(false);
    expect(await hasher.verify('not-a-hash', 'secret')).to.equal(false);
  });

  it('flags hashes made with weaker parameters for rehashing', async () => {
    const weak = new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    expect(hasher.needsRehash(await weak.hash('x'))).to.equal(true);
    expect(hasher.needsRehash(await hasher.hash('x'))).to.equal(false);
    expect(hasher.needsRehash('$2b$10$bcrypthash')).to.equal(true);
    expect(hasher.needsRehash('$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g')).to.equal(true);
  });

  it('never rehashes a stored hash that is stronger in any cost: lowering the configuration does not weaken it', async () => {
    const stored = await hasher.hash('x'); // m=19456, t=2, p=1
    const lower = [
      { memoryCost: 8192, timeCost: 2, parallelism: 1 },
      { memoryCost: 19456, timeCost: 1, parallelism: 1 },
      // Mixed: more iterations but less memory is not an upgrade either.
      { memoryCost: 8192, timeCost: 4, parallelism: 1 },
    ];
    for (const params of lower)
      expect(new Argon2PasswordHasher(params).needsRehash(stored), JSON.stringify(params)).to.equal(false);
    const higher = new Argon2PasswordHasher({ memoryCost: 19456, timeCost: 3, parallelism: 1 });
    expect(higher.needsRehash(stored)).to.equal(true);
  });

  it('builds the dummy hash in prepare(), so no miss pays for it', async () => {
    const fresh = new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    let hashes = 0;
    const hash = fresh.hash.bind(fresh);
    fresh.hash = (password: string) => {
      hashes++;
      return hash(password);
    };
    await fresh.prepare();
    await fresh.prepare();
    expect(hashes).to.equal(1);
    expect(await fresh.verify(null, 'anything')).to.equal(false);
    expect(hashes).to.equal(1);
  });

  it('spends a real verify on a miss, so a miss takes about as long as a hit (L1)', async () => {
    const hash = await hasher.hash('secret');
    await hasher.verify(null, 'warm-up');
    // Interleaved, so that load on the machine weighs on both sides alike.
    let hit = 0;
    let miss = 0;
    for (let i = 0; i < 10; i++) {
      let t0 = performance.now();
      await hasher.verify(hash, 'wrong');
      hit += performance.now() - t0;
      t0 = performance.now();
      await hasher.verify(null, 'wrong');
      miss += performance.now() - t0;
    }
    expect(await hasher.verify(null, 'secret')).to.equal(false);
    expect(miss / hit).to.be.within(0.5, 2);
  });
});

describe('password hashes through Login [postgres]', function () {
  this.timeout(30_000);
  let app: TestApp;
  afterEach(() => app.close());

  it('upgrades a hash made with weaker parameters on the next successful login (L3)', async () => {
    app = await createTestApp('postgres'); // fast (weak) argon2 parameters
    await seedSetup(app);
    const weakHash = (await app.runtime.get<Repositories>(RepositoriesToken).users.findByEmail(ADMIN.email))!
      .passwordHash;
    expect(parameters(weakHash)).to.equal('m=1024,p=1,t=1');
    await app.close();

    app = await createTestApp('postgres', {
      keepData: true,
      auth: { argon2: { memoryKiB: 19456, iterations: 2, parallelism: 1 } },
    });
    const repos = app.runtime.get<Repositories>(RepositoriesToken);
    await expectDomainError(
      app.runtime.useCases.login.execute({ email: ADMIN.email, password: 'wrong' }),
      'INVALID_CREDENTIALS',
    );
    expect((await repos.users.findByEmail(ADMIN.email))!.passwordHash).to.equal(weakHash);
    await app.runtime.useCases.login.execute({ email: ADMIN.email, password: ADMIN.password });
    const upgraded = (await repos.users.findByEmail(ADMIN.email))!.passwordHash;
    expect(parameters(upgraded)).to.equal('m=19456,p=1,t=2');
    expect(
      await app.runtime.get<PasswordHasher>(PasswordHasherToken).verify(upgraded, ADMIN.password),
    ).to.equal(true);
    // And the user still signs in with the upgraded hash.
    await app.runtime.useCases.login.execute({ email: ADMIN.email, password: ADMIN.password });
  });

  it('keeps a stronger stored hash when the configuration is lowered (no downgrade at login)', async () => {
    app = await createTestApp('postgres', {
      auth: { argon2: { memoryKiB: 2048, iterations: 2, parallelism: 1 } },
    });
    await seedSetup(app);
    const repos = () => app.runtime.get<Repositories>(RepositoriesToken);
    const strong = (await repos().users.findByEmail(ADMIN.email))!.passwordHash;
    await app.close();
    app = await createTestApp('postgres', { keepData: true }); // weaker: m=1024, t=1
    await app.runtime.useCases.login.execute({ email: ADMIN.email, password: ADMIN.password });
    expect((await repos().users.findByEmail(ADMIN.email))!.passwordHash).to.equal(strong);
  });

  it('makes the dummy hash when the server starts, not on the first unknown email (L1)', async () => {
    const server = await startTestServer('postgres');
    try {
      const hasher = server.running.runtime.get<PasswordHasher>(PasswordHasherToken);
      let hashes = 0;
      const hash = hasher.hash.bind(hasher);
      hasher.hash = (password: string) => {
        hashes++;
        return hash(password);
      };
      await server.api('POST', '/api/v1/setup/initialize', {
        body: { adminEmail: ADMIN.email, adminPassword: ADMIN.password, organizationName: 'Acme Cloud' },
      });
      hashes = 0;
      const miss = await server.api('POST', '/api/v1/auth/login', {
        body: { email: 'nobody@example.com', password: 'whatever' },
      });
      expect(miss.status).to.equal(401);
      expect(hashes).to.equal(0);
    } finally {
      await server.close();
    }
  });

  it('does no hashing work for an empty or over-long password (L2)', async () => {
    app = await createTestApp('postgres');
    await seedSetup(app);
    const hasher = app.runtime.get<PasswordHasher>(PasswordHasherToken);
    let calls = 0;
    const verify = hasher.verify.bind(hasher);
    hasher.verify = (hash, password) => {
      calls++;
      return verify(hash, password);
    };
    try {
      await expectDomainError(
        app.runtime.useCases.login.execute({ email: ADMIN.email, password: '' }),
        'VALIDATION_ERROR',
      );
      await expectDomainError(
        app.runtime.useCases.login.execute({ email: ADMIN.email, password: 'p'.repeat(1025) }),
        'VALIDATION_ERROR',
      );
      expect(calls).to.equal(0);
      await app.runtime.useCases.login.execute({ email: ADMIN.email, password: ADMIN.password });
      expect(calls).to.equal(1);
    } finally {
      hasher.verify = verify;
    }
  });
});
