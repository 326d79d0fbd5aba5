/**
 * Overview: specs of the sessions page: one row per session (with the date it ends by), the
 *   current one marked and not revocable, revoking another sends DELETE and removes its row;
 *   "sign out all other sessions" asks first, then sends one DELETE and leaves only this device;
 *   the "Recent sign-ins" card asks GraphQL for the user's last five sign-in attempts, marks
 *   failures, and a failure of its query leaves the sessions list working.
 * Architecture: component test with the real HTTP stack faked by HttpTestingController and
 *   Apollo by ApolloTestingController.
 * Dependencies: Jest, TestBed, Taiga UI, apollo-angular/testing, the shared test providers.
 * Concepts: a revoked session stops working at once on the server; sessions come over REST,
 *   auth events over GraphQL.
 */
import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { ApolloTestingController, ApolloTestingModule } from 'apollo-angular/testing';
import type { SessionInfo } from '../../core/auth/auth.models';
import { AUTH_EVENTS_QUERY, type AuthEvent } from '../../core/graphql/auth-events';
import { API, provideTestApp, settle, storeSession } from '../../../testing/test-providers';
import { SessionsComponent } from './sessions.component';

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
    TestBed.configureTestingModule({
      imports: [ApolloTestingModule, SessionsComponent],
      providers: provideTestApp(),
    });
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
    TestBed.configureTestingModule({
      imports: [ApolloTestingModule, SessionsComponent],
      providers: provideTestApp(),
    });
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

function signIn(
  id: string,
  type: AuthEvent['type'],
  overrides: Partial<AuthEvent> = {},
): { cursor: string; node: AuthEvent & { __typename: 'AuthEvent' } } {
  return {
    cursor: `c-${id}`,
    node: {
      __typename: 'AuthEvent',
      id,
      occurredAt: '2026-01-02T09:00:00.000Z',
      type,
      outcome: type === 'LOGIN_SUCCEEDED' ? 'SUCCESS' : 'FAILURE',
      userId: 'u-1',
      email: 'admin@example.com',
      ip: '10.0.0.7',
      userAgent: CHROME,
      count: 1,
      detail: null,
      ...overrides,
    },
  };
}

describe('SessionsComponent: recent sign-ins', () => {
  let fixture: ComponentFixture<SessionsComponent>;
  let http: HttpTestingController;
  let apollo: ApolloTestingController;

  const el = (testId: string): HTMLElement | null =>
    fixture.nativeElement.querySelector(`[data-testid=${testId}]`);
  const all = (testId: string): HTMLElement[] =>
    Array.from(fixture.nativeElement.querySelectorAll(`[data-testid=${testId}]`));

  beforeEach(async () => {
    localStorage.clear();
    storeSession(1);
    TestBed.configureTestingModule({
      imports: [ApolloTestingModule, SessionsComponent],
      providers: provideTestApp(),
    });
    http = TestBed.inject(HttpTestingController);
    apollo = TestBed.inject(ApolloTestingController);
    fixture = TestBed.createComponent(SessionsComponent);
    await fixture.whenStable();
    http
      .expectOne(`${API}/auth/sessions`)
      .flush({ sessions: [session('s-1', true, CHROME), session('s-2', false, FIREFOX)] });
    await settle();
    await fixture.whenStable();
  });
  afterEach(() => {
    http.verify();
    apollo.verify();
  });

  it("asks for the user's own last five sign-in attempts and lists them, failures marked", async () => {
    const op = apollo.expectOne(AUTH_EVENTS_QUERY);
    expect(op.operation.variables).toEqual({
      first: 5,
      types: ['LOGIN_SUCCEEDED', 'LOGIN_FAILED', 'LOGIN_THROTTLED'],
      userId: 'u-1',
    });
    op.flushData({
      authEvents: {
        __typename: 'AuthEventConnection',
        edges: [
          signIn('e-3', 'LOGIN_THROTTLED', { count: 12 }),
          signIn('e-2', 'LOGIN_FAILED', { ip: '203.0.113.9' }),
          signIn('e-1', 'LOGIN_SUCCEEDED'),
        ],
        pageInfo: { __typename: 'AuthEventPageInfo', hasNextPage: true, endCursor: 'c-e-1' },
      },
    });
    await settle();
    await fixture.whenStable();

    const rows = all('sign-in-row');
    expect(rows.map((row) => row.dataset['type'])).toEqual([
      'LOGIN_THROTTLED',
      'LOGIN_FAILED',
      'LOGIN_SUCCEEDED',
    ]);
    const [throttled, failed, succeeded] = rows;
    expect(throttled!.textContent).toContain('Sign-in throttled');
    expect(throttled!.textContent).toContain('×12');
    expect(failed!.textContent).toContain('Sign-in failed');
    expect(failed!.textContent).toContain('203.0.113.9');
    expect(failed!.textContent).toContain('Chrome on Linux');
    expect(failed!.querySelector('[data-testid=event-outcome]')!.textContent?.trim()).toBe(
      'Failed',
    );
    expect(succeeded!.textContent).toContain('Signed in');
    expect(succeeded!.querySelector('[data-testid=event-outcome]')!.textContent?.trim()).toBe(
      'Succeeded',
    );
    expect(el('all-activity')?.getAttribute('href')).toBe('/activity');
    expect(el('recent-sign-ins-error')).toBeNull();
  });

  it('says so in the card when its query fails, and the sessions list still works', async () => {
    apollo
      .expectOne(AUTH_EVENTS_QUERY)
      .graphqlErrors([
        { message: 'You may only see your own events.', extensions: { code: 'FORBIDDEN' } },
      ]);
    await settle();
    await fixture.whenStable();

    expect(el('recent-sign-ins-error')?.textContent).toContain('You may only see your own events.');
    expect(all('sign-in-row')).toHaveLength(0);
    expect(el('sessions-error')).toBeNull();
    expect(all('session-row')).toHaveLength(2);

    el('revoke')!.click();
    const req = http.expectOne(`${API}/auth/sessions/s-2`);
    expect(req.request.method).toBe('DELETE');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await fixture.whenStable();
    expect(all('session-row')).toHaveLength(1);
  });

  it('shows a network failure in the card only', async () => {
    apollo.expectOne(AUTH_EVENTS_QUERY).networkError(new Error('down'));
    await settle();
    await fixture.whenStable();
    expect(el('recent-sign-ins-error')?.textContent).toMatch(/Cannot reach the Nimbus server/);
    expect(all('session-row')).toHaveLength(2);
    expect(el('sign-out-others')).not.toBeNull();
  });
});
