/**
 * Overview: ResetPassword on use cases built with plain constructors over the in-memory adapters.
 * Architecture: use-case tests (the pattern of sign-out.use-cases.test.ts).
 * Dependencies: the use cases, the in-memory ports (test/support/in-memory-ports.ts), chai.
 * Concepts: a reset sets the password and ends every session of that user at once (access and
 *   refresh tokens), touching no other user; bad input changes nothing.
 */
import { expect } from 'chai';
import {
  GetCurrentUser,
  InitializeSetup,
  Login,
  RefreshSession,
  ResetPassword,
} from '../../src/application/index.js';
import { expectDomainError } from '../support/expect-error.js';
import { inMemoryPorts } from '../support/in-memory-ports.js';

const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };
const MEMBER = { email: 'member@example.com', password: 'member password' };
const NEW_PASSWORD = 'a brand new passphrase';

function build() {
  const p = inMemoryPorts();
  return {
    repos: p.repos,
    hasher: p.hasher,
    clock: p.clock,
    setup: new InitializeSetup(p.uow, p.repos, p.hasher, p.ids, p.clock, p.issuer, p.tokens, p.settings),
    login: new Login(p.uow, p.repos, p.hasher, p.throttle, p.clock, p.issuer),
    refresh: new RefreshSession(p.uow, p.repos, p.tokens, p.clock, p.issuer, p.settings),
    me: new GetCurrentUser(p.liveSessions, p.tokens, p.clock),
    reset: new ResetPassword(p.uow, p.hasher, p.clock),
  };
}

describe('ResetPassword, on use cases built with plain constructors', () => {
  let uc: ReturnType<typeof build>;

  beforeEach(async () => {
    uc = build();
    const { provider } = await uc.setup.execute({
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      organizationName: 'Acme Cloud',
      signIn: false,
      ip: null,
      userAgent: null,
    });
    const now = uc.clock.now();
    await uc.repos.users.insert({
      id: 'a4b1c2d3-0000-4000-8000-000000000001',
      providerId: provider.id,
      email: MEMBER.email,
      passwordHash: await uc.hasher.hash(MEMBER.password),
      role: 'member',
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
    });
  });

  it("sets the password and ends all of that user's sessions, and only theirs", async () => {
    const [a, b] = [await uc.login.execute(ADMIN), await uc.login.execute(ADMIN)];
    const member = await uc.login.execute(MEMBER);
    uc.clock.advance(5);
    const reset = await uc.reset.execute({ email: ' Admin@Example.com ', newPassword: NEW_PASSWORD });
    expect(reset).to.deep.include({ email: ADMIN.email, sessionsRevoked: 2 });
    expect(reset.at.getTime()).to.equal(uc.clock.now().getTime());
    for (const old of [a, b]) {
      await expectDomainError(uc.me.execute({ accessToken: old.tokens.accessToken }), 'SESSION_REVOKED');
      await expectDomainError(
        uc.refresh.execute({ refreshToken: old.tokens.refreshToken }),
        'SESSION_REVOKED',
      );
    }
    expect((await uc.me.execute({ accessToken: member.tokens.accessToken })).user.email).to.equal(
      MEMBER.email,
    );
    await expectDomainError(uc.login.execute(ADMIN), 'INVALID_CREDENTIALS');
    const fresh = await uc.login.execute({ email: ADMIN.email, password: NEW_PASSWORD });
    expect((await uc.me.execute({ accessToken: fresh.tokens.accessToken })).user.id).to.equal(reset.userId);
  });

  it('refuses an empty password and an unknown email, changing nothing', async () => {
    const session = await uc.login.execute(ADMIN);
    await expectDomainError(uc.reset.execute({ email: ADMIN.email, newPassword: '' }), 'VALIDATION_ERROR');
    await expectDomainError(
      uc.reset.execute({ email: 'nobody@example.com', newPassword: NEW_PASSWORD }),
      'USER_NOT_FOUND',
    );
    expect((await uc.me.execute({ accessToken: session.tokens.accessToken })).user.email).to.equal(
      ADMIN.email,
    );
    expect((await uc.login.execute(ADMIN)).tokens.accessToken).to.be.a('string');
  });
});
