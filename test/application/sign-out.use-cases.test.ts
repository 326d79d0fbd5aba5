/**
 * Overview: signing out (Logout, RevokeSession) on use cases built with plain constructors over
 *   the in-memory adapters: no container, no runtime, no database.
 * Architecture: use-case tests; the pattern for a new use case's own tests (the contract suites
 *   prove the in-memory adapters behave as the PostgreSQL ones).
 * Dependencies: the use cases, the in-memory ports (test/support/in-memory-ports.ts), chai.
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
} from '../../src/application/index.js';
import { expectDomainError } from '../support/expect-error.js';
import { inMemoryPorts } from '../support/in-memory-ports.js';

const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

function build() {
  const p = inMemoryPorts();
  return {
    setup: new InitializeSetup(p.uow, p.repos, p.hasher, p.ids, p.clock, p.issuer, p.tokens, p.settings),
    login: new Login(p.uow, p.repos, p.hasher, p.throttle, p.clock, p.issuer),
    me: new GetCurrentUser(p.liveSessions, p.tokens, p.clock),
    logout: new Logout(p.uow, p.clock),
    revoke: new RevokeSession(p.uow, p.clock),
    list: new ListSessions(p.repos, p.clock, p.settings),
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
