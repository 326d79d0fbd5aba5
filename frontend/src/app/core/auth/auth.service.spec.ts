/**
 * Overview: specs of AuthService: login state, storage, timed refresh, single-flight refresh,
 *   logout, restoring a stored session.
 * Architecture: unit tests over the real service, HTTP faked by HttpTestingController.
 * Dependencies: Jest, TestBed, the shared test providers.
 * Concepts: refresh-token rotation; refresh 60 s before the access token expires.
 */
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import {
  ADMIN,
  API,
  errorBody,
  loginResponse,
  provideTestApp,
  settle,
  storeSession,
  tokenPair,
} from '../../../testing/test-providers';
import { ApiError } from '../http/api-error';
import { AuthService } from './auth.service';
import { TOKEN_STORAGE_KEY } from './token-storage';

describe('AuthService', () => {
  let http: HttpTestingController;

  function setUp(): AuthService {
    TestBed.configureTestingModule({ providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(AuthService);
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('login calls the API and updates the auth state and localStorage', async () => {
    const auth = setUp();
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.currentUser()).toBeNull();

    const done = auth.login('admin@example.com', 'secret');
    const req = http.expectOne(`${API}/auth/login`);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ email: 'admin@example.com', password: 'secret' });
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush(loginResponse(1));
    await expect(done).resolves.toEqual(ADMIN);

    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.currentUser()).toEqual(ADMIN);
    expect(auth.accessToken()).toBe('access-1');
    const stored = JSON.parse(localStorage.getItem(TOKEN_STORAGE_KEY) ?? 'null');
    expect(stored).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  });

  it('a refused login leaves the user signed out and reports the API error', async () => {
    const auth = setUp();
    const done = auth.login('admin@example.com', 'wrong');
    http
      .expectOne(`${API}/auth/login`)
      .flush(errorBody('INVALID_CREDENTIALS', 'Invalid email or password.'), {
        status: 401,
        statusText: 'Unauthorized',
      });
    await expect(done).rejects.toMatchObject({
      status: 401,
      code: 'INVALID_CREDENTIALS',
      message: 'Invalid email or password.',
    });
    expect(auth.isAuthenticated()).toBe(false);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('refreshes the tokens 60 seconds before the access token expires', async () => {
    jest.useFakeTimers();
    const auth = setUp();
    const done = auth.login('admin@example.com', 'secret');
    http.expectOne(`${API}/auth/login`).flush(loginResponse(1, 600));
    await done;

    jest.advanceTimersByTime(539_000);
    http.expectNone(`${API}/auth/refresh`);
    jest.advanceTimersByTime(1_000);
    const refresh = http.expectOne(`${API}/auth/refresh`);
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    refresh.flush(tokenPair(2, 600));
    await settle();

    expect(auth.accessToken()).toBe('access-2');
    expect(JSON.parse(localStorage.getItem(TOKEN_STORAGE_KEY) ?? '{}').refreshToken).toBe(
      'refresh-2',
    );
    // The next refresh is scheduled from the new token's lifetime.
    jest.advanceTimersByTime(540_000);
    http.expectOne(`${API}/auth/refresh`).flush(tokenPair(3, 600));
    await settle();
    expect(auth.accessToken()).toBe('access-3');
  });

  it('ends the session when the timed refresh is refused', async () => {
    jest.useFakeTimers();
    storeSession(1, 30_000);
    const auth = setUp();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);

    jest.advanceTimersByTime(15_000);
    http
      .expectOne(`${API}/auth/refresh`)
      .flush(errorBody('SESSION_REVOKED', 'The session was revoked.'), {
        status: 401,
        statusText: 'Unauthorized',
      });
    await settle(10);

    expect(auth.isAuthenticated()).toBe(false);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { reason: 'expired' } });
  });

  it('runs one refresh for concurrent callers (single flight)', async () => {
    storeSession(1);
    const auth = setUp();
    const first = auth.refreshSession();
    const second = auth.refreshSession();
    http.expectOne(`${API}/auth/refresh`).flush(tokenPair(2));
    await expect(Promise.all([first, second])).resolves.toEqual(['access-2', 'access-2']);
  });

  it('restores a stored session and drops one whose refresh token has expired', () => {
    storeSession(7);
    expect(setUp().currentUser()?.email).toBe('admin@example.com');

    TestBed.resetTestingModule();
    localStorage.setItem(
      TOKEN_STORAGE_KEY,
      JSON.stringify({ ...storeSession(8), refreshExpiresAt: Date.now() - 1 }),
    );
    expect(setUp().isAuthenticated()).toBe(false);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('logout ends the session on the server, forgets it and goes to the login page', async () => {
    storeSession(1);
    const auth = setUp();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);

    const done = auth.logout();
    const req = http.expectOne(`${API}/auth/logout`);
    expect(req.request.method).toBe('POST');
    expect(req.request.headers.get('Authorization')).toBe('Bearer access-1');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await done;

    expect(auth.isAuthenticated()).toBe(false);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login']);
  });

  it('logout still signs out locally when the server cannot be reached', async () => {
    storeSession(1);
    const auth = setUp();
    jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const done = auth.logout();
    http.expectOne(`${API}/auth/logout`).error(new ProgressEvent('error'));
    await done;
    expect(auth.isAuthenticated()).toBe(false);
  });

  it('adopts a session rotated by another tab instead of spending the old refresh token', async () => {
    storeSession(1);
    const auth = setUp();
    storeSession(2); // another tab refreshed and wrote the new pair
    await expect(auth.refreshSession()).resolves.toBe('access-2');
    http.expectNone(`${API}/auth/refresh`);
  });

  it('keeps the session when another tab rotates it while our refresh is in flight', async () => {
    storeSession(1);
    const auth = setUp();
    const refreshed = auth.refreshSession();
    await settle();
    const request = http.expectOne(`${API}/auth/refresh`);
    storeSession(2);
    window.dispatchEvent(new StorageEvent('storage', { key: TOKEN_STORAGE_KEY }));
    expect(auth.accessToken()).toBe('access-2');

    request.flush(tokenPair(3));
    await expect(refreshed).resolves.toBe('access-3');
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.accessToken()).toBe('access-3');
  });

  it('signs out when another tab signs out', () => {
    storeSession(1);
    const auth = setUp();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    localStorage.removeItem(TOKEN_STORAGE_KEY);
    window.dispatchEvent(new StorageEvent('storage', { key: TOKEN_STORAGE_KEY }));
    expect(auth.isAuthenticated()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { reason: 'expired' } });
  });

  it('refreshes under a Web Lock so that tabs take turns', async () => {
    const request = jest.fn((_name: string, task: () => Promise<unknown>) => task());
    Object.defineProperty(navigator, 'locks', { configurable: true, value: { request } });
    try {
      storeSession(1);
      const auth = setUp();
      const refreshed = auth.refreshSession();
      await settle();
      http.expectOne(`${API}/auth/refresh`).flush(tokenPair(2));
      await expect(refreshed).resolves.toBe('access-2');
      expect(request).toHaveBeenCalledTimes(1);
      expect(request.mock.calls[0]![0]).toBe('nimbus.auth.refresh');
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
  });

  it('refreshSession fails with ApiError when signed out', async () => {
    const auth = setUp();
    await expect(auth.refreshSession()).rejects.toBeInstanceOf(ApiError);
  });
});
