/**
 * Overview: the browser walk of the phase checklist in real Chromium against the real back end
 *   on embedded PostgreSQL: wizard, dashboard, sessions, logout, a wrong password, login, reload,
 *   a password change that signs a second browser out, sign out all other sessions, the
 *   sessions page's recent sign-ins and the Activity page showing the wrong password (filtered
 *   by type too); once at a desktop size and once at a phone's (390×844), each on a fresh
 *   instance.
 * Architecture: end-to-end test of the web UI (frontend/dist) served by the server bootstrap.
 * Dependencies: playwright-core driving Debian's /usr/bin/chromium, the server bootstrap.
 * Concepts: one origin; no request leaves localhost; the console stays free of errors; every
 *   page fits the window's width (no horizontal scrolling); a screenshot of each page at each
 *   size is kept under test-results/screenshots/<size>/ for a person to look at.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_WEB_UI_DIR, type RunningServer } from '../../src/bootstrap/server.js';
import { startEmbeddedTestServer, type EmbeddedTestServer } from '../support/embedded-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = path.join(root, 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The walk changes the password halfway (each viewport's walk runs on a fresh instance). */
const INITIAL_PASSWORD = 'a long passphrase';
const ADMIN = { email: 'ops@example.com', password: INITIAL_PASSWORD, org: 'Acme Cloud' };
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** How wide the document is against the window (a wider document scrolls sideways). */
const MEASURE_WIDTH =
  '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })';

function requireBuildAndChromium(): void {
  if (!existsSync(path.join(DEFAULT_WEB_UI_DIR, 'index.html'))) {
    throw new Error(
      `The web UI is not built in ${DEFAULT_WEB_UI_DIR}: run npm run build:ui (npm test does).`,
    );
  }
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
}

for (const viewport of VIEWPORTS) {
  describe(`web UI in Chromium (end to end) at ${viewport.width}×${viewport.height}`, function () {
    this.timeout(120_000);
    const shots = path.join(SHOTS, viewport.name);
    let e2e: EmbeddedTestServer;
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    const consoleErrors: string[] = [];
    const foreignRequests: string[] = [];
    /** Every page shown, with the document's width when it was shown. */
    const widths: { page: string; scrollWidth: number; innerWidth: number }[] = [];

    before(async function () {
      requireBuildAndChromium();
      ADMIN.password = INITIAL_PASSWORD;
      e2e = await startEmbeddedTestServer();
      server = e2e.server;
      await mkdir(shots, { recursive: true });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
      page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
      page.on('console', (msg) => {
        if (msg.type() === 'error') consoleErrors.push(msg.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(String(error)));
      page.on('request', (request) => {
        const { hostname, protocol } = new URL(request.url());
        if (protocol !== 'data:' && hostname !== '127.0.0.1' && hostname !== 'localhost') {
          foreignRequests.push(request.url());
        }
      });
    });

    after(async () => {
      await browser?.close();
      await e2e?.close();
    });

    /** Screenshots the page, then records its width (asserted at the end, so every page is kept). */
    const shot = async (name: string) => {
      await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
      widths.push({
        page: name,
        ...(await page.evaluate<{ scrollWidth: number; innerWidth: number }>(MEASURE_WIDTH)),
      });
    };
    const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
    /** Signs the admin in from another device, so the sessions list has a session to revoke. */
    const signInElsewhere = async () => {
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent':
            'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1',
        },
        body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
      });
      expect(res.status).to.equal(200);
    };

    it('walks a fresh instance: wizard, dashboard, sessions, logout, wrong password, login, reload, password change (another browser signed out), sign out all other sessions, activity', async () => {
      // Expected 401s (wrong password) are logged by Chromium as failed resources, not app errors.
      const expectedErrors = /status of 401|status of 409/;

      await page.goto(server.url + '/');
      await page.waitForURL(/#\/setup/);
      await byTestId('wizard-next').waitFor();
      await shot('01-wizard-welcome');
      await byTestId('wizard-next').click();

      // Validation per step: Next stays on the step until the form is valid.
      await byTestId('setup-email').fill(ADMIN.email);
      await byTestId('setup-password').fill(ADMIN.password);
      await byTestId('setup-password-confirm').fill('something else');
      await byTestId('wizard-next').click();
      expect(await byTestId('setup-email').isVisible()).to.equal(true);
      await byTestId('setup-password-confirm').fill(ADMIN.password);
      await shot('02-wizard-admin');
      await byTestId('wizard-next').click();

      await byTestId('setup-org').fill(ADMIN.org);
      await shot('03-wizard-organization');
      await byTestId('wizard-submit').click();
      // The done step signs the admin in and opens the dashboard by itself.
      await byTestId('wizard-finish').waitFor({ timeout: 15_000 });
      await shot('04-wizard-done');

      await byTestId('welcome').waitFor({ timeout: 15_000 });
      expect(await byTestId('welcome').textContent()).to.include(ADMIN.email);
      // A locator, not waitForFunction: a string predicate is eval'd, which the page's CSP forbids.
      await byTestId('api-version')
        .filter({ hasText: /\d+\.\d+\.\d+/ })
        .waitFor();
      await shot('05-dashboard');

      await signInElsewhere();
      await byTestId('nav-sessions').click();
      await byTestId('session-row').nth(1).waitFor();
      const rows = byTestId('session-row');
      expect(await rows.count()).to.equal(2);
      expect(await page.locator('[data-testid="session-row"][data-current="true"]').count()).to.equal(1);
      await shot('06-sessions');
      // The other device's Revoke button must be on screen, not past the right edge (checked at
      // the end, with the widths), and it works.
      const revoke = byTestId('revoke');
      const box = await revoke.boundingBox();
      expect(box, 'the Revoke button').to.not.equal(null);
      await revoke.click();
      await rows.nth(1).waitFor({ state: 'detached' });

      await byTestId('user-menu').click();
      await byTestId('logout').click();
      await page.waitForURL(/#\/login/);
      await byTestId('login-email').waitFor();
      await shot('07-login');

      await byTestId('login-email').fill(ADMIN.email);
      await byTestId('login-password').fill('wrong password');
      await byTestId('login-submit').click();
      await byTestId('login-error').waitFor();
      expect(await byTestId('login-error').textContent()).to.match(/invalid email or password/i);
      await shot('08-login-error');

      await byTestId('login-password').fill(ADMIN.password);
      await byTestId('login-submit').click();
      await byTestId('welcome').waitFor();
      expect(await byTestId('welcome').textContent()).to.include(ADMIN.email);

      await page.reload();
      await byTestId('welcome').waitFor();
      expect(await byTestId('welcome').textContent()).to.include(ADMIN.email);
      await shot('09-dashboard-after-reload');

      // A second browser, signed in through the UI, is signed out by a password change here.
      const other = await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
      });
      const otherPage = await other.newPage();
      await otherPage.goto(server.url + '/#/login');
      await otherPage.locator('[data-testid="login-email"]').fill(ADMIN.email);
      await otherPage.locator('[data-testid="login-password"]').fill(ADMIN.password);
      await otherPage.locator('[data-testid="login-submit"]').click();
      await otherPage.locator('[data-testid="welcome"]').waitFor();

      const newPassword = 'an even longer passphrase';
      await byTestId('user-menu').click();
      await byTestId('account-link').click();
      await byTestId('current-password').fill(ADMIN.password);
      await byTestId('new-password').fill(newPassword);
      await byTestId('confirm-password').fill(newPassword);
      await byTestId('change-password').click();
      await byTestId('password-changed').waitFor();
      await shot('10-account-password-changed');

      await otherPage.reload();
      await otherPage.waitForURL(/#\/login/, { timeout: 15_000 });
      await other.close();

      // Two more devices, then "Sign out all other sessions" leaves this one alone.
      ADMIN.password = newPassword;
      await signInElsewhere();
      await signInElsewhere();
      await byTestId('nav-sessions').click();
      await byTestId('session-row').nth(2).waitFor();
      await byTestId('sign-out-others').click();
      await byTestId('sign-out-others-confirm-button').click();
      await byTestId('session-row').nth(1).waitFor({ state: 'detached' });
      expect(await byTestId('session-row').count()).to.equal(1);
      await shot('11-sessions-signed-out-others');

      // The wrong password of step 08 is on record: the Sessions page's card lists recent
      // sign-ins and leads to Activity, where an administrator sees it with the email tried.
      await byTestId('sign-in-row').first().waitFor();
      await byTestId('all-activity').click();
      await page.waitForURL(/#\/activity/);
      const failedLogin = page.locator('[data-testid="activity-row"][data-type="LOGIN_FAILED"]');
      await failedLogin.first().waitFor();
      expect(await failedLogin.first().locator('[data-testid="activity-event"]').textContent()).to.equal(
        'Sign-in failed',
      );
      expect(await failedLogin.first().locator('[data-testid="event-outcome"]').textContent()).to.include(
        'Failed',
      );
      expect(await failedLogin.first().locator('[data-testid="activity-user"]').textContent()).to.include(
        ADMIN.email,
      );
      await shot('12-activity');
      // The type filter asks the server for failed sign-ins only.
      await page.locator('tui-filter label', { hasText: 'Sign-in failed' }).click();
      await byTestId('activity-filter-clear').waitFor();
      await byTestId('activity-row').first().waitFor();
      expect(
        await page.locator('[data-testid="activity-row"]:not([data-type="LOGIN_FAILED"])').count(),
      ).to.equal(0);
      expect(await failedLogin.count()).to.equal(1);
      await shot('13-activity-failed-sign-ins');

      expect(widths.map((w) => w.page)).to.have.length(13);
      expect(
        widths.filter((w) => w.scrollWidth > w.innerWidth),
        `pages wider than the ${viewport.width} px window (they scroll sideways)`,
      ).to.deep.equal([]);
      expect(
        { left: box!.x, right: box!.x + box!.width },
        'the Revoke button lies within the window',
      ).to.satisfy(
        ({ left, right }: { left: number; right: number }) => left >= 0 && right <= viewport.width,
      );
      expect(foreignRequests, 'requests that left localhost').to.deep.equal([]);
      expect(consoleErrors.filter((e) => !expectedErrors.test(e))).to.deep.equal([]);
    });

    if (viewport === VIEWPORTS[0]) {
      it('serves the UI under a strict Content-Security-Policy and keeps API 404s as JSON', async () => {
        const res = await fetch(server.url + '/');
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp)
          .to.include("script-src 'self'")
          .and.include("default-src 'self'")
          .and.not.include('unsafe-eval');
        expect(await res.text()).to.not.match(/<script>(?!<\/script>)/);
        const missing = await fetch(server.url + '/api/v1/nothing-here');
        expect(missing.status).to.equal(404);
        expect(missing.headers.get('content-type')).to.include('application/json');
      });
    }
  });
}
