/**
 * Overview: specs of the route guards: unauthenticated users go to the login page, everyone goes
 *   to the wizard while setup is not done, the setup status is cached once initialised.
 * Architecture: unit tests running the functional guards in an injection context.
 * Dependencies: Jest, TestBed, HttpTestingController, the shared test providers.
 * Concepts: setup comes before sign-in; an unreachable API lets the page show the error.
 */
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import {
  type ActivatedRouteSnapshot,
  type CanActivateFn,
  type GuardResult,
  type RouterStateSnapshot,
  UrlTree,
} from '@angular/router';
import { API, provideTestApp, settle, storeSession } from '../../../testing/test-providers';
import type { SetupStatus } from '../setup/setup-status.models';
import { authGuard, guestGuard, setupGuard } from './auth.guard';

const INITIALIZED: SetupStatus = {
  initialized: true,
  organizationName: 'Acme Cloud',
  isolationStrategy: 'schema-per-tenant-rls',
  setupTokenRequired: false,
};
const FRESH: SetupStatus = { ...INITIALIZED, initialized: false, organizationName: null };

describe('route guards', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  function run(guard: CanActivateFn, url = '/dashboard'): Promise<GuardResult> {
    return TestBed.runInInjectionContext(
      () =>
        guard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot) as Promise<GuardResult>,
    );
  }

  async function answerStatus(status: SetupStatus): Promise<void> {
    await settle();
    http.expectOne(`${API}/setup/status`).flush(status);
  }

  function target(result: GuardResult): string {
    expect(result).toBeInstanceOf(UrlTree);
    return (result as UrlTree).toString();
  }

  it('authGuard blocks unauthenticated access and sends the user to the login page', async () => {
    const result = run(authGuard, '/sessions');
    await answerStatus(INITIALIZED);
    expect(target(await result)).toBe('/login?returnUrl=%2Fsessions');
  });

  it('authGuard lets a signed-in user through', async () => {
    storeSession(1);
    const result = run(authGuard);
    await answerStatus(INITIALIZED);
    expect(await result).toBe(true);
  });

  it('authGuard sends everyone, signed in or not, to the wizard while setup is not done', async () => {
    storeSession(1);
    const result = run(authGuard);
    await answerStatus(FRESH);
    expect(target(await result)).toBe('/setup');
  });

  it('guestGuard sends to the wizard before setup and to the dashboard when signed in', async () => {
    const beforeSetup = run(guestGuard, '/login');
    await answerStatus(FRESH);
    expect(target(await beforeSetup)).toBe('/setup');

    const signedOut = run(guestGuard, '/login');
    await answerStatus(INITIALIZED);
    expect(await signedOut).toBe(true);

    storeSession(1);
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    const signedIn = run(guestGuard, '/login');
    await answerStatus(INITIALIZED);
    expect(target(await signedIn)).toBe('/dashboard');
  });

  it('setupGuard opens the wizard only while setup is not done', async () => {
    const fresh = run(setupGuard, '/setup');
    await answerStatus(FRESH);
    expect(await fresh).toBe(true);

    const done = run(setupGuard, '/setup');
    await answerStatus(INITIALIZED);
    expect(target(await done)).toBe('/login');
  });

  it('asks for the setup status again until it is initialised, then caches it', async () => {
    const first = run(guestGuard, '/login');
    await answerStatus(FRESH);
    await first;
    const second = run(guestGuard, '/login');
    await answerStatus(INITIALIZED);
    await second;

    expect(await run(authGuard, '/sessions')).toBeInstanceOf(UrlTree);
    expect(await run(guestGuard, '/login')).toBe(true);
    http.expectNone(`${API}/setup/status`);
  });

  it('when the API cannot be reached, unauthenticated users still land on the login page', async () => {
    const result = run(authGuard, '/dashboard');
    await settle();
    http.expectOne(`${API}/setup/status`).error(new ProgressEvent('error'));
    expect(target(await result)).toBe('/login');
  });
});
