/**
 * Overview: specs of the Activity page: it lists the auth events GraphQL answers (event in words,
 *   outcome in words, "×N", device, IP), the type filter sends `types`, "Load more" sends
 *   `after: endCursor` and appends without duplicates, only an administrator gets the user
 *   column, and errors (FORBIDDEN, network) show inline.
 * Architecture: component test with Apollo's testing controller.
 * Dependencies: Jest, TestBed, apollo-angular/testing, Taiga UI, the shared test providers.
 * Concepts: cursor paging, newest first; an administrator sees everyone's events.
 */
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import {
  ApolloTestingController,
  ApolloTestingModule,
  type TestOperation,
} from 'apollo-angular/testing';
import type { User } from '../../core/auth/auth.models';
import { AUTH_EVENTS_QUERY, type AuthEvent } from '../../core/graphql/auth-events';
import {
  ADMIN,
  MEMBER,
  provideTestApp,
  settle,
  storeSession,
} from '../../../testing/test-providers';
import { ActivityComponent } from './activity.component';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';

function event(id: string, type: AuthEvent['type'], overrides: Partial<AuthEvent> = {}) {
  return {
    __typename: 'AuthEvent' as const,
    id,
    occurredAt: '2026-03-04T05:06:07.000Z',
    type,
    outcome: (type === 'LOGIN_FAILED' || type === 'LOGIN_THROTTLED' ? 'FAILURE' : 'SUCCESS') as
      'FAILURE' | 'SUCCESS',
    userId: 'u-9',
    email: 'someone@example.com',
    ip: '198.51.100.4',
    userAgent: FIREFOX,
    count: 1,
    detail: null,
    ...overrides,
  };
}

function page(nodes: ReturnType<typeof event>[], endCursor: string | null, hasNextPage: boolean) {
  return {
    authEvents: {
      __typename: 'AuthEventConnection',
      edges: nodes.map((node) => ({ __typename: 'AuthEventEdge', cursor: `c-${node.id}`, node })),
      pageInfo: { __typename: 'AuthEventPageInfo', hasNextPage, endCursor },
    },
  };
}

describe('ActivityComponent', () => {
  let fixture: ComponentFixture<ActivityComponent>;
  let apollo: ApolloTestingController;

  const el = (testId: string): HTMLElement | null =>
    fixture.nativeElement.querySelector(`[data-testid=${testId}]`);
  const all = (testId: string): HTMLElement[] =>
    Array.from(fixture.nativeElement.querySelectorAll(`[data-testid=${testId}]`));
  const times = (): string[] =>
    all('activity-row').map((row) => row.querySelector('time')?.getAttribute('datetime') ?? '');
  const types = (): (string | undefined)[] => all('activity-row').map((row) => row.dataset['type']);

  async function render(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  async function open(user: User = ADMIN): Promise<void> {
    localStorage.clear();
    storeSession(1, 3_600_000, user);
    TestBed.configureTestingModule({
      imports: [ApolloTestingModule, ActivityComponent],
      providers: provideTestApp(),
    });
    apollo = TestBed.inject(ApolloTestingController);
    fixture = TestBed.createComponent(ActivityComponent);
    await fixture.whenStable();
  }

  function expectQuery(): TestOperation {
    return apollo.expectOne(AUTH_EVENTS_QUERY);
  }

  async function clickFilter(label: string): Promise<void> {
    const option = Array.from(
      fixture.nativeElement.querySelectorAll('tui-filter label') as NodeListOf<HTMLElement>,
    ).find((item) => item.textContent?.trim() === label);
    expect(option).toBeDefined();
    option!.querySelector('input')!.click();
    await render();
  }

  afterEach(() => apollo.verify());

  it('shows a loader, then the events newest first with words for type and outcome', async () => {
    await open();
    expect(el('activity-loading')).not.toBeNull();
    const op = expectQuery();
    expect(op.operation.variables).toEqual({ first: 20 });
    op.flushData(
      page(
        [
          event('e-3', 'LOGIN_THROTTLED', { count: 37, occurredAt: '2026-03-04T05:06:09.000Z' }),
          event('e-2', 'LOGIN_FAILED', { occurredAt: '2026-03-04T05:06:08.000Z' }),
          event('e-1', 'SESSION_REVOKED', {
            detail: 'signed_out_others',
            userAgent: null,
            ip: null,
          }),
        ],
        'c-e-1',
        false,
      ),
    );
    await render();

    expect(el('activity-loading')).toBeNull();
    expect(types()).toEqual(['LOGIN_THROTTLED', 'LOGIN_FAILED', 'SESSION_REVOKED']);
    const [throttled, failed, revoked] = all('activity-row');
    expect(throttled!.querySelector('[data-testid=activity-event]')!.textContent).toBe(
      'Sign-in throttled',
    );
    expect(throttled!.querySelector('[data-testid=activity-count]')!.textContent).toContain('×37');
    expect(failed!.querySelector('[data-testid=activity-event]')!.textContent).toBe(
      'Sign-in failed',
    );
    expect(failed!.querySelector('[data-testid=activity-count]')).toBeNull();
    expect(failed!.dataset['outcome']).toBe('FAILURE');
    expect(failed!.querySelector('[data-testid=event-outcome]')!.textContent?.trim()).toBe(
      'Failed',
    );
    expect(failed!.textContent).toContain('Firefox on Windows');
    expect(failed!.textContent).toContain('198.51.100.4');
    expect(failed!.querySelector('time')!.textContent).toContain('2026');
    expect(revoked!.querySelector('[data-testid=event-outcome]')!.textContent?.trim()).toBe(
      'Succeeded',
    );
    expect(revoked!.textContent).toContain('signed out everywhere else');
    expect(el('activity-load-more')).toBeNull();
    expect(el('activity-empty')).toBeNull();
  });

  it('the type filter sends `types` and starts again; "Show all types" drops it', async () => {
    await open();
    expectQuery().flushData(
      page([event('e-2', 'LOGIN_SUCCEEDED'), event('e-1', 'LOGOUT')], 'c-e-1', true),
    );
    await render();

    await clickFilter('Sign-in failed');
    const filtered = expectQuery();
    expect(filtered.operation.variables).toEqual({ first: 20, types: ['LOGIN_FAILED'] });
    expect(all('activity-row')).toHaveLength(0);
    filtered.flushData(page([event('e-9', 'LOGIN_FAILED')], 'c-e-9', false));
    await render();
    expect(types()).toEqual(['LOGIN_FAILED']);

    await clickFilter('Sign-in throttled');
    const two = expectQuery();
    expect(two.operation.variables).toEqual({
      first: 20,
      types: ['LOGIN_FAILED', 'LOGIN_THROTTLED'],
    });
    two.flushData(page([], null, false));
    await render();
    expect(el('activity-empty')?.textContent).toContain('No events of the chosen types.');

    el('activity-filter-clear')!.click();
    await render();
    const cleared = expectQuery();
    expect(cleared.operation.variables).toEqual({ first: 20 });
    cleared.flushData(page([], null, false));
    await render();
    expect(el('activity-empty')?.textContent).toContain('No activity recorded yet.');
  });

  it('"Load more" sends after: endCursor and appends the next page without duplicates', async () => {
    await open();
    expectQuery().flushData(
      page(
        [
          event('e-4', 'LOGIN_SUCCEEDED', { occurredAt: '2026-03-04T05:00:04.000Z' }),
          event('e-3', 'LOGIN_FAILED', { occurredAt: '2026-03-04T05:00:03.000Z' }),
        ],
        'cursor-after-e-3',
        true,
      ),
    );
    await render();
    expect(all('activity-row')).toHaveLength(2);

    el('activity-load-more')!.click();
    await render();
    const next = expectQuery();
    expect(next.operation.variables).toEqual({ first: 20, after: 'cursor-after-e-3' });
    // An event written between the two requests may show up again: it is listed once.
    next.flushData(
      page(
        [
          event('e-3', 'LOGIN_FAILED', { occurredAt: '2026-03-04T05:00:03.000Z' }),
          event('e-2', 'LOGOUT', { occurredAt: '2026-03-04T05:00:02.000Z' }),
          event('e-1', 'SETUP_COMPLETED', { occurredAt: '2026-03-04T05:00:01.000Z' }),
        ],
        'c-e-1',
        false,
      ),
    );
    await render();

    expect(types()).toEqual(['LOGIN_SUCCEEDED', 'LOGIN_FAILED', 'LOGOUT', 'SETUP_COMPLETED']);
    expect(times()).toEqual([
      '2026-03-04T05:00:04.000Z',
      '2026-03-04T05:00:03.000Z',
      '2026-03-04T05:00:02.000Z',
      '2026-03-04T05:00:01.000Z',
    ]);
    expect(el('activity-load-more')).toBeNull();
  });

  it('keeps the rows and shows the error when "Load more" fails, and can try again', async () => {
    await open();
    expectQuery().flushData(page([event('e-2', 'LOGIN_SUCCEEDED')], 'c-e-2', true));
    await render();

    el('activity-load-more')!.click();
    await render();
    expectQuery().networkError(new Error('Http failure response for /graphql: 0 Unknown Error'));
    await render();
    expect(el('activity-error')?.textContent).toMatch(/Cannot reach the Nimbus server/);
    expect(all('activity-row')).toHaveLength(1);

    el('activity-load-more')!.click();
    await render();
    const retry = expectQuery();
    expect(retry.operation.variables).toEqual({ first: 20, after: 'c-e-2' });
    retry.flushData(page([event('e-1', 'LOGOUT')], 'c-e-1', false));
    await render();
    expect(el('activity-error')).toBeNull();
    expect(all('activity-row')).toHaveLength(2);
  });

  it('gives an administrator the user column with the email of each event', async () => {
    await open(ADMIN);
    expectQuery().flushData(
      page(
        [event('e-1', 'LOGIN_FAILED', { email: 'typo@example.com', userId: null })],
        null,
        false,
      ),
    );
    await render();
    expect(el('activity-user-column')?.textContent).toBe('User');
    expect(el('activity-user')?.textContent?.trim()).toBe('typo@example.com');
    expect(fixture.nativeElement.textContent).toContain('of every user');
  });

  it('gives a member no user column', async () => {
    await open(MEMBER);
    expectQuery().flushData(
      page(
        [event('e-1', 'LOGIN_SUCCEEDED', { email: MEMBER.email, userId: MEMBER.id })],
        null,
        false,
      ),
    );
    await render();
    expect(all('activity-row')).toHaveLength(1);
    expect(el('activity-user-column')).toBeNull();
    expect(el('activity-user')).toBeNull();
    expect(fixture.nativeElement.textContent).not.toContain(MEMBER.email);
    expect(fixture.nativeElement.textContent).toContain('of your account');
  });

  it('shows a FORBIDDEN answer inline, without a loader or rows', async () => {
    await open(MEMBER);
    expectQuery().graphqlErrors([
      { message: 'You may only see your own events.', extensions: { code: 'FORBIDDEN' } },
    ]);
    await render();
    expect(el('activity-error')?.textContent?.trim()).toBe('You may only see your own events.');
    expect(el('activity-loading')).toBeNull();
    expect(all('activity-row')).toHaveLength(0);

    el('activity-refresh')!.click();
    await render();
    expect(el('activity-error')).toBeNull();
    expectQuery().flushData(page([], null, false));
    await render();
    expect(el('activity-empty')).not.toBeNull();
  });

  it('drops the answer to a request the filter has replaced', async () => {
    await open();
    const first = expectQuery();
    await clickFilter('Signed out');
    const filtered = expectQuery();
    filtered.flushData(page([event('e-5', 'LOGOUT')], null, false));
    await render();
    first.flushData(page([event('e-6', 'LOGIN_SUCCEEDED')], null, false));
    await render();
    expect(types()).toEqual(['LOGOUT']);
  });
});
