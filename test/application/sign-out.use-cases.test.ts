/**
 * Overview: signing out (Logout, RevokeSession) on use cases built with plain constructors over
 *   the in-memory adapters: no container, no runtime, no database.
 * Architecture: use-case tests; the pattern for a new use case's own tests (the contract suites
 *   prove the in-memory adapters behave as the PostgreSQL ones).
 * Dependencies: the use cases, the in-memory persistence and throttle adapters, the argon2 and
 *   JWT adapters, a fake clock, chai.
 * Concepts: a session ended by its owner or an operator stops its access token at once; another
 *   user's session is "not found", never "forbidden".
 */
import { expect } from 'chai';
import {
  GetCurrentUser,
  InitializeSetup,
  ListSessions,
  Login,
  Logout,
  RevokeSession,
  SessionIssuer,
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
import { FAST_ARGON2, TEST_SECRET } from '../support/app.js';
import { expectDomainError } from '../support/expect-error.js';
import { FakeClock } from '../support/fake-clock.js';

const SETTINGS: AuthSettings = {
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 7 * 86400,
  sessionMaxLifetimeSeconds: 30 * 86400,
  refreshGraceSeconds: 10,
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
  return {
    setup: new InitializeSetup(uow, repos, hasher, ids, clock, issuer, tokens, SETTINGS),
    login: new Login(uow, repos, hasher, createMemoryLoginThrottle(), clock, issuer),
    me: new GetCurrentUser(new InMemoryLiveSessions(db), tokens, clock),
    logout: new Logout(uow, clock),
    revoke: new RevokeSession(uow, clock),
    list: new ListSessions(repos, clock, SETTINGS),
  };
}

describe('signing out, on use cases built with plain constructors', () => {
  let uc: ReturnType<typeof build>;
  const signIn = () => uc.login.execute({ ...ADMIN, ip: '203.0.113.7', userAgent: 'mocha' });

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

  it('Logout ends only the caller session: its access token is refused at once, the other still works', async () => {
    const [a, b] = [await signIn(), await signIn()];
    const caller = await uc.me.execute({ accessToken: a.tokens.accessToken });
    await uc.logout.execute({ sessionId: caller.sessionId });
    await expectDomainError(uc.me.execute({ accessToken: a.tokens.accessToken }), 'SESSION_REVOKED');
    expect((await uc.me.execute({ accessToken: b.tokens.accessToken })).user.email).to.equal(ADMIN.email);
    await expectDomainError(uc.logout.execute({ sessionId: caller.sessionId }), 'SESSION_REVOKED');
  });

  it("RevokeSession answers not found for another user's session and for an ended one; an operator may end any", async () => {
    const session = await signIn();
    const { sessionId, user } = await uc.me.execute({ accessToken: session.tokens.accessToken });
    await expectDomainError(uc.revoke.execute({ sessionId, ownerId: 'someone-else' }), 'SESSION_NOT_FOUND');
    expect(await uc.list.execute({ userId: user.id, currentSessionId: sessionId })).to.have.length(1);
    await uc.revoke.execute({ sessionId, ownerId: null });
    await expectDomainError(uc.me.execute({ accessToken: session.tokens.accessToken }), 'SESSION_REVOKED');
    await expectDomainError(uc.revoke.execute({ sessionId, ownerId: user.id }), 'SESSION_NOT_FOUND');
    expect(await uc.list.execute({ userId: user.id, currentSessionId: null })).to.deep.equal([]);
  });
});
