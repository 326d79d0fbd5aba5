/**
 * Overview: specs of the sessions page: one row per session (with the date it ends by), the
 *   current one marked and not revocable, revoking another sends DELETE and removes its row;
 *   "sign out all other sessions" asks first, then sends one DELETE and leaves only this device.
 * Architecture: component test with the real HTTP stack faked by HttpTestingController.
 * Dependencies: Jest, TestBed, Taiga UI, the shared test providers.
 * Concepts: a revoked session stops working at once on the server.
 */
import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { SessionInfo } from '../../core/auth/auth.models';
import { API, provideTestApp, settle, storeSession } from '../../../testing/test-providers';
import { SessionsComponent } from './sessions.component';
import { describeUserAgent } from './user-agent';

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';

function session(id: string, current: boolean, userAgent: string | null): SessionInfo {
  return {
    id,
    current,
    userAgent,
    ip: current ? '10.0.0.1' : '10.0.0.2',
    createdAt: '2026-01-01T10:00:00.000Z',
    lastUsedAt: current ? '2026-01-02T10:00:00.000Z' : '2026-01-01T12:00:00.000Z',
    expiresAt: '2026-01-08T10:00:00.000Z',
    absoluteExpiresAt: '2026-01-31T10:00:00.000Z',
  };
}

describe('SessionsComponent', () => {
  let fixture: ComponentFixture<SessionsComponent>;
  let http: HttpTestingController;

  const rows = (): HTMLElement[] =>
    Array.from(fixture.nativeElement.querySelectorAll('[data-testid=session-row]'));

  beforeEach(async () => {
    localStorage.clear();
    storeSession(1);
    TestBed.configureTestingModule({ imports: [SessionsComponent], providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SessionsComponent);
    await fixture.whenStable();
    const list = http.expectOne(`${API}/auth/sessions`);
    expect(list.request.headers.get('Authorization')).toBe('Bearer access-1');
    list.flush({ sessions: [session('s-2', false, FIREFOX), session('s-1', true, CHROME)] });
    await settle();
    await fixture.whenStable();
  });
  afterEach(() => http.verify());

  it('lists the sessions, the current one first and marked, with device, IP and dates', () => {
    expect(rows()).toHaveLength(2);
    const [current, other] = rows();
    expect(current!.dataset['current']).toBe('true');
    expect(other!.dataset['current']).toBe('false');
    expect(current!.textContent).toContain('Chrome on Linux');
    expect(current!.textContent).toContain('10.0.0.1');
    expect(current!.textContent).toContain('This device');
    expect(current!.querySelector('[data-testid=revoke]')).toBeNull();
    expect(other!.textContent).toContain('Firefox on Windows');
    expect(other!.textContent).toContain('2026');
    expect(current!.querySelector('[data-testid=ends-by]')!.textContent).toContain('Jan 31, 2026');
    expect(other!.querySelector('[data-testid=revoke]')).not.toBeNull();
  });

  it('revoking another session sends DELETE and removes its row', async () => {
    (rows()[1]!.querySelector('[data-testid=revoke]') as HTMLElement).click();
    const req = http.expectOne(`${API}/auth/sessions/s-2`);
    expect(req.request.method).toBe('DELETE');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await fixture.whenStable();
    expect(rows()).toHaveLength(1);
    expect(rows()[0]!.dataset['current']).toBe('true');
  });

  it('keeps the row and shows the error when the revoke fails', async () => {
    (rows()[1]!.querySelector('[data-testid=revoke]') as HTMLElement).click();
    http
      .expectOne(`${API}/auth/sessions/s-2`)
      .flush(
        { error: { code: 'SERVICE_UNAVAILABLE', message: 'Try again later.', traceId: 't' } },
        { status: 503, statusText: 'Service Unavailable' },
      );
    await settle();
    await fixture.whenStable();
    expect(rows()).toHaveLength(2);
    expect(
      fixture.nativeElement.querySelector('[data-testid=sessions-error]')?.textContent?.trim(),
    ).toBe('Try again later.');
  });
});

describe('SessionsComponent: sign out all other sessions', () => {
  let fixture: ComponentFixture<SessionsComponent>;
  let http: HttpTestingController;

  const el = (testId: string): HTMLElement | null =>
    fixture.nativeElement.querySelector(`[data-testid=${testId}]`);
  const rows = (): HTMLElement[] =>
    Array.from(fixture.nativeElement.querySelectorAll('[data-testid=session-row]'));

  async function open(sessions: SessionInfo[]): Promise<void> {
    localStorage.clear();
    storeSession(1);
    TestBed.configureTestingModule({ imports: [SessionsComponent], providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SessionsComponent);
    await fixture.whenStable();
    http.expectOne(`${API}/auth/sessions`).flush({ sessions });
    await settle();
    await fixture.whenStable();
  }

  async function click(testId: string): Promise<void> {
    el(testId)!.click();
    await settle();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('asks first; Cancel sends nothing; confirming sends DELETE /auth/sessions and leaves only this device', async () => {
    await open([
      session('s-1', true, CHROME),
      session('s-2', false, FIREFOX),
      session('s-3', false, null),
    ]);
    await click('sign-out-others');
    http.expectNone(`${API}/auth/sessions`);
    expect(el('sign-out-others-confirm')?.textContent).toContain('all 2 other sessions');

    await click('sign-out-others-cancel');
    expect(el('sign-out-others-confirm')).toBeNull();
    http.expectNone(`${API}/auth/sessions`);

    await click('sign-out-others');
    await click('sign-out-others-confirm-button');
    const req = http.expectOne(`${API}/auth/sessions`);
    expect(req.request.method).toBe('DELETE');
    expect(req.request.headers.get('Authorization')).toBe('Bearer access-1');
    req.flush({ count: 2 });
    await settle();
    await fixture.whenStable();

    expect(rows()).toHaveLength(1);
    expect(rows()[0]!.dataset['current']).toBe('true');
    expect(fixture.nativeElement.textContent).toContain('Signed out 2 other sessions.');
    expect(el('sign-out-others')).toBeNull();
    expect(el('sign-out-others-confirm')).toBeNull();
  });

  it('keeps the list and shows the error when the server refuses', async () => {
    await open([session('s-1', true, CHROME), session('s-2', false, FIREFOX)]);
    await click('sign-out-others');
    await click('sign-out-others-confirm-button');
    http
      .expectOne(`${API}/auth/sessions`)
      .flush(
        { error: { code: 'SERVICE_UNAVAILABLE', message: 'Try again later.', traceId: 't' } },
        { status: 503, statusText: 'Service Unavailable' },
      );
    await settle();
    await fixture.whenStable();
    expect(rows()).toHaveLength(2);
    expect(el('sessions-error')?.textContent?.trim()).toBe('Try again later.');
  });

  it('offers no button when this is the only session', async () => {
    await open([session('s-1', true, CHROME)]);
    expect(el('sign-out-others')).toBeNull();
    expect(fixture.nativeElement.textContent).toContain('This is your only session.');
  });
});

describe('describeUserAgent', () => {
  it('names common browsers and systems, and falls back to the raw string', () => {
    expect(describeUserAgent(CHROME)).toBe('Chrome on Linux');
    expect(describeUserAgent(FIREFOX)).toBe('Firefox on Windows');
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS');
    expect(describeUserAgent('curl/8.5.0')).toBe('curl');
    expect(describeUserAgent(null)).toBe('Unknown device');
    expect(describeUserAgent('SomeAgent')).toBe('SomeAgent');
  });
});
