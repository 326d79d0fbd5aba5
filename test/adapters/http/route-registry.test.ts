/**
 * Overview: the route registry: the OpenAPI document lists exactly the routes the Express app
 *   serves, a declaration's path and params cannot disagree, and requests are validated before a
 *   handler runs.
 * Architecture: HTTP delivery adapter tests on the Express app built in process (no database):
 *   use cases are plain objects recording their calls.
 * Dependencies: the HTTP adapter (createHttpApp, openapi.ts, route.ts), pino, chai.
 * Concepts: "no path listed twice": a route exists once, as a declaration, so the document and
 *   the served routes are the same set.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Express } from 'express';
import { pino } from 'pino';
import { z } from 'zod';
import { createHttpApp, type HttpDependencies } from '../../../src/adapters/http/http-app.js';
import { buildOpenApiDocument } from '../../../src/adapters/http/openapi.js';
import { defineRoute, openApiPath, reply } from '../../../src/adapters/http/route.js';
import { allRoutes, apiRoutes } from '../../../src/adapters/http/routes/index.js';

const SESSION_ID = '7c4f0d5e-2b1a-4c3d-9e8f-0a1b2c3d4e5f';
const USER = { id: 'u1', email: 'a@example.com', providerId: 'p1', role: 'admin', createdAt: new Date(0) };

type Calls = { name: string; input: unknown }[];

/** Use cases that record what they are asked; getCurrentUser accepts the token "good". */
function dependencies(calls: Calls): HttpDependencies {
  const useCase = (name: string, output: unknown = undefined) => ({
    execute: async (input: unknown) => {
      calls.push({ name, input });
      return output;
    },
  });
  const deps = {
    logger: pino({ level: 'silent' }),
    settings: { trustProxy: false, corsOrigins: [], bodyLimit: '16kb', version: '0.0.0-test' },
    readiness: async () => true,
    getCurrentUser: {
      execute: async ({ accessToken }: { accessToken: string }) => {
        if (accessToken !== 'good') throw Object.assign(new Error('bad token'), { code: 'INVALID_TOKEN' });
        return { user: USER, sessionId: SESSION_ID };
      },
    },
    revokeSession: useCase('revokeSession'),
    logout: useCase('logout'),
    listSessions: useCase('listSessions', []),
    login: useCase('login'),
    refreshSession: useCase('refreshSession'),
    getSetupStatus: useCase('getSetupStatus'),
    initializeSetup: useCase('initializeSetup'),
    refreshLimiter: { consume: async () => undefined },
    setupLimiter: { consume: async () => undefined },
  };
  return deps as unknown as HttpDependencies;
}

/** `METHOD /path/{param}` of every route registered directly on the app. */
function servedRoutes(app: Express): string[] {
  const stack = (app as unknown as { router: { stack: { route?: { path: string; methods: object } }[] } })
    .router.stack;
  return stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${openApiPath(layer.route!.path)}`)
      : [],
  );
}

function documentedRoutes(document: object): string[] {
  const paths = (document as { paths: Record<string, object> }).paths;
  return Object.entries(paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
  );
}

describe('REST route registry', () => {
  let server: Server;
  let base: string;
  let calls: Calls;
  let app: Express;

  beforeEach(async () => {
    calls = [];
    app = createHttpApp(dependencies(calls));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('documents exactly the routes the app serves (besides the document itself)', () => {
    const served = servedRoutes(app).filter((r) => r !== 'GET /api/openapi.json');
    const documented = documentedRoutes(buildOpenApiDocument('0.0.0-test'));
    expect(served).to.have.length.greaterThan(10);
    expect([...served].sort()).to.deep.equal([...documented].sort());
    expect(new Set(documented).size, 'each route once').to.equal(documented.length);
    expect(documented).to.include('DELETE /api/v1/auth/sessions/{id}');
  });

  it('serves every documented operation: none answers the 404 of an unknown route', async () => {
    for (const route of documentedRoutes(buildOpenApiDocument('0.0.0-test'))) {
      const [method, path] = route.split(' ') as [string, string];
      const res = await fetch(base + path.replace('{id}', SESSION_ID), {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      });
      const body = (await res.json().catch(() => null)) as { error?: { code: string } } | null;
      expect(body?.error?.code, route).to.not.equal('NOT_FOUND');
    }
    const unknown = await fetch(`${base}/api/v1/auth/nope`);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).to.equal('NOT_FOUND');
  });

  it('validates the session id before the use case: a malformed one is 400, a UUID reaches RevokeSession', async () => {
    const revoke = (id: string) =>
      fetch(`${base}/api/v1/auth/sessions/${id}`, {
        method: 'DELETE',
        headers: { authorization: 'Bearer good' },
      });
    const bad = await revoke('not-a-uuid');
    expect(bad.status).to.equal(400);
    expect(bad.headers.get('cache-control')).to.equal('no-store');
    const { error } = (await bad.json()) as { error: Record<string, unknown> };
    expect(error).to.deep.include({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'id', message: 'must be a session id (a UUID)' }],
    });
    expect(error.traceId).to.equal(bad.headers.get('x-trace-id'));
    expect(calls).to.deep.equal([]);

    const good = await revoke(SESSION_ID);
    expect(good.status).to.equal(204);
    // The client (address, device, the request's trace id) goes along for the auth event.
    expect(calls).to.deep.equal([
      {
        name: 'revokeSession',
        input: {
          sessionId: SESSION_ID,
          ownerId: USER.id,
          ip: '127.0.0.1',
          userAgent: 'node',
          traceId: good.headers.get('x-trace-id'),
        },
      },
    ]);
  });

  it('lets configured origins use every declared method (CORS preflight)', async () => {
    const deps = dependencies(calls);
    const cors = createHttpApp({
      ...deps,
      settings: { ...deps.settings, corsOrigins: ['http://ui.example'] },
    });
    const other = createServer(cors);
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = other.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/sessions/${SESSION_ID}`, {
        method: 'OPTIONS',
        headers: { origin: 'http://ui.example', 'access-control-request-method': 'DELETE' },
      });
      const allowed = (res.headers.get('access-control-allow-methods') ?? '').split(',');
      expect(allowed).to.include.members(apiRoutes.map((route) => route.method.toUpperCase()));
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('answers /ready 503 with its checks when the database does not, and logs one warning with the trace id', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const deps = dependencies(calls);
    const down = createHttpApp({
      ...deps,
      logger,
      readiness: async () => false,
      informationalChecks: () => ({ sessionListener: 'listening' }),
    });
    const other = createServer(down);
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = other.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(res.status).to.equal(503);
      expect(await res.json()).to.deep.equal({
        status: 'unavailable',
        checks: { database: 'down', sessionListener: 'listening' },
      });
      const warnings = lines.filter((l) => l.level === 40);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include({
        msg: 'not ready: the database does not answer',
        traceId: res.headers.get('x-trace-id'),
      });
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('refuses a declaration whose path parameters and params schema disagree', () => {
    const declare = (path: string, params?: z.ZodObject<z.ZodRawShape>) => () =>
      defineRoute({
        method: 'get',
        path,
        operationId: 'x',
        summary: 'x',
        tags: [],
        auth: 'none',
        params,
        responses: { 204: { description: 'x' } },
        errors: [],
        handler: () => reply(204),
      });
    expect(declare('/things/:id')).to.throw(/path parameters \[id\] differ from the params schema \[\]/);
    expect(declare('/things', z.object({ id: z.string() }))).to.throw(/differ/);
    expect(declare('/things/:id', z.object({ id: z.string() }))).to.not.throw();
  });

  it('refuses to document one method and path declared twice', () => {
    const twice = [...allRoutes, allRoutes[0]];
    expect(() => buildOpenApiDocument('0.0.0-test', twice)).to.throw(/declared twice/);
  });

  it('lists each route’s error statuses from the status table, with the implied ones', () => {
    const document = buildOpenApiDocument('0.0.0-test') as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    const revoke = document.paths['/api/v1/auth/sessions/{id}']!.delete!.responses;
    expect(Object.keys(revoke).sort()).to.deep.equal(['204', '400', '401', '404', '503']);
    expect(revoke['401']!.description).to.include('UNAUTHENTICATED');
    expect(revoke['404']!.description).to.include('SESSION_NOT_FOUND');
    const login = document.paths['/api/v1/auth/login']!.post!.responses;
    expect(Object.keys(login).sort()).to.deep.equal(['200', '400', '401', '409', '413', '415', '429', '503']);
  });
});
