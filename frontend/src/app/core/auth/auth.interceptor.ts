/**
 * Overview: adds `Authorization: Bearer <access token>` to requests for the Nimbus API.
 * Architecture: core functional HTTP interceptor (inner one; tokenRefreshInterceptor wraps it,
 *   so a retried request picks up the refreshed token here).
 * Dependencies: AuthService, the API URL tokens.
 * Concepts: anonymous requests (login, refresh, setup) and other origins never get the token.
 */
import type { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { injectIsNimbusUrl } from '../http/nimbus-url';
import { ANONYMOUS_REQUEST } from '../http/request-context';
import { AuthService } from './auth.service';

export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const isNimbusUrl = injectIsNimbusUrl();
  if (req.context.get(ANONYMOUS_REQUEST) || !isNimbusUrl(req.url)) return next(req);
  const token = inject(AuthService).accessToken();
  if (!token) return next(req);
  return next(req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }));
};
