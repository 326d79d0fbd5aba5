/**
 * Overview: the Apollo client of the web UI, pointed at the GraphQL endpoint.
 * Architecture: core GraphQL wiring; the link is Angular's HttpClient (apollo-angular/http), so
 *   GraphQL requests pass the same auth and refresh interceptors as REST calls.
 * Dependencies: apollo-angular, @apollo/client, the GRAPHQL_URL token.
 * Concepts: REST for auth, GraphQL for data (the project's split).
 */
import { inject, type Provider } from '@angular/core';
import { InMemoryCache } from '@apollo/client';
import { provideApollo } from 'apollo-angular';
import { HttpLink } from 'apollo-angular/http';
import { GRAPHQL_URL } from '../api/api.tokens';

export function provideGraphql(): Provider {
  return provideApollo(() => ({
    link: inject(HttpLink).create({ uri: inject(GRAPHQL_URL) }),
    cache: new InMemoryCache(),
  }));
}
