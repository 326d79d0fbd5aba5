/**
 * Overview: development settings of the web UI (used by `ng serve`).
 * Architecture: build-time configuration, read only by app.config.ts, which binds it to tokens.
 * Dependencies: none.
 * Concepts: the dev server proxies /api and /graphql to the back end on :8000 (proxy.conf.json).
 */
export const environment = {
  production: false,
  apiBaseUrl: '/api/v1',
  graphqlUrl: '/graphql',
};
