/**
 * Overview: the auth API port (login, refresh, logout, me, password, sessions) and its REST
 *   adapter.
 * Architecture: core auth; AuthService depends on the AUTH_API token, bound to HttpAuthApi in
 *   app.config.ts, so tests and other transports can swap it.
 * Dependencies: ApiService, the auth models.
 * Concepts: login and refresh are anonymous requests (no bearer, no refresh-on-401); the others
 *   carry the access token.
 */
import { inject, Injectable, InjectionToken } from '@angular/core';
import { type Observable } from 'rxjs';
import { ApiService } from '../services/api.service';
import type {
  ChangePasswordRequest,
  LoginRequest,
  LoginResponse,
  SessionList,
  SessionsEnded,
  TokenPair,
  User,
} from './auth.models';

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
  /** Ends every session of the caller but this one; answers how many ended. */
  signOutOtherSessions(): Observable<SessionsEnded>;
  /**
   * Replaces the password and ends every other session (this one stays). Fails with
   * INVALID_CREDENTIALS (401) for a wrong current password, TOO_MANY_ATTEMPTS (429),
   * VALIDATION_ERROR (400, with details per field).
   */
  changePassword(request: ChangePasswordRequest): Observable<void>;
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

  signOutOtherSessions(): Observable<SessionsEnded> {
    return this.api.delete<SessionsEnded>('auth/sessions');
  }

  changePassword(request: ChangePasswordRequest): Observable<void> {
    return this.api.post<void>('auth/password', request);
  }
}
