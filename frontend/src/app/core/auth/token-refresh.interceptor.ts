/**
 * Overview: on a 401 from the Nimbus API, refreshes the tokens once and retries the request
 *   once; if the refresh or the retry is refused, the session ends (back to the login page).
 * Architecture: core functional HTTP interceptor, registered before authInterceptor.
 * Dependencies: AuthService (single-flight refreshSession), the API URL tokens.
 * Concepts: single flight: parallel 401s share ONE POST /auth/refresh (a second refresh with a
 *   spent refresh token would revoke the session); a 401 for a token that has already been
 *   replaced is simply retried; a 401 INVALID_CREDENTIALS refuses a password the user typed
 *   (the current one, when changing it), not the tokens, so it is handed to the page as is.
 */
import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { injectIsNimbusUrl } from '../http/nimbus-url';
import { ANONYMOUS_REQUEST } from '../http/request-context';
import { AuthService, isSessionRejected } from './auth.service';

export const tokenRefreshInterceptor: HttpInterceptorFn = (req, next) => {
  const isNimbusUrl = injectIsNimbusUrl();
  if (req.context.get(ANONYMOUS_REQUEST) || !isNimbusUrl(req.url)) return next(req);
  const auth = inject(AuthService);
  const sentWith = auth.accessToken();
  if (!sentWith) return next(req);

  return next(req).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || isWrongPassword(error)) {
        return throwError(() => error);
      }
      const latest = auth.accessToken();
      const renewed =
        latest !== null && latest !== sentWith ? Promise.resolve(latest) : auth.refreshSession();
      return from(renewed).pipe(
        catchError((refreshError: unknown) => {
          if (isSessionRejected(refreshError)) auth.endSession();
          return throwError(() => error);
        }),
        switchMap(() =>
          next(req).pipe(
            catchError((retryError: unknown) => {
              if (retryError instanceof HttpErrorResponse && retryError.status === 401) {
                auth.endSession();
              }
              return throwError(() => retryError);
            }),
          ),
        ),
      );
    }),
  );
};

/** The API refused a password the user typed, not the request's tokens. */
function isWrongPassword(error: HttpErrorResponse): boolean {
  const body: unknown = error.error;
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { error?: { code?: unknown } }).error?.code === 'INVALID_CREDENTIALS'
  );
}
