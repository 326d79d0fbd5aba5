/**
 * Overview: the REST API's defences over real HTTP (SECURITY I1-I4, H1, H2, R1-R5) and its
 *   OpenAPI document and reference page.
 * Architecture: end-to-end tests of the HTTP adapter through the server bootstrap, on PostgreSQL.
 * Dependencies: the test server harness, @seriousme/openapi-schema-validator, chai.
 * Concepts: a client's mistake is a 4xx envelope, never a 500; a bug is a 500 that tells the
 *   client nothing but the trace id; limits hold whatever headers a client sends.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import { RepositoriesToken, type Repositories } from '../../../src/application/index.js';
import { startTestServer, type TestServer } from '../../support/server.js';

const SETUP = {
  adminEmail: 'admin@example.com',
  adminPassword: 'correct horse',
  organizationName: 'Acme Cloud',
};
const CREDENTIALS = { email: 'admin@example.com', password: 'correct horse' };

function expectEnvelope(res: {
  status: number;
  body: { error?: Record<string, unknown> };
  headers: Headers;
}) {
  expect(res.body?.error, JSON.stringify(res.body)).to.be.an('object');
  expect(Object.keys(res.body.error!).filter((k) => k !== 'details')).to.have.members([
    'code',
    'message',
    'traceId',
  ]);
  expect(res.body.error!.traceId).to.equal(res.headers.get('x-trace-id'));
}

describe('REST API hardening [postgres]', function () {
  this.timeout(30_000);
  let s: TestServer;
  afterEach(() => s?.close());

  describe('input and errors', () => {
    beforeEach(async () => {
      s = await startTestServer('postgres');
      await s.api('POST', '/api/v1/setup/initialize', { body: SETUP });
    });

    it('answers wrong types, extra fields and malformed JSON with 400 and the envelope (I1)', async () => {
      const cases: { body?: unknown; raw?: string; code: string }[] = [
        { body: { email: { $gt: '' }, password: 'x' }, code: 'VALIDATION_ERROR' },
        { body: { email: ['admin@example.com'], password: 'x' }, code: 'VALIDATION_ERROR' },
        { body: { email: 'admin@example.com', password: 42 }, code: 'VALIDATION_ERROR' },
        { body: { ...CREDENTIALS, remember: true }, code: 'VALIDATION_ERROR' },
        { body: ['admin@example.com'], code: 'VALIDATION_ERROR' },
        { raw: 'null', code: 'MALFORMED_REQUEST' },
        { raw: '{"email": "admin@example.com", ', code: 'MALFORMED_REQUEST' },
        { raw: '', code: 'VALIDATION_ERROR' },
      ];
      for (const c of cases) {
        const res = await s.api('POST', '/api/v1/auth/login', {
          body: c.body,
          raw: c.raw,
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status, JSON.stringify(c)).to.equal(400);
        expect(res.body.error.code, JSON.stringify(c)).to.equal(c.code);
        expectEnvelope(res);
      }
      const typed = await s.api('POST', '/api/v1/auth/login', { body: { email: 5, password: 'x' } });
      expect(typed.body.error.details).to.deep.equal([{ field: 'email', message: 'must be string' }]);
    });

    it('answers a wrong content type with 415 and a body over the limit with 413 (I1)', async () => {
      const form = await s.api('POST', '/api/v1/auth/login', {
        raw: 'email=admin@example.com&password=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).to.equal(415);
      expect(form.body.error.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
      const text = await s.api('POST', '/api/v1/auth/refresh', {
        raw: 'token',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.status).to.equal(415);
      const big = await s.api('POST', '/api/v1/auth/login', {
        body: { email: 'a@b.c', password: 'x'.repeat(20_000) },
      });
      expect(big.status).to.equal(413);
      expect(big.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
      expectEnvelope(big);
      const long = await s.api('POST', '/api/v1/auth/login', {
        body: { email: 'admin@example.com', password: 'x'.repeat(1025) },
      });
      expect(long.status).to.equal(400);
    });

    it('keeps a valid incoming X-Trace-ID and replaces an invalid one (I2)', async () => {
      const kept = await s.api('GET', '/api/v1/nope', { headers: { 'x-trace-id': 'client-trace-0001' } });
      expect(kept.headers.get('x-trace-id')).to.equal('client-trace-0001');
      expect(kept.body.error.traceId).to.equal('client-trace-0001');
      for (const bad of ['short', 'has spaces in it', 'x'.repeat(200), 'semi;colon;value']) {
        const res = await s.api('GET', '/api/v1/nope', { headers: { 'x-trace-id': bad } });
        expect(res.headers.get('x-trace-id')).to.not.equal(bad);
        expect(res.headers.get('x-trace-id')).to.match(/^[0-9a-f-]{36}$/);
      }
    });

    it('turns an unexpected exception into a generic 500; the log has the stack, the body does not (I3)', async () => {
      const repos = s.running.runtime.get<Repositories>(RepositoriesToken);
      const original = repos.systemConfig.get;
      repos.systemConfig.get = () => Promise.reject(new Error('kaboom: internal detail 1234'));
      try {
        const res = await s.api('GET', '/api/v1/setup/status');
        expect(res.status).to.equal(500);
        expect(res.body.error.code).to.equal('INTERNAL_ERROR');
        expectEnvelope(res);
        expect(res.text).to.not.include('kaboom').and.not.include('at ');
        const line = s.logs.find((l) => l.includes('kaboom'));
        expect(line, 'the error is logged').to.be.a('string');
        const entry = JSON.parse(line!);
        expect(entry.err.stack).to.include('kaboom');
        expect(entry.traceId).to.equal(res.body.error.traceId);
      } finally {
        repos.systemConfig.get = original;
      }
    });

    it('escapes control characters from user input in logs (I4)', async () => {
      const evil = 'x\n{"level":60,"msg":"forged"}\r\u001b[31m@example.com';
      await s.api('POST', '/api/v1/auth/login', { body: { email: evil, password: 'x' } });
      for (const line of s.logs) {
        const entry = JSON.parse(line) as { msg?: string; level: number };
        expect(entry.msg).to.not.equal('forged');
      }
      const refused = s.logs.map((l) => JSON.parse(l)).find((e) => e.msg === 'login refused');
      expect(refused.email).to.equal(evil.trim().toLowerCase());
      expect(s.logs.join('\n')).to.not.include('correct horse');
    });

    it('sends nosniff, no X-Powered-By, and no-store on token responses (H1)', async () => {
      const login = await s.api('POST', '/api/v1/auth/login', { body: CREDENTIALS });
      const refresh = await s.api('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: login.body.refreshToken },
      });
      for (const res of [login, refresh, await s.api('GET', '/health')]) {
        expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(res.headers.has('x-powered-by')).to.equal(false);
      }
      expect(login.headers.get('cache-control')).to.equal('no-store');
      expect(refresh.headers.get('cache-control')).to.equal('no-store');
    });
  });

  describe('CORS (H2)', () => {
    it('allows only configured origins', async () => {
      s = await startTestServer('postgres', { server: { corsOrigins: ['https://console.example.com'] } });
      const allowed = await s.api('OPTIONS', '/api/v1/auth/login', {
        headers: { origin: 'https://console.example.com', 'access-control-request-method': 'POST' },
      });
      expect(allowed.headers.get('access-control-allow-origin')).to.equal('https://console.example.com');
      const other = await s.api('OPTIONS', '/api/v1/auth/login', {
        headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
      });
      expect(other.headers.has('access-control-allow-origin')).to.equal(false);
      const simple = await s.api('GET', '/api/v1/setup/status', {
        headers: { origin: 'https://evil.example.net' },
      });
      expect(simple.headers.has('access-control-allow-origin')).to.equal(false);
    });

    it('sends no CORS headers at all when no origin is configured', async () => {
      s = await startTestServer('postgres');
      const res = await s.api('GET', '/api/v1/setup/status', {
        headers: { origin: 'https://console.example.com' },
      });
      expect(res.headers.has('access-control-allow-origin')).to.equal(false);
    });
  });

  describe('throttling over HTTP (R1-R5)', () => {
    const fail = (ip?: string) =>
      s.api('POST', '/api/v1/auth/login', {
        body: { ...CREDENTIALS, password: 'wrong' },
        headers: ip ? { 'x-forwarded-for': ip } : {},
      });

    it('answers 429 with Retry-After after 10 failures, even for the right password (R1)', async () => {
      s = await startTestServer('postgres');
      await s.api('POST', '/api/v1/setup/initialize', { body: SETUP });
      for (let i = 0; i < 10; i++) expect((await fail()).status).to.equal(401);
      const blocked = await s.api('POST', '/api/v1/auth/login', { body: CREDENTIALS });
      expect(blocked.status).to.equal(429);
      expect(blocked.body.error.code).to.equal('TOO_MANY_ATTEMPTS');
      expect(Number(blocked.headers.get('retry-after'))).to.be.within(1, 900);
      expectEnvelope(blocked);
    });

    it('ignores X-Forwarded-For without trustProxy: rotating it does not bypass the limit (R5)', async () => {
      s = await startTestServer('postgres');
      await s.api('POST', '/api/v1/setup/initialize', { body: SETUP });
      for (let i = 0; i < 10; i++) expect((await fail(`203.0.113.${i}`)).status).to.equal(401);
      expect((await fail('203.0.113.99')).status).to.equal(429);
      const sessions = await s.api('POST', '/api/v1/auth/login', {
        body: CREDENTIALS,
        headers: { 'x-forwarded-for': '198.51.100.1' },
      });
      expect(sessions.status).to.equal(429);
    });

    it('honours X-Forwarded-For when trustProxy is configured: another client address has its own budget (R1, R5)', async () => {
      s = await startTestServer('postgres', { server: { trustProxy: 'loopback' } });
      await s.api('POST', '/api/v1/setup/initialize', { body: SETUP });
      for (let i = 0; i < 10; i++) expect((await fail('203.0.113.5')).status).to.equal(401);
      expect((await fail('203.0.113.5')).status).to.equal(429);
      const other = await s.api('POST', '/api/v1/auth/login', {
        body: CREDENTIALS,
        headers: { 'x-forwarded-for': '203.0.113.6' },
      });
      expect(other.status).to.equal(200);
      const sessions = await s.api('GET', '/api/v1/auth/sessions', { token: other.body.accessToken });
      expect(sessions.body.sessions[0].ip).to.equal('203.0.113.6');
    });

    it('with a hop count, believes only the address its proxy added: rotating the rest does not bypass (R5)', async () => {
      s = await startTestServer('postgres', { server: { trustProxy: 1 } });
      await s.api('POST', '/api/v1/setup/initialize', { body: SETUP });
      // The client writes any first entries it likes; the proxy appends the address it saw.
      for (let i = 0; i < 10; i++) expect((await fail(`198.51.100.${i}, 203.0.113.5`)).status).to.equal(401);
      expect((await fail('198.51.100.200, 203.0.113.5')).status).to.equal(429);
      const other = await s.api('POST', '/api/v1/auth/login', {
        body: CREDENTIALS,
        headers: { 'x-forwarded-for': '203.0.113.5, 203.0.113.6' },
      });
      expect(other.status).to.equal(200);
    });

    it('counts an IPv6 client per /64: rotating addresses inside it does not bypass the limit', async () => {
      s = await startTestServer('postgres', { server: { trustProxy: 'loopback' } });
      await s.api('POST', '/api/v1/setup/initialize', { body: SETUP });
      for (let i = 1; i <= 10; i++)
        expect((await fail(`2001:db8:1:2::${i.toString(16)}`)).status).to.equal(401);
      expect((await fail('2001:db8:1:2:ffff:ffff:ffff:ffff')).status).to.equal(429);
      // The IPv4-mapped form of an IPv4 client is that client; another /64 has its own budget.
      const other = await s.api('POST', '/api/v1/auth/login', {
        body: CREDENTIALS,
        headers: { 'x-forwarded-for': '2001:db8:1:3::1' },
      });
      expect(other.status).to.equal(200);
    });

    it('rate-limits refresh and setup per client address with 429 and Retry-After', async () => {
      s = await startTestServer('postgres', { server: { refreshRateLimit: 3, setupRateLimit: 2 } });
      for (let i = 0; i < 2; i++) {
        expect(
          (await s.api('POST', '/api/v1/setup/initialize', { body: { ...SETUP, adminEmail: 'bad' } })).status,
        ).to.equal(400);
      }
      const tooMany = await s.api('POST', '/api/v1/setup/initialize', { body: SETUP });
      expect(tooMany.status).to.equal(429);
      expect(tooMany.headers.get('retry-after')).to.match(/^\d+$/);
      for (let i = 0; i < 3; i++) {
        expect(
          (await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'x' } })).status,
        ).to.equal(401);
      }
      expect((await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'x' } })).status).to.equal(
        429,
      );
    });
  });

  describe('OpenAPI', () => {
    beforeEach(async () => (s = await startTestServer('postgres')));

    it('serves an OpenAPI 3.1 document that validates and lists every REST route', async () => {
      const res = await s.api('GET', '/api/openapi.json');
      expect(res.status).to.equal(200);
      expect(res.body.openapi).to.equal('3.1.0');
      const result = await new Validator().validate(res.body);
      expect(result.valid, JSON.stringify(result.errors)).to.equal(true);
      const routes = Object.entries(res.body.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      );
      expect(routes).to.include.members([
        'POST /api/v1/setup/initialize',
        'GET /api/v1/setup/status',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/refresh',
        'POST /api/v1/auth/logout',
        'GET /api/v1/auth/me',
        'GET /api/v1/auth/sessions',
        'DELETE /api/v1/auth/sessions/{id}',
        'GET /health',
        'GET /ready',
        'GET /live',
      ]);
      expect(res.body.components.schemas.LoginRequest.additionalProperties).to.equal(false);
    });

    it('serves the API reference page and its assets locally, with no other host referenced', async () => {
      const page = await s.api('GET', '/api/docs/');
      expect(page.status).to.equal(200);
      expect(page.text).to.not.match(/https?:\/\//);
      const assets = [...page.text.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
      expect(assets).to.include.members(['swagger-ui-bundle.js', 'init.js', 'swagger-ui.css']);
      for (const asset of assets) {
        const res = await fetch(`${s.url}/api/docs/${asset}`);
        expect(res.status, asset).to.equal(200);
      }
      const init = await (await fetch(`${s.url}/api/docs/init.js`)).text();
      expect(init)
        .to.include('openapi.json')
        .and.not.match(/https?:\/\//);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).to.include("script-src 'self'").and.not.include('unsafe-eval');
    });
  });
});
