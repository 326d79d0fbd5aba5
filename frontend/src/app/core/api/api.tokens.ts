/**
 * Overview: injection tokens for where the Nimbus back end lives: the REST base URL and the
 *   GraphQL endpoint.
 * Architecture: core configuration; bound from the environment in app.config.ts, never
 *   hard-coded in a service or interceptor.
 * Dependencies: @angular/core.
 * Concepts: same-origin relative URLs (the dev server proxies them; production serves the UI
 *   from the API process).
 */
import { InjectionToken } from '@angular/core';

/** Base URL of the REST API, without a trailing slash, e.g. `/api/v1`. */
export const API_BASE_URL = new InjectionToken<string>('API_BASE_URL');

/** URL of the GraphQL endpoint, e.g. `/graphql`. */
export const GRAPHQL_URL = new InjectionToken<string>('GRAPHQL_URL');
