/**
 * Overview: per-request flags the interceptors read.
 * Architecture: core HTTP plumbing shared by ApiService and the auth interceptors.
 * Dependencies: @angular/common/http.
 * Concepts: an anonymous request (login, refresh, setup) carries no access token and never
 *   triggers a token refresh, so a failed refresh cannot loop.
 */
import { HttpContext, HttpContextToken } from '@angular/common/http';

export const ANONYMOUS_REQUEST = new HttpContextToken<boolean>(() => false);

export function anonymousContext(): HttpContext {
  return new HttpContext().set(ANONYMOUS_REQUEST, true);
}
