/**
 * Overview: the GraphQL endpoint over real HTTP (spec task 1.8): health, version, me and its
 *   error codes, masking of unexpected errors, malformed requests, and GraphiQL in development only.
 * Architecture: adapter integration test: the real container (memory profile) + the router on a
 *   bare Express app listening on a free port.
 * Dependencies: the test app harness, express, fetch, chai.
 * Concepts: errors leave as `extensions.code` from one table; GraphiQL is served from local
 *   files with no inline script and no CDN.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { GetCurrentUser } from '../../../src/application/index.js';
import { ServiceUnavailableError } from '../../../src/domain/index.js';
import {
  createGraphqlRouter,
  MeResolver,
  type GraphqlRouterOptions,
} from '../../../src/adapters/graphql/index.js';
import { graphqlModule } from '../../../src/bootstrap/container/graphql.module.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { ADMIN, seedSetup, type Seeded } from '../../support/seed.js';

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Hosts the vendor bundles name in documentation links and error texts; none is fetched. */
const DOCUMENTATION_HOSTS = new Set([
  'www.w3.org',
  'reactjs.org',
  'github.com',
  'radix-ui.com',
  'codemirror.net',
  'commonmark.org',
  'en.wikipedia.org',
]);
/** The host of every absolute http(s) URL in a text (a bare "http://" prefix names none). */
const hostsIn = (text: string): string[] =>
  [...text.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)].map((m) => m[1]!.toLowerCase());

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

interface Served {
  readonly url: string;
  close(): Promise<void>;
}

async function serve(options: GraphqlRouterOptions): Promise<Served> {
  const web = express();
  web.use(await createGraphqlRouter(options));
  const server = web.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('GraphQL adapter', function () {
  let app: TestApp;
  let seeded: Seeded;
  let served: Served[];
  let logged: { obj: object; msg: string }[];

  const start = async (options: Partial<GraphqlRouterOptions> = {}): Promise<string> => {
    const s = await serve({
      resolverContainer: app.runtime.container,
      development: false,
      logger: { error: (obj, msg) => void logged.push({ obj, msg }) },
      ...options,
    });
    served.push(s);
    return s.url;
  };
  const post = async (url: string, query: string, token?: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query }),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as GraphqlBody };
  };
  const login = async () =>
    (
      await app.runtime.useCases.login.execute({
        email: ADMIN.email,
        password: ADMIN.password,
        ip: '203.0.113.7',
        userAgent: 'mocha',
      })
    ).tokens;

  beforeEach(async () => {
    served = [];
    logged = [];
    app = await createTestApp('memory');
    app.runtime.container.load(graphqlModule());
    seeded = await seedSetup(app);
  });
  afterEach(async () => {
    await Promise.all(served.map((s) => s.close()));
    await app.close();
  });

  describe('health and version', () => {
    it('answers { health } with "ok" over POST', async () => {
      const { status, body } = await post(await start(), '{ health }');
      expect(status).to.equal(200);
      expect(body).to.deep.equal({ data: { health: 'ok' } });
    });

    it('answers { version } with the package.json version', async () => {
      const { body } = await post(await start(), '{ version }');
      expect(body.data).to.deep.equal({ version: PACKAGE_VERSION });
    });

    it('answers GET /graphql?query=... too, and never lets responses be cached', async () => {
      const url = await start();
      const response = await fetch(`${url}/graphql?query=${encodeURIComponent('{ health version }')}`, {
        headers: { accept: 'application/json' },
      });
      expect(response.status).to.equal(200);
      expect(response.headers.get('cache-control')).to.equal('no-store');
      expect(await response.json()).to.deep.equal({ data: { health: 'ok', version: PACKAGE_VERSION } });
    });
  });

  describe('me', () => {
    it('returns the signed-in admin for a valid bearer token', async () => {
      const tokens = await login();
      const { body } = await post(
        await start(),
        '{ me { id email providerId role createdAt } }',
        tokens.accessToken,
      );
      expect(body.errors).to.equal(undefined);
      const me = body.data?.me as Record<string, string>;
      expect(me).to.include({
        id: seeded.adminId,
        email: ADMIN.email,
        providerId: seeded.providerId,
        role: 'ADMIN',
      });
      expect(new Date(me.createdAt!).toISOString()).to.equal(me.createdAt);
    });

    it('answers UNAUTHENTICATED without a token, and leaks no data', async () => {
      const url = await start();
      const { body, text } = await post(url, '{ me { email role } }');
      expect(body.data).to.equal(null);
      expect(body.errors).to.have.length(1);
      expect(body.errors![0]!.extensions).to.deep.equal({ code: 'UNAUTHENTICATED' });
      expect(body.errors![0]!.message).to.match(/^Sign in first/);
      expect(text).to.not.include(ADMIN.email);
      expect(text).to.not.match(/stack|\bat .+\.ts:\d+/i);
      const notBearer = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Basic YWRtaW46cHc=' },
        body: JSON.stringify({ query: '{ me { email } }' }),
      });
      expect(((await notBearer.json()) as GraphqlBody).errors![0]!.extensions!.code).to.equal(
        'UNAUTHENTICATED',
      );
    });

    it('answers INVALID_TOKEN for a garbage token', async () => {
      const { body } = await post(await start(), '{ me { email } }', 'not.a.jwt');
      expect(body.data).to.equal(null);
      expect(body.errors![0]).to.deep.include({ message: 'The token is invalid or has expired.' });
      expect(body.errors![0]!.extensions).to.deep.equal({ code: 'INVALID_TOKEN' });
    });

    it('answers SESSION_REVOKED once the session has logged out', async () => {
      const url = await start();
      const tokens = await login();
      expect((await post(url, '{ me { email } }', tokens.accessToken)).body.data).to.deep.equal({
        me: { email: ADMIN.email },
      });
      await app.runtime.useCases.logout.execute({ sessionId: tokens.sessionId });
      const { body } = await post(url, '{ me { email } }', tokens.accessToken);
      expect(body.data).to.equal(null);
      expect(body.errors![0]!.extensions!.code).to.equal('SESSION_REVOKED');
    });

    it('nulls the whole data when the non-null me fails beside health', async () => {
      const { body } = await post(await start(), '{ health me { email } }', 'garbage');
      expect(body.data).to.equal(null);
      expect(body.errors![0]!.extensions!.code).to.equal('INVALID_TOKEN');
    });
  });

  describe('errors', () => {
    const failingWith = (error: Error): GraphqlRouterOptions['resolverContainer'] => {
      const failing = { execute: () => Promise.reject(error) } as unknown as GetCurrentUser;
      return {
        get: <T>(cls: new (...args: unknown[]) => T): T =>
          (cls as unknown) === MeResolver
            ? (new MeResolver({ getCurrentUser: failing }) as T)
            : app.runtime.container.get(cls),
      };
    };

    it('masks an unexpected error as INTERNAL_SERVER_ERROR and logs it', async () => {
      const url = await start({
        resolverContainer: failingWith(new Error('pool exhausted at 10.0.0.5:5432')),
      });
      const { status, body, text } = await post(url, '{ me { email } }', 'any-token');
      expect(status).to.equal(200);
      expect(body.errors).to.deep.equal([
        {
          message: 'Internal server error.',
          locations: [{ line: 1, column: 3 }],
          path: ['me'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ]);
      expect(text).to.not.include('10.0.0.5');
      expect(logged).to.have.length(1);
      expect(logged[0]!.msg).to.equal('graphql resolver failed');
      expect((logged[0]!.obj as { err: Error }).err.message).to.include('10.0.0.5');
    });

    it('passes a domain outage through as SERVICE_UNAVAILABLE without logging it as a bug', async () => {
      const url = await start({
        resolverContainer: failingWith(new ServiceUnavailableError('The database')),
      });
      const { body } = await post(url, '{ me { email } }', 'any-token');
      expect(body.errors![0]!.extensions).to.deep.equal({ code: 'SERVICE_UNAVAILABLE' });
      expect(body.errors![0]!.message).to.equal('The database is unavailable; try again shortly.');
      expect(logged).to.deep.equal([]);
    });

    it('answers a syntax error with a 400 GraphQL error, not a 500', async () => {
      const { status, body } = await post(await start(), '{ health ');
      expect(status).to.equal(400);
      expect(body.data).to.equal(undefined);
      expect(body.errors![0]!.message).to.match(/^Syntax Error/);
    });

    it('answers an unknown field with a 400 validation error', async () => {
      const { status, body } = await post(await start(), '{ password }');
      expect(status).to.equal(400);
      expect(body.errors![0]!.message).to.include('Cannot query field "password"');
    });

    it('answers a body that is not JSON with 400 in the GraphQL error shape', async () => {
      const response = await fetch(`${await start()}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query": "{ health }"',
      });
      expect(response.status).to.equal(400);
      expect(await response.json()).to.deep.equal({ errors: [{ message: 'The body is not valid JSON.' }] });
    });

    it('rejects a body over the limit with 413', async () => {
      const url = await start({ bodyLimit: '1kb' });
      const { status, body } = await post(url, `{ health } # ${'x'.repeat(2048)}`);
      expect(status).to.equal(413);
      expect(body.errors![0]!.message).to.equal('The body is too large.');
    });
  });

  describe('GraphiQL', () => {
    const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

    it('is served in development from local assets, with no inline script and no CDN', async () => {
      const url = await start({ development: true });
      const response = await fetch(`${url}/graphql`, { headers: { accept: browserAccept } });
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^text\/html/);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).to.include("script-src 'self'");
      expect(csp).to.not.include('unsafe-inline');
      const html = await response.text();
      expect(html).to.include('<div id="graphiql" data-endpoint="/graphql">');
      expect(hostsIn(html)).to.deep.equal([]);
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts).to.have.length(4);
      for (const [, attributes, content] of scripts) {
        expect(attributes).to.match(/ src="\/graphql\/graphiql\/[\w.-]+"/);
        expect(content).to.equal('');
      }

      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(assets).to.have.length(6);
      for (const asset of assets) {
        const res = await fetch(`${url}${asset}`);
        expect(res.status, asset).to.equal(200);
        expect(res.headers.get('content-type'), asset).to.match(
          asset.endsWith('.css') ? /^text\/css/ : /^(application|text)\/javascript/,
        );
        const text = await res.text();
        const hosts = hostsIn(text);
        if (asset.endsWith('/init.js') || asset.endsWith('/page.css')) expect(hosts, asset).to.deep.equal([]);
        for (const host of hosts) expect(DOCUMENTATION_HOSTS, `${asset} names ${host}`).to.include(host);
      }
      expect((await fetch(`${url}/graphql/graphiql/package.json`)).status).to.equal(404);
    });

    it('still answers GraphQL clients in development', async () => {
      const url = await start({ development: true });
      expect((await post(url, '{ health }')).body).to.deep.equal({ data: { health: 'ok' } });
      const get = await fetch(`${url}/graphql?query=${encodeURIComponent('{ health }')}`);
      expect(await get.json()).to.deep.equal({ data: { health: 'ok' } });
    });

    it('is absent in production', async () => {
      const url = await start({ development: false });
      const response = await fetch(`${url}/graphql`, { headers: { accept: browserAccept } });
      expect(response.headers.get('content-type') ?? '').to.not.match(/text\/html/);
      expect(await response.text()).to.not.include('graphiql');
      expect((await fetch(`${url}/graphql/graphiql/init.js`)).status).to.equal(404);
      expect((await fetch(`${url}/graphql/graphiql/graphiql.min.js`)).status).to.equal(404);
    });
  });
});
