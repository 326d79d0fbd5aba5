/**
 * Overview: the Prometheus metrics over HTTP on PostgreSQL (issue 12): /metrics on its own
 *   management port parses as Prometheus text and its counters move with the traffic; port 0
 *   turns it off; the port is bound to 127.0.0.1 unless configured otherwise.
 * Architecture: end-to-end tests of the metrics adapter through the server bootstrap.
 * Dependencies: the test server harness, a strict exposition parser, chai.
 * Concepts: every assertion compares a scrape after the traffic with one before it, so counters
 *   left by earlier requests never make a test pass.
 */
import { networkInterfaces } from 'node:os';
import { expect } from 'chai';
import { loadConfig } from '../../../src/bootstrap/config/load-config.js';
import { jobsOf, recorded } from '../../../src/bootstrap/jobs.js';
import { FakeClock } from '../../support/fake-clock.js';
import { parsePrometheusText, valueOf, type Family } from '../../support/prometheus-text.js';
import { freePort } from '../../support/replicas.js';
import { startTestServer, type TestServer } from '../../support/server.js';

const SETUP = { adminEmail: 'admin@example.com', adminPassword: 'correct horse', organizationName: 'Acme' };
const CREDENTIALS = { email: 'admin@example.com', password: 'correct horse' };
const REQUESTS = 'nimbus_http_request_duration_seconds_count';
const OUTCOMES = 'nimbus_auth_outcomes_total';

async function scrape(url: string): Promise<Map<string, Family>> {
  const res = await fetch(url);
  expect(res.status).to.equal(200);
  expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

describe('Prometheus metrics [postgres]', function () {
  this.timeout(60_000);
  let s: TestServer;
  let metricsUrl: string;
  const clock = new FakeClock(new Date('2026-05-04T03:02:01.000Z'));

  before(async () => {
    s = await startTestServer('postgres', { clock, config: { metrics: { port: await freePort() } } });
    metricsUrl = s.running.metricsUrl ?? '';
  });
  after(() => s?.close());

  it('serves valid Prometheus text with the process, pool and live-session figures', async () => {
    const families = await scrape(metricsUrl);
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ])
      expect(families.has(name), name).to.equal(true);
    expect(valueOf(families, 'nimbus_db_pool_connections')).to.be.greaterThan(0);
    expect(valueOf(families, 'nimbus_db_pool_in_use_connections')).to.be.at.least(0);
    expect(valueOf(families, 'nimbus_db_pool_waiting_requests')).to.equal(0);
    expect(families.get('nimbus_live_sessions_cached')?.type).to.equal('gauge');
    expect(families.get(OUTCOMES)?.type).to.equal('counter');
    expect(families.get('nimbus_http_request_duration_seconds')?.type).to.equal('histogram');
  });

  it('counts setup, login and refresh outcomes by result, and requests by route pattern and status', async () => {
    const before = await scrape(metricsUrl);
    const moved = (after: Map<string, Family>, name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    expect((await s.api('POST', '/api/v1/setup/initialize', { body: SETUP })).status).to.equal(201);
    expect((await s.api('POST', '/api/v1/setup/initialize', { body: SETUP })).status).to.equal(409);
    const login = await s.api('POST', '/api/v1/auth/login', { body: CREDENTIALS });
    expect(login.status).to.equal(200);
    for (let i = 0; i < 2; i += 1) {
      const wrong = { ...CREDENTIALS, password: `wrong ${i}` };
      expect((await s.api('POST', '/api/v1/auth/login', { body: wrong })).status).to.equal(401);
    }
    const { accessToken, refreshToken, sessionId } = login.body as Record<string, string>;
    const refresh = await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
    expect(refresh.status).to.equal(200);
    expect((await s.api('GET', '/api/v1/auth/me', { token: accessToken })).status).to.equal(200);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const revoke = await s.api('DELETE', `/api/v1/auth/sessions/${unknown}`, { token: accessToken });
    expect(revoke.status).to.equal(404);
    expect((await s.api('GET', '/api/v1/no-such-route-4242')).status).to.equal(404);
    expect((await s.api('GET', '/live')).status).to.equal(200);

    const after = await scrape(metricsUrl);
    expect(moved(after, OUTCOMES, { action: 'setup', result: 'success' })).to.equal(1);
    expect(moved(after, OUTCOMES, { action: 'setup', result: 'setup_already_completed' })).to.equal(1);
    expect(moved(after, OUTCOMES, { action: 'login', result: 'success' })).to.equal(1);
    expect(moved(after, OUTCOMES, { action: 'login', result: 'invalid_credentials' })).to.equal(2);
    expect(moved(after, OUTCOMES, { action: 'refresh', result: 'success' })).to.equal(1);

    const login200 = { route: '/api/v1/auth/login', method: 'POST', status: '200' };
    expect(moved(after, REQUESTS, login200)).to.equal(1);
    expect(moved(after, REQUESTS, { ...login200, status: '401' })).to.equal(2);
    expect(moved(after, REQUESTS, { route: '/api/v1/auth/me', method: 'GET', status: '200' })).to.equal(1);
    const pattern = { route: '/api/v1/auth/sessions/:id', method: 'DELETE', status: '404' };
    expect(moved(after, REQUESTS, pattern)).to.equal(1);
    expect(moved(after, REQUESTS, { route: 'unmatched', method: 'GET', status: '404' })).to.equal(1);
    // Probes stay on their fast path: not measured (what matters of them is what the prober sees).
    expect(moved(after, REQUESTS, { route: '/live' })).to.equal(0);
    const text = [...after.values()].flatMap((f) => f.samples.map((x) => JSON.stringify(x.labels))).join();
    expect(text).not.to.include(unknown).and.not.to.include('no-such-route');
    expect(text).not.to.include(sessionId);

    // Setup hashes; the three logins verify (argon2), the refresh does not.
    expect(moved(after, 'nimbus_password_verify_duration_seconds_count', {})).to.equal(3);
    expect(moved(after, 'nimbus_password_verify_duration_seconds_sum', {})).to.be.greaterThan(0);
    // The /me check left the session in this process's cache.
    expect(valueOf(after, 'nimbus_live_sessions_cached')).to.be.at.least(1);
  });

  it('counts job runs and failures, with the time of the last success', async () => {
    const [job] = jobsOf(s.running.runtime);
    if (!job) throw new Error('no job in the jobs table');
    const before = await scrape(metricsUrl);
    await job.run();
    clock.advance(60);
    const failure = await recorded(s.running.runtime, job.name, () => Promise.reject(new Error('boom'))).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).to.equal('boom');
    const after = await scrape(metricsUrl);
    const runs = (result: string) =>
      valueOf(after, 'nimbus_job_runs_total', { job: job.name, result }) -
      valueOf(before, 'nimbus_job_runs_total', { job: job.name, result });
    expect(runs('success')).to.equal(1);
    expect(runs('failure')).to.equal(1);
    const lastSuccess = valueOf(after, 'nimbus_job_last_success_timestamp_seconds', { job: job.name });
    expect(lastSuccess).to.equal(Date.parse('2026-05-04T03:02:01.000Z') / 1000);
  });

  it('keeps /metrics off the API port and answers 404 to other paths on the management port', async () => {
    expect((await s.api('GET', '/metrics')).status).to.equal(404);
    const other = await fetch(metricsUrl.replace('/metrics', '/'));
    expect(other.status).to.equal(404);
    expect(await other.text()).not.to.include('nimbus_');
  });

  it('binds the management port to 127.0.0.1 by default, never to every address', async () => {
    expect(new URL(metricsUrl).hostname).to.equal('127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!external) return;
    const port = new URL(metricsUrl).port;
    const reached = await fetch(`http://${external}:${port}/metrics`, {
      signal: AbortSignal.timeout(2000),
    }).then(
      () => true,
      () => false,
    );
    expect(reached, `${external}:${port}`).to.equal(false);
  });
});

describe('Prometheus metrics: settings', function () {
  this.timeout(30_000);

  it('defaults to 127.0.0.1:9464; NIMBUS_METRICS_PORT and NIMBUS_METRICS_HOST change it', () => {
    const base = { cwd: '/nonexistent' };
    expect(loadConfig({ ...base, env: {} }).metrics).to.deep.equal({ host: '127.0.0.1', port: 9464 });
    const env = { NIMBUS_METRICS_PORT: '0', NIMBUS_METRICS_HOST: '0.0.0.0' };
    expect(loadConfig({ ...base, env }).metrics).to.deep.equal({ host: '0.0.0.0', port: 0 });
    expect(() => loadConfig({ ...base, env: { NIMBUS_PORT: '9464' } })).to.throw(
      /metrics\.port: must differ/,
    );
  });

  it('port 0 turns the management port off', async () => {
    const s = await startTestServer('memory', { config: { metrics: { port: 0 } } });
    try {
      expect(s.running.metricsUrl).to.equal(null);
      expect((await s.api('GET', '/metrics')).status).to.equal(404);
    } finally {
      await s.close();
    }
  });

  it('serves on a configured host (every address), in memory without the pool figures', async () => {
    const port = await freePort();
    const s = await startTestServer('memory', { config: { metrics: { host: '0.0.0.0', port } } });
    try {
      expect(s.running.metricsUrl).to.equal(`http://localhost:${port}/metrics`);
      const families = await scrape(`http://127.0.0.1:${port}/metrics`);
      expect(families.has('process_cpu_user_seconds_total')).to.equal(true);
      expect(families.has('nimbus_db_pool_connections')).to.equal(false);
    } finally {
      await s.close();
    }
  });
});
