/**
 * Overview: providers and fixtures shared by the specs: the app's HTTP stack (real interceptors,
 *   HttpTestingController backend), the URL and auth API tokens, Taiga UI, sample users/tokens.
 * Architecture: test support (excluded from the app build by tsconfig.app.json).
 * Dependencies: @angular/common/http/testing, @angular/router, Taiga UI, the core providers.
 * Concepts: specs exercise the real AuthService, interceptors and ApiService; only the network
 *   is faked.
 */
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { type EnvironmentProviders, type Provider } from '@angular/core';
import { provideRouter, type Routes } from '@angular/router';
import { provideTaiga } from '@taiga-ui/core';
import { API_BASE_URL, GRAPHQL_URL } from '../app/core/api/api.tokens';
import { AUTH_API, HttpAuthApi } from '../app/core/auth/auth-api';
import { authInterceptor } from '../app/core/auth/auth.interceptor';
import type { LoginResponse, StoredSession, TokenPair, User } from '../app/core/auth/auth.models';
import { TOKEN_STORAGE_KEY } from '../app/core/auth/token-storage';
import { tokenRefreshInterceptor } from '../app/core/auth/token-refresh.interceptor';
import { provideValidationMessages } from '../app/shared/validation/validation-messages';

export const API = '/api/v1';

export function provideTestApp(routes: Routes = []): (Provider | EnvironmentProviders)[] {
  return [
    provideHttpClient(withInterceptors([tokenRefreshInterceptor, authInterceptor])),
    provideHttpClientTesting(),
    provideRouter(routes),
    provideTaiga(),
    provideValidationMessages(),
    { provide: API_BASE_URL, useValue: API },
    { provide: GRAPHQL_URL, useValue: '/graphql' },
    { provide: AUTH_API, useExisting: HttpAuthApi },
  ];
}

export const ADMIN: User = {
  id: 'u-1',
  email: 'admin@example.com',
  providerId: 'p-1',
  role: 'admin',
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const MEMBER: User = {
  id: 'u-2',
  email: 'member@example.com',
  providerId: 'p-1',
  role: 'member',
  createdAt: '2026-01-01T00:00:00.000Z',
};

export function tokenPair(n: number, expiresIn = 3600): TokenPair {
  return {
    tokenType: 'Bearer',
    accessToken: `access-${n}`,
    expiresIn,
    refreshToken: `refresh-${n}`,
    refreshExpiresIn: 604800,
    sessionId: 's-1',
  };
}

export function loginResponse(n = 1, expiresIn = 3600): LoginResponse {
  return { ...tokenPair(n, expiresIn), user: ADMIN };
}

/** Puts a signed-in session in localStorage, as a previous page load would have left it. */
export function storeSession(n = 1, expiresInMs = 3_600_000, user: User = ADMIN): StoredSession {
  const now = Date.now();
  const session: StoredSession = {
    accessToken: `access-${n}`,
    refreshToken: `refresh-${n}`,
    sessionId: 's-1',
    issuedAt: now,
    expiresAt: now + expiresInMs,
    refreshExpiresAt: now + 604_800_000,
    user,
  };
  localStorage.setItem(TOKEN_STORAGE_KEY, JSON.stringify(session));
  return session;
}

export function errorBody(code: string, message: string, details?: unknown[]) {
  return { error: { code, message, traceId: 'trace-1', ...(details ? { details } : {}) } };
}

/** Lets pending promise callbacks (async/await chains) run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
