/**
 * Overview: the base API service: builds URLs from the configured base, sends JSON and maps
 *   every failure to ApiError.
 * Architecture: core service; every REST call of the app goes through it (auth, setup, sessions).
 * Dependencies: HttpClient, the API_BASE_URL token, api-error.
 * Concepts: anonymous requests skip the Authorization header and the refresh-on-401 logic.
 */
import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, type Observable, throwError } from 'rxjs';
import { API_BASE_URL } from '../api/api.tokens';
import { toApiError } from '../http/api-error';
import { anonymousContext } from '../http/request-context';

export interface RequestOptions {
  /** No access token, no refresh on 401 (login, refresh, setup). */
  readonly anonymous?: boolean;
}

@Injectable({ providedIn: 'root' })
export class ApiService {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL).replace(/\/+$/, '');

  url(path: string): string {
    return `${this.baseUrl}/${path.replace(/^\/+/, '')}`;
  }

  get<T>(path: string, options: RequestOptions = {}): Observable<T> {
    return this.http.get<T>(this.url(path), this.httpOptions(options)).pipe(catchError(fail));
  }

  post<T>(path: string, body: unknown, options: RequestOptions = {}): Observable<T> {
    return this.http
      .post<T>(this.url(path), body, this.httpOptions(options))
      .pipe(catchError(fail));
  }

  delete<T = void>(path: string, options: RequestOptions = {}): Observable<T> {
    return this.http.delete<T>(this.url(path), this.httpOptions(options)).pipe(catchError(fail));
  }

  private httpOptions(options: RequestOptions) {
    return options.anonymous ? { context: anonymousContext() } : {};
  }
}

function fail(error: unknown): Observable<never> {
  return throwError(() => toApiError(error));
}
