/**
 * Overview: the audit trail over HTTP, in memory and on PostgreSQL: every auth decision made
 *   through the API (and by the jobs and the operator's recovery) is one event with the request's
 *   trace id and no secret; a throttled flood stays a row or two; `authEvents` pages without gaps
 *   or duplicates while events are written, and shows a non-admin only their own events.
 * Architecture: end-to-end test of the GraphQL adapter and the REST routes through the server
 *   bootstrap, with a hand-moved clock.
 * Dependencies: the test server harness, the seed helper, the jobs table, chai.
 * Concepts: an event's trace id is the request's X-Trace-ID; "no secret": no password, token or
 *   hash of either appears in any event; the schema is held to the contract the web UI builds to
 *   (/work/auth-events-contract.md, copied below without its comments).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import {
  buildSchema as schemaFromSdl,
  isEnumType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { buildSchema } from 'type-graphql';
import { GRAPHQL_RESOLVERS } from '../../../src/adapters/graphql/index.js';
import { RepositoriesToken, type Repositories } from '../../../src/application/index.js';
import { authEvent, type AuthEventType } from '../../../src/domain/index.js';
import { jobsOf } from '../../../src/bootstrap/jobs.js';
import { kinds, type TestApp } from '../../support/app.js';
import { FakeClock } from '../../support/fake-clock.js';
import { addMember } from '../../support/seed.js';
import { startTestServer, type TestServer, type TestServerOptions } from '../../support/server.js';

const ADMIN = { email: 'admin@example.com', password: 'correct horse' };
const MEMBER = { email: 'member@example.com', password: 'member horse' };
const EVENT_FIELDS = 'id occurredAt type outcome userId email sessionId ip userAgent traceId count detail';

interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly sessionId: string;
}
interface Event {
  readonly id: string;
  readonly occurredAt: string;
  readonly type: AuthEventType;
  readonly outcome: 'SUCCESS' | 'FAILURE';
  readonly userId: string | null;
  readonly email: string | null;
  readonly sessionId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly traceId: string | null;
  readonly count: number;
  readonly detail: string | null;
}
interface Page {
  readonly edges: { readonly cursor: string; readonly node: Event }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}
interface GraphqlError {
  readonly message: string;
  readonly extensions?: Record<string, unknown>;
}

const QUERY = `query ($first: Int, $after: String, $types: [AuthEventType!], $userId: ID) {
  authEvents(first: $first, after: $after, types: $types, userId: $userId) {
    edges { cursor node { ${EVENT_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The GraphQL contract of the auth events, as agreed with the web UI. */
const CONTRACT = `
scalar DateTimeISO
enum AuthEventType {
  SETUP_COMPLETED LOGIN_SUCCEEDED LOGIN_FAILED LOGIN_THROTTLED REFRESH_REUSE_DETECTED LOGOUT
  SESSION_REVOKED SESSION_EVICTED SESSION_EXPIRED PASSWORD_CHANGED PASSWORD_RESET
}
enum AuthEventOutcome { SUCCESS FAILURE }
type AuthEvent {
  id: ID!
  occurredAt: DateTimeISO!
  type: AuthEventType!
  outcome: AuthEventOutcome!
  userId: ID
  email: String
  sessionId: ID
  ip: String
  userAgent: String
  traceId: String
  count: Int!
  detail: String
}
type AuthEventEdge { cursor: String! node: AuthEvent! }
type AuthEventPageInfo { hasNextPage: Boolean! endCursor: String }
type AuthEventConnection { edges: [AuthEventEdge!]! pageInfo: AuthEventPageInfo! }
type Query {
  authEvents(first: Int = 20, after: String, types: [AuthEventType!], userId: ID): AuthEventConnection!
}`;

/** A type's shape without its descriptions: enum values, or fields with their arguments. */
function shape(type: GraphQLNamedType | undefined | null, only?: string): string[] {
  if (isEnumType(type)) return type.getValues().map((v) => v.name);
  if (!isObjectType(type)) return [`not an object or enum: ${String(type)}`];
  return Object.values(type.getFields())
    .filter((f) => only === undefined || f.name === only)
    .map((f) => {
      const args = f.args.map(
        (a) =>
          `${a.name}: ${String(a.type)}${a.defaultValue === undefined ? '' : ` = ${String(a.defaultValue)}`}`,
      );
      return `${f.name}(${args.join(', ')}): ${String(f.type)}`;
    });
}

describe('GraphQL authEvents: the schema is the contract', () => {
  it('has the contract’s types, fields, arguments and defaults, in its order', async () => {
    const ours: GraphQLSchema = await buildSchema({
      resolvers: GRAPHQL_RESOLVERS,
      container: { get: () => ({}) },
      validate: false,
    });
    const contract = schemaFromSdl(CONTRACT);
    for (const name of [
      'AuthEventType',
      'AuthEventOutcome',
      'AuthEvent',
      'AuthEventEdge',
      'AuthEventPageInfo',
      'AuthEventConnection',
    ])
      expect(shape(ours.getType(name)), name).to.deep.equal(shape(contract.getType(name)));
    expect(shape(ours.getQueryType(), 'authEvents')).to.deep.equal(
      shape(contract.getQueryType(), 'authEvents'),
    );
  });
});

for (const kind of kinds) {
  describe(`GraphQL authEvents [${kind}]`, function () {
    this.timeout(60_000);
    let s: TestServer;
    let adminId: string;
    let providerId: string;
    let clock: FakeClock;

    const start = async (options: TestServerOptions = {}) => {
      clock = new FakeClock(new Date());
      s = await startTestServer(kind, { clock, ...options });
      const res = await s.api('POST', '/api/v1/setup/initialize', {
        body: { adminEmail: ADMIN.email, adminPassword: ADMIN.password, organizationName: 'Acme Cloud' },
        headers: { 'x-trace-id': 'trace-setup' },
      });
      expect(res.status).to.equal(201);
      adminId = res.body.admin.id;
      providerId = res.body.provider.id;
      return res.body.tokens as Tokens;
    };
    afterEach(() => s.close());

    const asTestApp = (): TestApp => ({
      runtime: s.running.runtime,
      clock,
      logs: s.logs,
      close: () => s.close(),
    });
    const login = async (who: { email: string; password: string }, trace?: string): Promise<Tokens> => {
      const res = await s.api('POST', '/api/v1/auth/login', {
        body: who,
        headers: { 'user-agent': 'test-browser', ...(trace ? { 'x-trace-id': trace } : {}) },
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return res.body as Tokens;
    };
    const gql = async (
      query: string,
      token?: string,
      variables?: Record<string, unknown>,
      trace?: string,
    ) => {
      const res = await s.api('POST', '/graphql', {
        body: { query, variables },
        token,
        headers: trace ? { 'x-trace-id': trace } : {},
      });
      expect(res.status).to.equal(200);
      return res.body as { data: { authEvents: Page } | null; errors?: GraphqlError[] };
    };
    const page = async (token: string, variables: Record<string, unknown> = {}): Promise<Page> => {
      const body = await gql(QUERY, token, variables);
      expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
      return body.data!.authEvents;
    };
    /** Every event the token may see, newest first, paged through. */
    const all = async (token: string, variables: Record<string, unknown> = {}): Promise<Event[]> => {
      const events: Event[] = [];
      let after: string | null = null;
      for (;;) {
        const p: Page = await page(token, { ...variables, first: 100, after });
        events.push(...p.edges.map((e) => e.node));
        if (!p.pageInfo.hasNextPage) return events;
        after = p.pageInfo.endCursor;
      }
    };
    const codeOf = (body: { errors?: GraphqlError[] }) => body.errors?.[0]?.extensions?.code;

    it('records every decision once, with its request’s trace id, and never a secret', async () => {
      const secrets: string[] = [ADMIN.password];
      const keep = (t: Tokens) => {
        secrets.push(t.accessToken, t.refreshToken);
        return t;
      };
      const setup = keep(await start({ auth: { maxSessionsPerUser: 3, refreshGrace: 0 } }));
      const repos = s.running.runtime.get<Repositories>(RepositoriesToken);
      const later = () => clock.advance(1);

      const l1 = keep(await login(ADMIN, 'trace-login-1'));
      later();
      const bad = await s.api('POST', '/api/v1/auth/login', {
        body: { email: ADMIN.email, password: 'wrong password' },
        headers: { 'x-trace-id': 'trace-login-bad' },
      });
      expect(bad.status).to.equal(401);
      const unknown = await s.api('POST', '/api/v1/auth/login', {
        body: { email: 'nobody@example.com', password: 'whatever' },
      });
      expect(unknown.status).to.equal(401);
      // Refresh twice (not recorded), then replay the first refresh token.
      const r1 = await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: l1.refreshToken } });
      const r2 = await s.api('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: r1.body.refreshToken },
      });
      keep(r1.body);
      keep(r2.body);
      const replay = await s.api('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: l1.refreshToken },
        headers: { 'x-trace-id': 'trace-reuse' },
      });
      expect(replay.body.error.code).to.equal('SESSION_REVOKED');
      later();
      const l2 = keep(await login(ADMIN));
      const l3 = keep(await login(ADMIN));
      expect(
        (
          await s.api('POST', '/api/v1/auth/logout', {
            token: l3.accessToken,
            headers: { 'x-trace-id': 'trace-logout' },
          })
        ).status,
      ).to.equal(204);
      const l4 = keep(await login(ADMIN));
      const rest = await s.api('DELETE', `/api/v1/auth/sessions/${l4.sessionId}`, {
        token: l2.accessToken,
        headers: { 'x-trace-id': 'trace-revoke' },
      });
      expect(rest.status).to.equal(204);
      const l5 = keep(await login(ADMIN));
      const revoked = await gql(
        'mutation ($id: ID!) { revokeSession(id: $id) }',
        l2.accessToken,
        { id: l5.sessionId },
        'trace-gql-revoke',
      );
      expect(revoked.errors).to.equal(undefined);
      const l6 = keep(await login(ADMIN));
      const others = await s.api('DELETE', '/api/v1/auth/sessions', {
        token: l2.accessToken,
        headers: { 'x-trace-id': 'trace-others' },
      });
      expect(others.body).to.deep.equal({ count: 2 }); // the setup's session and l6
      const l7 = keep(await login(ADMIN));
      const NEW = 'a new password';
      secrets.push(NEW);
      const changed = await s.api('POST', '/api/v1/auth/password', {
        token: l2.accessToken,
        body: { currentPassword: ADMIN.password, newPassword: NEW },
        headers: { 'x-trace-id': 'trace-password' },
      });
      expect(changed.status).to.equal(204);
      // At the limit of 3, the least recently used (l2) makes room for l10.
      later();
      const l8 = keep(await login({ email: ADMIN.email, password: NEW }));
      later();
      const l9 = keep(await login({ email: ADMIN.email, password: NEW }));
      later();
      const l10 = keep(await login({ email: ADMIN.email, password: NEW }, 'trace-evicting'));
      // Ten refused attempts for one unknown email (the email+IP budget), then the throttle.
      for (let i = 0; i < 10; i++)
        await s.api('POST', '/api/v1/auth/login', {
          body: { email: 'ghost@example.com', password: `guess ${i}` },
        });
      const throttled = await s.api('POST', '/api/v1/auth/login', {
        body: { email: 'ghost@example.com', password: 'guess' },
        headers: { 'x-trace-id': 'trace-throttled' },
      });
      expect(throttled.status).to.equal(429);
      // The operator's recovery ends l8..l10; two more sign-ins then expire unused.
      const RESET = 'operator set this';
      secrets.push(RESET);
      await s.running.runtime.useCases.resetPassword.execute({ email: ADMIN.email, newPassword: RESET });
      const l11 = keep(await login({ email: ADMIN.email, password: RESET }));
      const l12 = keep(await login({ email: ADMIN.email, password: RESET }));
      clock.advance(8 * 86400); // past the refresh lifetime (7 d)
      const cleanup = jobsOf(s.running.runtime).find((j) => j.name === 'sessionCleanup')!;
      await cleanup.run();
      await cleanup.run();
      const reader = keep(await login({ email: ADMIN.email, password: RESET }, 'trace-reader'));

      const events = await all(reader.accessToken);
      const sessionsOf = (type: AuthEventType) =>
        events
          .filter((e) => e.type === type)
          .map((e) => e.sessionId)
          .sort();
      const sorted = (...t: Tokens[]) => t.map((x) => x.sessionId).sort();
      expect(sessionsOf('SETUP_COMPLETED')).to.deep.equal([setup.sessionId]);
      expect(sessionsOf('LOGIN_SUCCEEDED')).to.deep.equal(
        sorted(l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, reader),
      );
      expect(sessionsOf('REFRESH_REUSE_DETECTED')).to.deep.equal([l1.sessionId]);
      expect(sessionsOf('LOGOUT')).to.deep.equal([l3.sessionId]);
      expect(sessionsOf('SESSION_EVICTED')).to.deep.equal([l2.sessionId]);
      expect(sessionsOf('SESSION_EXPIRED')).to.deep.equal(sorted(l11, l12));
      expect(sessionsOf('PASSWORD_CHANGED')).to.deep.equal([l2.sessionId]);
      expect(sessionsOf('PASSWORD_RESET')).to.deep.equal([null]);
      const detailOf = (t: Tokens) =>
        events
          .filter((e) => e.type === 'SESSION_REVOKED' && e.sessionId === t.sessionId)
          .map((e) => e.detail);
      expect([l4, l5, setup, l6, l7, l8, l9, l10].map(detailOf)).to.deep.equal([
        ['revoked_by_user'],
        ['revoked_by_user'],
        ['signed_out_others'],
        ['signed_out_others'],
        ['password_changed'],
        ['password_reset'],
        ['password_reset'],
        ['password_reset'],
      ]);
      // Every session that ended did so in exactly one event.
      const ends = events.filter((e) =>
        [
          'LOGOUT',
          'SESSION_REVOKED',
          'SESSION_EVICTED',
          'SESSION_EXPIRED',
          'REFRESH_REUSE_DETECTED',
        ].includes(e.type),
      );
      expect(ends.map((e) => e.sessionId).sort()).to.deep.equal(
        sorted(setup, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12),
      );
      const failed = events.filter((e) => e.type === 'LOGIN_FAILED');
      expect(failed).to.have.length(12);
      expect(failed.filter((e) => e.userId === adminId).map((e) => e.traceId)).to.deep.equal([
        'trace-login-bad',
      ]);
      const ghost = events.filter((e) => e.type === 'LOGIN_THROTTLED');
      expect(ghost).to.have.length(1);
      expect(ghost[0]).to.deep.include({
        email: 'ghost@example.com',
        userId: null,
        count: 1,
        outcome: 'FAILURE',
      });

      // The request's trace id is the event's; jobs and the operator leave none.
      for (const [trace, type, sessionId] of [
        ['trace-setup', 'SETUP_COMPLETED', setup.sessionId],
        ['trace-login-1', 'LOGIN_SUCCEEDED', l1.sessionId],
        ['trace-reuse', 'REFRESH_REUSE_DETECTED', l1.sessionId],
        ['trace-logout', 'LOGOUT', l3.sessionId],
        ['trace-revoke', 'SESSION_REVOKED', l4.sessionId],
        ['trace-gql-revoke', 'SESSION_REVOKED', l5.sessionId],
        ['trace-password', 'PASSWORD_CHANGED', l2.sessionId],
        ['trace-throttled', 'LOGIN_THROTTLED', null],
        ['trace-reader', 'LOGIN_SUCCEEDED', reader.sessionId],
      ] as const)
        expect(
          events.filter((e) => e.traceId === trace && e.type === type).map((e) => e.sessionId),
          trace,
        ).to.deep.equal([sessionId]);
      expect(events.filter((e) => e.traceId === 'trace-others')).to.have.length(2);
      expect(
        events.filter((e) => e.traceId === 'trace-evicting').map((e) => [e.type, e.sessionId]),
      ).to.have.deep.members([
        ['SESSION_EVICTED', l2.sessionId],
        ['LOGIN_SUCCEEDED', l10.sessionId],
      ]);
      for (const e of events.filter((x) => ['SESSION_EXPIRED', 'PASSWORD_RESET'].includes(x.type)))
        expect(e.traceId, e.type).to.equal(null);
      expect(events.find((e) => e.type === 'LOGIN_SUCCEEDED')).to.deep.include({
        ip: '127.0.0.1',
        userAgent: 'test-browser',
        email: ADMIN.email,
        count: 1,
      });

      // No password, token, or hash of either, anywhere in any event.
      const user = await repos.users.findById(adminId);
      secrets.push(user!.passwordHash, '$argon2');
      for (const t of [setup, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12]) {
        const stored = await repos.sessions.findById(t.sessionId);
        secrets.push(stored!.refreshTokenHash, stored!.accessTokenId);
      }
      const text = JSON.stringify(events);
      for (const secret of secrets)
        expect(text.includes(secret), `a secret in the events: ${secret.slice(0, 12)}…`).to.equal(false);
    });

    it('keeps a throttled flood to one event per budget and window, counting every refused attempt', async () => {
      await start({ auth: { throttle: { maxAttemptsPerEmailIp: 3, maxAttemptsPerIp: 10 } } });
      const attempt = (email: string) =>
        s.api('POST', '/api/v1/auth/login', { body: { email, password: 'wrong' } }).then((r) => r.status);
      // 3 refused logins, then 37 throttled in parallel bursts: 7 by the email+IP budget, 30 by the IP's.
      for (let i = 0; i < 3; i++) expect(await attempt(ADMIN.email)).to.equal(401);
      for (let burst = 0; burst < 37; burst += 10)
        for (const status of await Promise.all(
          Array.from({ length: Math.min(10, 37 - burst) }, () => attempt(ADMIN.email)),
        ))
          expect(status).to.equal(429);
      // Fifty more emails from the same address: all counted on the per-IP event.
      for (let burst = 0; burst < 50; burst += 10)
        await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(`sprayed${burst + i}@example.com`)));

      const repos = s.running.runtime.get<Repositories>(RepositoriesToken);
      const events = await repos.authEvents.list({ limit: 1000 });
      const throttled = events.filter((e) => e.type === 'LOGIN_THROTTLED');
      expect(throttled.map((e) => [e.detail, e.count])).to.have.deep.members([
        ['per_email_ip', 7],
        ['per_ip', 80],
      ]);
      expect(throttled.find((e) => e.detail === 'per_email_ip')).to.deep.include({
        email: ADMIN.email,
        userId: adminId,
      });
      expect(events.filter((e) => e.type === 'LOGIN_FAILED')).to.have.length(3);
    });

    it('pages newest first with no gaps and no duplicates while events are being written', async () => {
      const setup = await start();
      const repos = s.running.runtime.get<Repositories>(RepositoriesToken);
      const now = clock.now().getTime();
      // 60 older events, several sharing a timestamp (then ordered by id).
      await repos.authEvents.record(
        Array.from({ length: 60 }, (_, i) =>
          authEvent('LOGIN_FAILED', new Date(now - 10_000 - Math.floor(i / 3) * 1000), {
            email: `e${i}@x.test`,
          }),
        ),
      );
      const before = await repos.authEvents.list({ limit: 1000 });
      expect(before).to.have.length(61); // and the setup's

      let writing = true;
      const writer = (async () => {
        let n = 0;
        while (writing) {
          // New events (now), and late ones landing among the old (an old time, a random id).
          await repos.authEvents.record([
            authEvent('LOGOUT', clock.now(), { detail: `new${n}` }),
            authEvent('LOGOUT', new Date(now - 10_000 - (n % 20) * 1000), { detail: `late${n}` }),
          ]);
          await s.api('POST', '/api/v1/auth/login', { body: { email: `w${n++}@x.test`, password: 'x' } });
        }
        return n;
      })();
      const seen: Event[] = [];
      let after: string | null = null;
      let pages = 0;
      try {
        for (;;) {
          const p: Page = await page(setup.accessToken, { first: 7, after });
          seen.push(...p.edges.map((e) => e.node));
          pages++;
          if (!p.pageInfo.hasNextPage) break;
          expect(p.pageInfo.endCursor).to.equal(p.edges.at(-1)!.cursor);
          after = p.pageInfo.endCursor;
          clock.advance(1);
        }
      } finally {
        writing = false;
      }
      const written = await writer;
      expect(written, 'events were written while paging').to.be.greaterThan(0);
      expect(pages).to.be.greaterThan(8);
      const ids = seen.map((e) => e.id);
      expect(new Set(ids).size, 'no duplicates').to.equal(ids.length);
      for (const e of before) expect(ids, `gap: ${e.id}`).to.include(e.id);
      // Strictly newest first across pages.
      for (let i = 1; i < seen.length; i++) {
        const [a, b] = [seen[i - 1]!, seen[i]!];
        const order = Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.id > b.id ? 1 : -1);
        expect(order, `${a.id} before ${b.id}`).to.be.greaterThan(0);
      }
    });

    it('shows a member only their own events; another user’s id is FORBIDDEN; an admin sees all', async () => {
      const admin = await start();
      const memberId = await addMember(asTestApp(), { providerId, adminId }, MEMBER.email, MEMBER.password);
      clock.advance(1);
      const bad = await s.api('POST', '/api/v1/auth/login', {
        body: { email: MEMBER.email, password: 'wrong' },
      });
      expect(bad.status).to.equal(401);
      clock.advance(1);
      const member = await login(MEMBER);
      await login(ADMIN);

      const own = await all(member.accessToken);
      expect(own.map((e) => e.type)).to.deep.equal(['LOGIN_SUCCEEDED', 'LOGIN_FAILED']);
      expect(own.every((e) => e.userId === memberId && e.email === MEMBER.email)).to.equal(true);
      expect(await all(member.accessToken, { userId: memberId })).to.deep.equal(own);

      const forbidden = await gql(QUERY, member.accessToken, { userId: adminId });
      expect(forbidden.data).to.equal(null);
      expect(codeOf(forbidden)).to.equal('FORBIDDEN');

      // The Sessions page's "Recent sign-ins": failures included, marked by their outcome.
      const recent = await page(member.accessToken, {
        first: 5,
        types: ['LOGIN_SUCCEEDED', 'LOGIN_FAILED', 'LOGIN_THROTTLED'],
        userId: memberId,
      });
      expect(recent.edges.map((e) => e.node.outcome)).to.deep.equal(['SUCCESS', 'FAILURE']);

      const everything = await all(admin.accessToken);
      expect(new Set(everything.map((e) => e.userId))).to.deep.equal(new Set([adminId, memberId]));
      expect(await all(admin.accessToken, { userId: memberId })).to.deep.equal(own);
      expect(
        (await all(admin.accessToken, { types: ['SETUP_COMPLETED'] })).map((e) => e.userId),
      ).to.deep.equal([adminId]);
      expect(await all(admin.accessToken, { userId: randomUUID() })).to.deep.equal([]);
      // The default page is 20.
      expect(
        (await gql(`{ authEvents { edges { cursor } } }`, admin.accessToken)).data?.authEvents.edges,
      ).to.have.length(4);
    });

    it('refuses a bad page size, cursor or user id with VALIDATION_ERROR, and asks for sign-in first', async () => {
      const admin = await start();
      for (const variables of [
        { first: 0 },
        { first: 101 },
        { after: 'not-a-cursor' },
        { after: '' },
        { userId: 'x' },
      ]) {
        const body = await gql(QUERY, admin.accessToken, variables);
        expect(body.data, JSON.stringify(variables)).to.equal(null);
        expect(codeOf(body), JSON.stringify(variables)).to.equal('VALIDATION_ERROR');
      }
      const p = await page(admin.accessToken, { first: 1 });
      expect(p.edges).to.have.length(1);
      expect(p.pageInfo).to.deep.equal({ hasNextPage: false, endCursor: p.edges[0]!.cursor });
      const next = await page(admin.accessToken, { first: 1, after: p.pageInfo.endCursor });
      expect(next).to.deep.equal({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
      expect(codeOf(await gql(QUERY, undefined, {}))).to.equal('UNAUTHENTICATED');
    });
  });
}
