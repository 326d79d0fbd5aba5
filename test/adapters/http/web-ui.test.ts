/**
 * Overview: the web UI while `npm start` still builds it: `/` says so and reloads itself, then
 *   serves the build once it succeeded, and nothing once it failed.
 * Architecture: adapter test (HTTP, web UI router) over a real Express app on a loopback port.
 * Dependencies: express, the web UI router, node:fs (a scratch build folder), chai.
 * Concepts: only `GET /` answers while building; the API's own routes are never shadowed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import express from 'express';
import { WEB_UI_CSP, webUi } from '../../../src/adapters/http/web-ui.js';

describe('web UI while its build runs (webUi with a build pending)', () => {
  let dir = '';
  let closeServer: () => Promise<void> = async () => undefined;

  /** An app with the router and a fallback that tells a fall-through apart; `served` as webUi says. */
  async function serve(built: Promise<boolean>): Promise<{ url: string; served: Promise<boolean> }> {
    const ui = webUi(dir, built);
    expect(ui.router, 'a router while the build runs').to.not.equal(null);
    const app = express();
    app.use(ui.router!);
    app.use((_req, res) => void res.status(404).send('fell through'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    closeServer = () => new Promise((resolve) => server.close(() => resolve()));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, served: ui.served };
  }

  function deferred(): { promise: Promise<boolean>; settle: (ok: boolean) => void } {
    let settle: (ok: boolean) => void = () => undefined;
    const promise = new Promise<boolean>((resolve) => (settle = resolve));
    return { promise, settle };
  }

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nimbus-web-ui-'));
  });
  afterEach(async () => {
    await closeServer();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers GET / with 503 and a self-reloading page until the build succeeds, then the UI', async () => {
    const build = deferred();
    const { url, served } = await serve(build.promise);
    const building = await fetch(`${url}/`);
    expect(building.status).to.equal(503);
    expect(building.headers.get('retry-after')).to.equal('2');
    expect(building.headers.get('cache-control')).to.equal('no-store');
    expect(building.headers.get('content-security-policy')).to.equal(WEB_UI_CSP);
    expect(await building.text()).to.include('<meta http-equiv="refresh" content="2" />');
    // Other paths and methods are not the UI's while it builds.
    expect(await (await fetch(`${url}/api/v1/setup/status`)).text()).to.equal('fell through');
    expect((await fetch(`${url}/`, { method: 'POST' })).status).to.equal(404);

    writeFileSync(path.join(dir, 'index.html'), '<nb-root>built</nb-root>');
    writeFileSync(path.join(dir, 'main-ABCDEFGH.js'), 'console.log(1);');
    build.settle(true);
    expect(await served, 'served once built').to.equal(true);
    const page = await fetch(`${url}/`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.equal('<nb-root>built</nb-root>');
    const asset = await fetch(`${url}/main-ABCDEFGH.js`);
    expect(asset.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
  });

  it('serves nothing once the build failed (or left no index.html)', async () => {
    const build = deferred();
    const { url, served } = await serve(build.promise);
    build.settle(false);
    expect(await served).to.equal(false);
    const page = await fetch(`${url}/`);
    expect(page.status).to.equal(404);
    expect(await page.text()).to.equal('fell through');

    const noIndex = deferred();
    await closeServer();
    const second = await serve(noIndex.promise);
    noIndex.settle(true);
    expect(await second.served, 'no index.html: not served').to.equal(false);
    expect(await (await fetch(`${second.url}/`)).text()).to.equal('fell through');
  });

  it('without a build running: the UI as found, or no router and not served', async () => {
    const missing = webUi(dir);
    expect(missing.router).to.equal(null);
    expect(await missing.served).to.equal(false);
    writeFileSync(path.join(dir, 'index.html'), '<nb-root>built</nb-root>');
    const found = webUi(dir);
    expect(found.router).to.not.equal(null);
    expect(await found.served).to.equal(true);
  });
});
