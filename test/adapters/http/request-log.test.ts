/**
 * Overview: the request log: one line per request with its trace id, probes silent at `info`,
 *   the web UI's "building" page (a planned 503) at info, every response still carrying X-Trace-ID
 *   and the security headers.
 * Architecture: HTTP delivery adapter tests over the real server (memory profile).
 * Dependencies: the test server harness, chai.
 * Concepts: probes are polled every few seconds by orchestrators; logging them at info would bury
 *   every other line.
 */
import { expect } from 'chai';
import { WEB_UI_CSP } from '../../../src/adapters/http/web-ui.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('request log and front headers', () => {
  let s: TestServer;
  afterEach(() => s.close());

  const lines = (server: TestServer) => server.logs.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('logs API requests at info with method, path, status and trace id, and probes not at all', async () => {
    s = await startTestServer('memory');
    for (const path of ['/live', '/ready', '/health'])
      expect((await s.api('GET', path)).status).to.equal(200);
    const status = await s.api('GET', '/api/v1/setup/status?x=1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const completed = lines(s).filter((l) => l.msg === 'request completed');
    expect(completed).to.have.length(1);
    expect(completed[0]).to.include({
      level: 30,
      method: 'GET',
      path: '/api/v1/setup/status',
      status: 200,
      traceId: status.headers.get('x-trace-id'),
    });
  });

  it('logs the "building" page of a web UI still being built at info, with the security headers', async () => {
    // A build that never ends within the test: `/` keeps answering the page that reloads itself.
    s = await startTestServer('memory', { webUiBuild: new Promise<boolean>(() => undefined) });
    const page = await s.api('GET', '/');
    expect(page.status).to.equal(503);
    expect(page.text).to.include('building its web UI');
    expect(page.headers.get('content-security-policy')).to.equal(WEB_UI_CSP);
    expect(page.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(page.headers.get('x-frame-options')).to.equal('SAMEORIGIN');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const completed = lines(s).filter((l) => l.msg === 'request completed');
    expect(completed).to.have.length(1);
    expect(completed[0]).to.include({ level: 30, method: 'GET', path: '/', status: 503 });
  });

  it('keeps the trace id (valid incoming kept, invalid replaced) and the security headers on a probe', async () => {
    s = await startTestServer('memory');
    const kept = await s.api('GET', '/live', { headers: { 'X-Trace-ID': 'trace-abc-12345' } });
    expect(kept.headers.get('x-trace-id')).to.equal('trace-abc-12345');
    const replaced = await s.api('GET', '/live', { headers: { 'X-Trace-ID': 'bad id!' } });
    expect(replaced.headers.get('x-trace-id')).to.match(/^[0-9a-f-]{36}$/);
    expect(kept.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(kept.headers.get('content-security-policy')).to.include("default-src 'self'");
    expect(kept.headers.get('x-powered-by')).to.equal(null);
  });
});
