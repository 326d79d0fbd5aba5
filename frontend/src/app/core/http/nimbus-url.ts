/**
 * Overview: tells whether a request goes to the Nimbus back end (REST or GraphQL).
 * Architecture: core HTTP plumbing for the interceptors: tokens are only ever sent to our API.
 * Dependencies: @angular/core (inject), the API URL tokens.
 * Concepts: the access token must never leak to another origin or path.
 */
import { inject } from '@angular/core';
import { API_BASE_URL, GRAPHQL_URL } from '../api/api.tokens';

/** Call in an injection context (an interceptor body); returns a predicate over request URLs. */
export function injectIsNimbusUrl(): (url: string) => boolean {
  const apiBase = inject(API_BASE_URL).replace(/\/+$/, '');
  const graphql = inject(GRAPHQL_URL);
  return (url) => url === graphql || url === apiBase || url.startsWith(`${apiBase}/`);
}
