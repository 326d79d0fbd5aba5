/**
 * Overview: the GraphQL `sessions` query and `revokeSession` mutation over the real server, held
 *   against REST's /api/v1/auth/sessions routes on the same server, in memory and on PostgreSQL.
 * Architecture: end-to-end test of the GraphQL adapter through the server bootstrap.
 * Dependencies: the test server harness, the seed helper, chai.
 * Concepts: the same use cases serve both protocols, so both list the same sessions and refuse
 *   the same ids with the same code (REST's `error.code`, GraphQL's `extensions.code`).
 */
import { expect } from 'chai';
import { kinds } from '../../support/app.js';
import { addMember } from '../../support/seed.js';
import { startTestServer, type TestServer } from '../../support/server.js';

const ADMIN = { email: 'admin@example.com', password: 'correct horse' };
const MEMBER = { email: 'member@example.com', password: 'member horse' };
const SESSION_FIELDS = 'id createdAt lastUsedAt expiresAt absoluteExpiresAt ip userAgent current';

interface Tokens {
  readonly accessToken: string;
  readonly sessionId: string;
}
interface GraphqlError {
  readonly message: string;
  readonly path?: readonly string[];
  readonly extensions?: Record<string, unknown>;
}

for (const kind of kinds) {
  describe(`GraphQL sessions [${kind}]`, function () {
    this.timeout(30_000);
    let s: TestServer;
    let admin: { readonly providerId: string; readonly adminId: string };
    beforeEach(async () => {
      s = await startTestServer(kind);
      const res = await s.api('POST', '/api/v1/setup/initialize', {
        body: { adminEmail: ADMIN.email, adminPassword: ADMIN.password, organizationName: 'Acme Cloud' },
      });
      expect(res.status).to.equal(201);
      admin = { providerId: res.body.provider.id, adminId: res.body.admin.id };
    });
    afterEach(() => s.close());

    const login = async (who: typeof ADMIN, userAgent: string): Promise<Tokens> => {
      const res = await s.api('POST', '/api/v1/auth/login', {
        body: who,
        headers: { 'user-agent': userAgent },
      });
      expect(res.status).to.equal(200);
      return res.body as Tokens;
    };
    const gql = async (query: string, token?: string, variables?: Record<string, unknown>) => {
      const res = await s.api('POST', '/graphql', { body: { query, variables }, token });
      expect(res.status).to.equal(200);
      return res.body as { data: Record<string, unknown> | null; errors?: GraphqlError[] };
    };
    const revoke = (id: string, token?: string) =>
      gql('mutation ($id: ID!) { revokeSession(id: $id) }', token, { id });
    const codeOf = (body: { errors?: GraphqlError[] }) => body.errors?.[0]?.extensions?.code;

    it('lists the caller’s live sessions with the fields and order REST gives, the current one marked', async () => {
      const laptop = await login(ADMIN, 'laptop-browser');
      const phone = await login(ADMIN, 'phone-browser');
      const { data, errors } = await gql(`{ sessions { ${SESSION_FIELDS} } }`, phone.accessToken);
      expect(errors).to.equal(undefined);
      const rest = await s.api('GET', '/api/v1/auth/sessions', { token: phone.accessToken });
      expect(rest.status).to.equal(200);
      // The setup's own sign-in is a live session too: three in all.
      expect(data?.sessions).to.have.length(3);
      expect(data?.sessions).to.deep.equal(rest.body.sessions);
      const sessions = data!.sessions as { id: string; current: boolean; userAgent: string | null }[];
      expect(sessions.filter((x) => x.current).map((x) => x.id)).to.deep.equal([phone.sessionId]);
      expect(sessions.find((x) => x.id === laptop.sessionId)).to.include({
        current: false,
        userAgent: 'laptop-browser',
      });
    });

    it('revokes one of the caller’s sessions: its token is refused at once, a second revoke is SESSION_NOT_FOUND', async () => {
      const laptop = await login(ADMIN, 'laptop-browser');
      const phone = await login(ADMIN, 'phone-browser');
      const done = await revoke(laptop.sessionId, phone.accessToken);
      expect(done).to.deep.equal({ data: { revokeSession: laptop.sessionId } });

      const refused = await gql('{ me { email } }', laptop.accessToken);
      expect(codeOf(refused)).to.equal('SESSION_REVOKED');
      expect((await s.api('GET', '/api/v1/auth/me', { token: laptop.accessToken })).status).to.equal(401);
      const left = await gql('{ sessions { id } }', phone.accessToken);
      expect((left.data!.sessions as { id: string }[]).map((x) => x.id)).to.not.include(laptop.sessionId);

      const again = await revoke(laptop.sessionId, phone.accessToken);
      expect(again.data).to.equal(null);
      expect(again.errors![0]).to.deep.include({ path: ['revokeSession'] });
      expect(codeOf(again)).to.equal('SESSION_NOT_FOUND');
      const restAgain = await s.api('DELETE', `/api/v1/auth/sessions/${laptop.sessionId}`, {
        token: phone.accessToken,
      });
      expect(restAgain.body.error.code).to.equal(codeOf(again));
    });

    it('refuses another user’s session with the code REST gives, and leaves that session live', async () => {
      await addMember(
        { runtime: s.running.runtime, clock: s.clock, logs: s.logs, close: () => s.close() },
        admin,
        MEMBER.email,
        MEMBER.password,
      );
      const victim = await login(ADMIN, 'admin-browser');
      const member = await login(MEMBER, 'member-browser');

      const theirs = await gql('{ sessions { id current } }', member.accessToken);
      expect(theirs.data).to.deep.equal({ sessions: [{ id: member.sessionId, current: true }] });

      const refused = await revoke(victim.sessionId, member.accessToken);
      const rest = await s.api('DELETE', `/api/v1/auth/sessions/${victim.sessionId}`, {
        token: member.accessToken,
      });
      expect(rest.status).to.equal(404);
      expect(rest.body.error.code).to.equal('SESSION_NOT_FOUND');
      expect(codeOf(refused)).to.equal(rest.body.error.code);
      expect(refused.errors![0]!.message).to.equal(rest.body.error.message);
      expect(codeOf(await gql('{ me { email } }', victim.accessToken))).to.equal(undefined);
    });

    it('refuses a malformed id with VALIDATION_ERROR like REST, and asks for sign-in before that', async () => {
      const me = await login(ADMIN, 'laptop-browser');
      for (const id of ['not-a-uuid', `${me.sessionId}0`, 'x'.repeat(300)]) {
        const body = await revoke(id, me.accessToken);
        expect(body.errors![0]!.extensions, id).to.deep.equal({
          code: 'VALIDATION_ERROR',
          issues: [{ field: 'id', message: 'must be a session id (a UUID)' }],
        });
        const rest = await s.api('DELETE', `/api/v1/auth/sessions/${encodeURIComponent(id)}`, {
          token: me.accessToken,
        });
        expect(rest.body.error.code).to.equal('VALIDATION_ERROR');
        expect(rest.body.error.details).to.deep.equal(body.errors![0]!.extensions!.issues);
      }
      expect(codeOf(await revoke('not-a-uuid'))).to.equal('UNAUTHENTICATED');
      expect(codeOf(await gql('{ sessions { id } }'))).to.equal('UNAUTHENTICATED');
      expect(codeOf(await gql('{ me { email } }', me.accessToken))).to.equal(undefined);
    });
  });
}
