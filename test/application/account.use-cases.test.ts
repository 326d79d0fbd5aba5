/**
 * Overview: ChangePassword and SignOutOtherSessions on use cases built with plain constructors
 *   over the in-memory adapters: the rules the HTTP tests cannot force (races, a caller whose
 *   session ended meanwhile, both fields reported at once).
 * Architecture: use-case tests (the pattern of sign-out.use-cases.test.ts).
 * Dependencies: the use cases, in-memory adapters, argon2 and JWT adapters, a fake clock, chai.
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
  SessionIssuer,
  SignOutOtherSessions,
  type AuthSettings,
} from '../../src/application/index.js';
import { InMemoryDatabase } from '../../src/adapters/persistence/memory/in-memory-database.js';
import { InMemoryLiveSessions } from '../../src/adapters/persistence/memory/in-memory-live-sessions.js';
import {
  createInMemoryRepositories,
  InMemoryUnitOfWork,
} from '../../src/adapters/persistence/memory/in-memory-unit-of-work.js';
import { Argon2PasswordHasher } from '../../src/adapters/security/argon2-password-hasher.js';
import { JwtTokenService } from '../../src/adapters/security/jwt-token-service.js';
import { UuidIdGenerator } from '../../src/adapters/system/uuid-id-generator.js';
import { createMemoryLoginThrottle } from '../../src/adapters/throttling/rate-limiter-login-throttle.js';
import { ValidationError } from '../../src/domain/index.js';
import { FAST_ARGON2, TEST_SECRET } from '../support/app.js';
import { expectDomainError } from '../support/expect-error.js';
import { FakeClock } from '../support/fake-clock.js';

const SETTINGS: AuthSettings = {
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 7 * 86400,
  refreshGraceSeconds: 10,
  sessionMaxLifetimeSeconds: 30 * 86400,
  sessionPolicy: { maxSessionsPerUser: 10, onLimit: 'evict-oldest' },
  sessionRetentionSeconds: 30 * 86400,
  setupToken: { kind: 'none' },
};
const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

function build() {
  const db = new InMemoryDatabase();
  const clock = new FakeClock(new Date());
  const uow = new InMemoryUnitOfWork(db);
  const repos = createInMemoryRepositories(db);
  const hasher = new Argon2PasswordHasher({
    memoryCost: FAST_ARGON2.memoryKiB,
    timeCost: FAST_ARGON2.iterations,
    parallelism: FAST_ARGON2.parallelism,
  });
  const ids = new UuidIdGenerator();
  const tokens = new JwtTokenService(
    { secret: TEST_SECRET, issuer: 'nimbus', audience: 'nimbus', clockSkewSeconds: 0 },
    clock,
  );
  const issuer = new SessionIssuer(tokens, ids, SETTINGS);
  const throttle = createMemoryLoginThrottle();
  return {
    repos,
    setup: new InitializeSetup(uow, repos, hasher, ids, clock, issuer, tokens, SETTINGS),
    login: new Login(uow, repos, hasher, throttle, clock, issuer),
    me: new GetCurrentUser(new InMemoryLiveSessions(db), tokens, clock),
    revoke: new RevokeSession(uow, clock),
    changePassword: new ChangePassword(uow, repos, hasher, throttle, clock),
    signOutOthers: new SignOutOtherSessions(uow, clock),
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
