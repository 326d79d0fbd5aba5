/**
 * Overview: the auth API port (login, refresh, logout, me, sessions) and its REST adapter.
 * Architecture: core auth; AuthService depends on the AUTH_API token, bound to HttpAuthApi in
 *   app.config.ts, so tests and other transports can swap it.
 * Dependencies: ApiService, the auth models.
 * Concepts: login and refresh are anonymous requests (no bearer, no refresh-on-401); the others
 *   carry the access token.
 */
import { inject, Injectable, InjectionToken } from '@angular/core';
import { type Observable } from 'rxjs';
import { ApiService } from '../services/api.service';
import type { LoginRequest, LoginResponse, SessionList, TokenPair, User } from './auth.models';

export interface AuthApi {
  /** Fails with INVALID_CREDENTIALS (401), TOO_MANY_ATTEMPTS (429) or SETUP_REQUIRED (409). */
  login(request: LoginRequest): Observable<LoginResponse>;
  /** Spends the refresh token and answers a new pair (rotation). */
  refresh(refreshToken: string): Observable<TokenPair>;
  /** Ends the caller's session on the server. */
  logout(): Observable<void>;
  me(): Observable<User>;
  listSessions(): Observable<SessionList>;
  /** Fails with SESSION_NOT_FOUND (404) for an unknown session or another user's. */
  revokeSession(sessionId: string): Observable<void>;
}

export const AUTH_API = new InjectionToken<AuthApi>('AUTH_API');

@Injectable({ providedIn: 'root' })
export class HttpAuthApi implements AuthApi {
  private readonly api = inject(ApiService);

  login(request: LoginRequest): Observable<LoginResponse> {
    return this.api.post<LoginResponse>('auth/login', request, { anonymous: true });
  }

  refresh(refreshToken: string): Observable<TokenPair> {
    return this.api.post<TokenPair>('auth/refresh', { refreshToken }, { anonymous: true });
  }

  logout(): Observable<void> {
    return this.api.post<void>('auth/logout', null);
  }

  me(): Observable<User> {
    return this.api.get<User>('auth/me');
  }

  listSessions(): Observable<SessionList> {
    return this.api.get<SessionList>('auth/sessions');
  }

  revokeSession(sessionId: string): Observable<void> {
    return this.api.delete(`auth/sessions/${encodeURIComponent(sessionId)}`);
  }
}
