/**
 * Overview: first-run setup (spec task 1.7 service side; SECURITY W1-W4, W6) on both persistence
 *   adapters.
 * Architecture: use-case tests through the real composition root.
 * Dependencies: the test app harness, chai.
 * Concepts: setup completes exactly once and atomically.
 */
import { expect } from 'chai';
import {
  RepositoriesToken,
  UnitOfWorkToken,
  type Repositories,
  type UnitOfWork,
} from '../../src/application/index.js';
import { buildUseCases, portsOf } from '../../src/bootstrap/use-cases.js';
import { createTestApp, kinds, type TestApp } from '../support/app.js';
import { expectDomainError } from '../support/expect-error.js';

const admin = {
  adminEmail: 'Admin@Example.com ',
  adminPassword: 'correct horse',
  organizationName: 'Acme Cloud',
};

for (const kind of kinds) {
  describe(`first-run setup [${kind}]`, function () {
    let app: TestApp;
    beforeEach(async () => (app = await createTestApp(kind)));
    afterEach(() => app.close());

    it('reports setup as not done initially, and login asks for setup (W1)', async () => {
      const status = await app.runtime.useCases.getSetupStatus.execute();
      expect(status.initialized).to.equal(false);
      expect(status.isolationStrategy).to.equal('schema-per-tenant-rls');
      await expectDomainError(
        app.runtime.useCases.login.execute({ email: 'admin@example.com', password: 'x' }),
        'SETUP_REQUIRED',
      );
    });

    it('creates the provider and the admin, marks setup done and signs the admin in', async () => {
      const result = await app.runtime.useCases.initializeSetup.execute(admin);
      expect(result.provider.name).to.equal('Acme Cloud');
      expect(result.admin.email).to.equal('admin@example.com');
      expect(result.admin.role).to.equal('admin');
      expect(result.tokens?.accessToken).to.be.a('string');
      const repos = app.runtime.get<Repositories>(RepositoriesToken);
      expect(await repos.providers.count()).to.equal(1);
      expect((await repos.users.findByEmail('admin@example.com'))?.providerId).to.equal(result.provider.id);
      const status = await app.runtime.useCases.getSetupStatus.execute();
      expect(status).to.include({ initialized: true, organizationName: 'Acme Cloud' });
    });

    it('cannot run twice', async () => {
      await app.runtime.useCases.initializeSetup.execute(admin);
      await expectDomainError(
        app.runtime.useCases.initializeSetup.execute({ ...admin, adminEmail: 'other@example.com' }),
        'SETUP_ALREADY_COMPLETED',
      );
    });

    it('lets the admin log in afterwards', async () => {
      await app.runtime.useCases.initializeSetup.execute(admin);
      const login = await app.runtime.useCases.login.execute({
        email: 'admin@example.com',
        password: 'correct horse',
      });
      expect(login.user.email).to.equal('admin@example.com');
    });

    it('rejects bad input field by field before doing anything', async () => {
      const error = await expectDomainError(
        app.runtime.useCases.initializeSetup.execute({
          adminEmail: 'nope',
          adminPassword: '',
          organizationName: ' ',
        }),
        'VALIDATION_ERROR',
      );
      expect(error.message)
        .to.include('adminEmail')
        .and.include('adminPassword')
        .and.include('organizationName');
      expect((await app.runtime.useCases.getSetupStatus.execute()).initialized).to.equal(false);
    });

    it('is still refused after the admin is deleted (W3)', async () => {
      const result = await app.runtime.useCases.initializeSetup.execute(admin);
      const repos = app.runtime.get<Repositories>(RepositoriesToken);
      expect(await repos.users.softDelete(result.admin.id, new Date())).to.equal(true);
      await expectDomainError(app.runtime.useCases.initializeSetup.execute(admin), 'SETUP_ALREADY_COMPLETED');
    });

    it('leaves nothing behind when the admin insert fails midway, and a retry then succeeds (W4)', async () => {
      const real = app.runtime.get<UnitOfWork>(UnitOfWorkToken);
      const failing: UnitOfWork = {
        run: (work) =>
          real.run((tx) =>
            work({
              ...tx,
              users: {
                ...tx.users,
                insert: async () => {
                  throw new Error('injected failure');
                },
              },
            }),
          ),
      };
      const repos = app.runtime.get<Repositories>(RepositoriesToken);
      const setup = app.runtime.useCases.initializeSetup;
      const r = app.runtime;
      const broken = buildUseCases(
        { ...portsOf(r.container), unitOfWork: failing },
        r.config,
      ).initializeSetup;
      let thrown: unknown;
      await broken.execute(admin).catch((e: unknown) => (thrown = e));
      expect((thrown as Error).message).to.equal('injected failure');
      expect(await repos.providers.count()).to.equal(0);
      expect((await repos.systemConfig.get()).setupCompletedAt).to.equal(null);
      expect(await repos.users.findByEmail('admin@example.com')).to.equal(null);

      await setup.execute(admin);
      expect(await repos.providers.count()).to.equal(1);
    });

    it('lets exactly one of 50 parallel initialisations win (W2)', async function () {
      this.timeout(60_000);
      const setup = app.runtime.useCases.initializeSetup;
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          setup.execute({ ...admin, adminEmail: `admin${i}@example.com` }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).to.have.length(1);
      expect(lost.map((r) => (r.reason as { code?: string }).code)).to.deep.equal(
        Array(49).fill('SETUP_ALREADY_COMPLETED'),
      );
      const repos = app.runtime.get<Repositories>(RepositoriesToken);
      expect(await repos.providers.count()).to.equal(1);
    });
  });
}

describe('first-run setup across a restart [postgres] (W3, F2)', () => {
  it('keeps setup state, and still refuses a second setup, after the back end restarts', async () => {
    const first = await createTestApp('postgres');
    await first.runtime.useCases.initializeSetup.execute(admin);
    await first.close();
    const second = await createTestApp('postgres', { keepData: true });
    try {
      expect((await second.runtime.useCases.getSetupStatus.execute()).initialized).to.equal(true);
      await expectDomainError(
        second.runtime.useCases.initializeSetup.execute(admin),
        'SETUP_ALREADY_COMPLETED',
      );
      const login = await second.runtime.useCases.login.execute({
        email: 'admin@example.com',
        password: 'correct horse',
      });
      expect(login.user.role).to.equal('admin');
    } finally {
      await second.close();
    }
  });
});

describe('first-run setup with a setup token (W6)', () => {
  let app: TestApp;
  beforeEach(
    async () => (app = await createTestApp('memory', { auth: { setupToken: 'one-time-token-123' } })),
  );
  afterEach(() => app.close());

  it('says the token is required, refuses a missing or wrong one and accepts the right one', async () => {
    expect((await app.runtime.useCases.getSetupStatus.execute()).setupTokenRequired).to.equal(true);
    const setup = app.runtime.useCases.initializeSetup;
    await expectDomainError(setup.execute(admin), 'SETUP_TOKEN_INVALID');
    await expectDomainError(
      setup.execute({ ...admin, setupToken: 'one-time-token-124' }),
      'SETUP_TOKEN_INVALID',
    );
    const done = await setup.execute({ ...admin, setupToken: 'one-time-token-123' });
    expect(done.admin.email).to.equal('admin@example.com');
  });

  it('answers SETUP_ALREADY_COMPLETED after setup whatever token is sent (W3)', async () => {
    const setup = app.runtime.useCases.initializeSetup;
    await setup.execute({ ...admin, setupToken: 'one-time-token-123' });
    for (const setupToken of ['one-time-token-123', 'wrong', undefined]) {
      await expectDomainError(setup.execute({ ...admin, setupToken }), 'SETUP_ALREADY_COMPLETED');
    }
  });
});

for (const kind of kinds) {
  describe(`first-run setup with an issued setup token (auto, W6) [${kind}]`, () => {
    let app: TestApp;
    beforeEach(async () => (app = await createTestApp(kind, { auth: { setupToken: 'auto' } })));
    afterEach(() => app.close());

    it('issues one token, keeps it when asked not to replace, and accepts only the one in force', async () => {
      const issue = app.runtime.useCases.issueSetupToken;
      const setup = app.runtime.useCases.initializeSetup;
      const first = await issue.execute({ replace: false });
      expect(first.token).to.be.a('string').with.length.above(20);
      expect(first.expiresAt.getTime() - app.clock.now().getTime()).to.equal(86_400_000);
      const kept = await issue.execute({ replace: false });
      expect(kept).to.deep.equal({ token: null, expiresAt: first.expiresAt });
      expect((await app.runtime.useCases.getSetupStatus.execute()).setupTokenRequired).to.equal(true);
      await expectDomainError(setup.execute(admin), 'SETUP_TOKEN_INVALID');
      await expectDomainError(setup.execute({ ...admin, setupToken: 'wrong' }), 'SETUP_TOKEN_INVALID');

      const second = await issue.execute({ replace: true });
      expect(second.token).to.not.equal(first.token);
      await expectDomainError(setup.execute({ ...admin, setupToken: first.token }), 'SETUP_TOKEN_INVALID');
      await setup.execute({ ...admin, setupToken: second.token });

      for (const setupToken of [second.token, 'wrong', undefined]) {
        await expectDomainError(setup.execute({ ...admin, setupToken }), 'SETUP_ALREADY_COMPLETED');
      }
      await expectDomainError(issue.execute({ replace: true }), 'SETUP_ALREADY_COMPLETED');
      const config = await app.runtime.get<Repositories>(RepositoriesToken).systemConfig.get();
      expect([config.setupTokenHash, config.setupTokenExpiresAt]).to.deep.equal([null, null]);
    });

    it('keeps only a hash of the token, and refuses it once expired', async () => {
      const { token } = await app.runtime.useCases.issueSetupToken.execute({ replace: false });
      const config = await app.runtime.get<Repositories>(RepositoriesToken).systemConfig.get();
      expect(config.setupTokenHash).to.be.a('string').and.not.include(token!);
      app.clock.advance(86_401);
      await expectDomainError(
        app.runtime.useCases.initializeSetup.execute({ ...admin, setupToken: token }),
        'SETUP_TOKEN_INVALID',
      );
      expect((await app.runtime.useCases.issueSetupToken.execute({ replace: false })).token).to.be.a(
        'string',
      );
    });
  });
}
