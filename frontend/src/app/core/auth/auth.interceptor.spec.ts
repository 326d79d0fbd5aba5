/**
 * Overview: specs of the auth and token-refresh interceptors: the bearer header, and on 401 one
 *   shared refresh, one retry, then logout.
 * Architecture: tests through the real HttpClient stack (both interceptors), backend faked by
 *   HttpTestingController.
 * Dependencies: Jest, TestBed, the shared test providers.
 * Concepts: single flight: parallel 401s must cause exactly one POST /auth/refresh (a second
 *   one would present a spent refresh token and revoke the session).
 */
import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import {
  API,
  errorBody,
  loginResponse,
  provideTestApp,
  settle,
  storeSession,
  tokenPair,
} from '../../../testing/test-providers';
import { anonymousContext } from '../http/request-context';
import { AuthService } from './auth.service';

const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' };

describe('auth interceptors', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let navigate: jest.SpyInstance;

  function setUp(): AuthService {
    TestBed.configureTestingModule({ providers: provideTestApp() });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    return TestBed.inject(AuthService);
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => http.verify());

  it('adds the access token to API and GraphQL requests', () => {
    storeSession(1);
    setUp();
    client.get(`${API}/auth/me`).subscribe();
    client.post('/graphql', { query: '{ version }' }).subscribe();
    expect(http.expectOne(`${API}/auth/me`).request.headers.get('Authorization')).toBe(
      'Bearer access-1',
    );
    expect(http.expectOne('/graphql').request.headers.get('Authorization')).toBe('Bearer access-1');
  });

  it('adds the token obtained by login', async () => {
    const auth = setUp();
    const done = auth.login('admin@example.com', 'secret');
    http.expectOne(`${API}/auth/login`).flush(loginResponse(5));
    await done;
    client.get(`${API}/auth/sessions`).subscribe();
    expect(http.expectOne(`${API}/auth/sessions`).request.headers.get('Authorization')).toBe(
      'Bearer access-5',
    );
  });

  it('sends no token when signed out, on anonymous requests, or to other URLs', () => {
    setUp();
    client.get(`${API}/auth/me`).subscribe({ error: () => undefined });
    expect(http.expectOne(`${API}/auth/me`).request.headers.has('Authorization')).toBe(false);

    TestBed.resetTestingModule();
    storeSession(1);
    setUp();
    client
      .post(`${API}/auth/refresh`, {}, { context: anonymousContext() })
      .subscribe({ error: () => undefined });
    client.get('https://elsewhere.example/api/v1/x').subscribe({ error: () => undefined });
    client.get('/api/v10/x').subscribe({ error: () => undefined });
    expect(http.expectOne(`${API}/auth/refresh`).request.headers.has('Authorization')).toBe(false);
    expect(
      http.expectOne('https://elsewhere.example/api/v1/x').request.headers.has('Authorization'),
    ).toBe(false);
    expect(http.expectOne('/api/v10/x').request.headers.has('Authorization')).toBe(false);
  });

  it('two parallel 401s cause exactly one refresh, and both requests are retried', async () => {
    storeSession(1);
    const auth = setUp();
    const first = firstValueFrom(client.get<{ n: number }>(`${API}/auth/me`));
    const second = firstValueFrom(client.get<{ n: number }>(`${API}/auth/sessions`));

    http.expectOne(`${API}/auth/me`).flush(errorBody('INVALID_TOKEN', 'expired'), UNAUTHORIZED);
    http
      .expectOne(`${API}/auth/sessions`)
      .flush(errorBody('INVALID_TOKEN', 'expired'), UNAUTHORIZED);
    await settle();

    const refreshes = http.match(`${API}/auth/refresh`);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.request.body).toEqual({ refreshToken: 'refresh-1' });
    expect(refreshes[0]!.request.headers.has('Authorization')).toBe(false);
    refreshes[0]!.flush(tokenPair(2));
    await settle();

    const retriedMe = http.expectOne(`${API}/auth/me`);
    const retriedSessions = http.expectOne(`${API}/auth/sessions`);
    expect(retriedMe.request.headers.get('Authorization')).toBe('Bearer access-2');
    expect(retriedSessions.request.headers.get('Authorization')).toBe('Bearer access-2');
    retriedMe.flush({ n: 1 });
    retriedSessions.flush({ n: 2 });

    await expect(first).resolves.toEqual({ n: 1 });
    await expect(second).resolves.toEqual({ n: 2 });
    expect(auth.accessToken()).toBe('access-2');
    http.expectNone(`${API}/auth/refresh`);
  });

  it('a 401 for a token that was already replaced is retried without another refresh', async () => {
    storeSession(1);
    const auth = setUp();
    const first = firstValueFrom(client.get(`${API}/auth/me`));
    const late = firstValueFrom(client.get(`${API}/auth/sessions`));
    http.expectOne(`${API}/auth/me`).flush(errorBody('INVALID_TOKEN', 'expired'), UNAUTHORIZED);
    await settle();
    http.expectOne(`${API}/auth/refresh`).flush(tokenPair(2));
    await settle();
    http.expectOne(`${API}/auth/me`).flush({});
    await first;
    expect(auth.accessToken()).toBe('access-2');

    // The second request was sent with access-1 before the refresh and fails afterwards.
    http
      .expectOne(`${API}/auth/sessions`)
      .flush(errorBody('INVALID_TOKEN', 'expired'), UNAUTHORIZED);
    await settle();
    http.expectNone(`${API}/auth/refresh`);
    const retried = http.expectOne(`${API}/auth/sessions`);
    expect(retried.request.headers.get('Authorization')).toBe('Bearer access-2');
    retried.flush({ sessions: [] });
    await expect(late).resolves.toEqual({ sessions: [] });
  });

  it('logs out when the refresh is refused', async () => {
    storeSession(1);
    const auth = setUp();
    const request = firstValueFrom(client.get(`${API}/auth/me`));
    http.expectOne(`${API}/auth/me`).flush(errorBody('INVALID_TOKEN', 'expired'), UNAUTHORIZED);
    await settle();
    http
      .expectOne(`${API}/auth/refresh`)
      .flush(errorBody('SESSION_REVOKED', 'revoked'), UNAUTHORIZED);

    await expect(request).rejects.toBeInstanceOf(HttpErrorResponse);
    expect(auth.isAuthenticated()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { reason: 'expired' } });
    http.expectNone(`${API}/auth/me`);
  });

  it('retries only once: a second 401 after the refresh logs out', async () => {
    storeSession(1);
    const auth = setUp();
    const request = firstValueFrom(client.get(`${API}/auth/me`));
    http.expectOne(`${API}/auth/me`).flush(errorBody('INVALID_TOKEN', 'expired'), UNAUTHORIZED);
    await settle();
    http.expectOne(`${API}/auth/refresh`).flush(tokenPair(2));
    await settle();
    http.expectOne(`${API}/auth/me`).flush(errorBody('SESSION_REVOKED', 'revoked'), UNAUTHORIZED);

    await expect(request).rejects.toMatchObject({ status: 401 });
    expect(auth.isAuthenticated()).toBe(false);
    http.expectNone(`${API}/auth/refresh`);
  });

  it('keeps the session when the refresh fails for a network error', async () => {
    storeSession(1);
    const auth = setUp();
    const request = firstValueFrom(client.get(`${API}/auth/me`));
    http.expectOne(`${API}/auth/me`).flush(errorBody('INVALID_TOKEN', 'expired'), UNAUTHORIZED);
    await settle();
    http.expectOne(`${API}/auth/refresh`).error(new ProgressEvent('error'));
    await expect(request).rejects.toMatchObject({ status: 401 });
    expect(auth.isAuthenticated()).toBe(true);
  });

  it('does not refresh on a 401 from an anonymous request (a wrong password)', async () => {
    storeSession(1);
    const auth = setUp();
    const login = auth.login('admin@example.com', 'wrong');
    http
      .expectOne(`${API}/auth/login`)
      .flush(errorBody('INVALID_CREDENTIALS', 'Invalid email or password.'), UNAUTHORIZED);
    await expect(login).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    http.expectNone(`${API}/auth/refresh`);
  });

  it('does not refresh nor sign out on a 401 INVALID_CREDENTIALS for a signed-in request (a wrong current password)', async () => {
    storeSession(1);
    const auth = setUp();
    const request = firstValueFrom(client.post(`${API}/auth/password`, {}));
    http
      .expectOne(`${API}/auth/password`)
      .flush(errorBody('INVALID_CREDENTIALS', 'Invalid email or password.'), UNAUTHORIZED);
    await expect(request).rejects.toMatchObject({ status: 401 });
    await settle();
    http.expectNone(`${API}/auth/refresh`);
    http.expectNone(`${API}/auth/password`);
    expect(auth.isAuthenticated()).toBe(true);
  });
});
