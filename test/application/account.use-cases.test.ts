/**
 * Overview: ChangePassword and SignOutOtherSessions on use cases built with plain constructors
 *   over the in-memory adapters: the rules the HTTP tests cannot force (races, a caller whose
 *   session ended meanwhile, both fields reported at once).
 * Architecture: use-case tests (the pattern of sign-out.use-cases.test.ts).
 * Dependencies: the use cases, the in-memory ports (test/support/in-memory-ports.ts), chai.
 * Concepts: the caller's session stays, every other one ends; a change only wins over the hash
 *   its current password matched.
 */
import { expect } from 'chai';
import {
  ChangePassword,
  GetCurrentUser,
  InitializeSetup,
  Login,
  RevokeSession,
  SignOutOtherSessions,
} from '../../src/application/index.js';
import { ValidationError } from '../../src/domain/index.js';
import { expectDomainError } from '../support/expect-error.js';
import { inMemoryPorts } from '../support/in-memory-ports.js';

const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

function build() {
  const p = inMemoryPorts();
  return {
    repos: p.repos,
    setup: new InitializeSetup(p.uow, p.repos, p.hasher, p.ids, p.clock, p.issuer, p.tokens, p.settings),
    login: new Login(p.uow, p.repos, p.hasher, p.throttle, p.clock, p.issuer),
    me: new GetCurrentUser(p.liveSessions, p.tokens, p.clock),
    revoke: new RevokeSession(p.uow, p.clock),
    changePassword: new ChangePassword(p.uow, p.repos, p.hasher, p.throttle, p.clock),
    signOutOthers: new SignOutOtherSessions(p.uow, p.clock),
  };
}

describe('ChangePassword and SignOutOtherSessions, on use cases built with plain constructors', () => {
  let uc: ReturnType<typeof build>;
  const signIn = async (password = ADMIN.password) => {
    const { tokens } = await uc.login.execute({ ...ADMIN, password, ip: '203.0.113.7', userAgent: 'mocha' });
    const { user, sessionId } = await uc.me.execute({ accessToken: tokens.accessToken });
    return { accessToken: tokens.accessToken, userId: user.id, sessionId };
  };
  const change = (
    caller: { userId: string; sessionId: string },
    currentPassword: string,
    newPassword: string,
  ) => uc.changePassword.execute({ ...caller, currentPassword, newPassword, ip: '203.0.113.7' });

  beforeEach(async () => {
    uc = build();
    await uc.setup.execute({
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      organizationName: 'Acme Cloud',
      signIn: false,
      ip: null,
      userAgent: null,
    });
  });

  it('SignOutOtherSessions ends every other session, counts them, and keeps the caller', async () => {
    const [caller, a, b] = [await signIn(), await signIn(), await signIn()];
    expect(await uc.signOutOthers.execute(caller)).to.deep.equal({ count: 2 });
    for (const ended of [a, b])
      await expectDomainError(uc.me.execute({ accessToken: ended.accessToken }), 'SESSION_REVOKED');
    expect((await uc.me.execute({ accessToken: caller.accessToken })).sessionId).to.equal(caller.sessionId);
    const stored = await uc.repos.sessions.findById(a.sessionId);
    expect(stored?.revokeReason).to.equal('signed_out_elsewhere');
    expect(await uc.signOutOthers.execute(caller)).to.deep.equal({ count: 0 });
  });

  it('a caller whose own session ended meanwhile ends nothing and changes nothing (SESSION_REVOKED)', async () => {
    const [caller, other] = [await signIn(), await signIn()];
    await uc.revoke.execute({ sessionId: caller.sessionId, ownerId: null });
    await expectDomainError(uc.signOutOthers.execute(caller), 'SESSION_REVOKED');
    await expectDomainError(change(caller, ADMIN.password, 'new password'), 'SESSION_REVOKED');
    expect((await uc.me.execute({ accessToken: other.accessToken })).sessionId).to.equal(other.sessionId);
    await signIn(ADMIN.password); // the old password still works
  });

  it('ChangePassword records why the other sessions ended and reports both bad fields at once', async () => {
    const [caller, other] = [await signIn(), await signIn()];
    const error = await expectDomainError(change(caller, '', 'x'.repeat(1025)), 'VALIDATION_ERROR');
    expect((error as ValidationError).issues.map((i) => i.field)).to.deep.equal([
      'currentPassword',
      'newPassword',
    ]);
    expect(await change(caller, ADMIN.password, 'new password')).to.deep.equal({ endedSessions: 1 });
    expect((await uc.repos.sessions.findById(other.sessionId))?.revokeReason).to.equal('password_changed');
  });

  it('two parallel changes with the same current password: exactly one wins, and its password is the one that works', async () => {
    const caller = await signIn();
    const outcomes = await Promise.allSettled([
      change(caller, ADMIN.password, 'first new password'),
      change(caller, ADMIN.password, 'second new password'),
    ]);
    expect(outcomes.map((o) => o.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
    const lost = outcomes.findIndex((o) => o.status === 'rejected');
    expect(((outcomes[lost] as PromiseRejectedResult).reason as { code: string }).code).to.equal(
      'INVALID_CREDENTIALS',
    );
    const winner = lost === 0 ? 'second new password' : 'first new password';
    const loser = lost === 0 ? 'first new password' : 'second new password';
    await signIn(winner);
    await expectDomainError(signIn(loser), 'INVALID_CREDENTIALS');
  });
});
