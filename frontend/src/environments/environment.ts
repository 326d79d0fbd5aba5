/**
 * Overview: production settings of the web UI (file-replaced by environment.development.ts in dev).
 * Architecture: build-time configuration, read only by app.config.ts, which binds it to tokens.
 * Dependencies: none.
 * Concepts: relative URLs: the back end serves the UI itself, so the API is on the same origin.
 */
export const environment = {
  production: true,
  apiBaseUrl: '/api/v1',
  graphqlUrl: '/graphql',
};
