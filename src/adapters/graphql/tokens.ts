/**
 * Overview: injection tokens of values the GraphQL resolvers need that are not use cases.
 * Architecture: GraphQL delivery adapter; the composition root binds them.
 * Dependencies: none.
 * Concepts: use cases are injected by their class; plain values need a token.
 */

/** The application version string shown by `query { version }`. */
export const AppVersionToken = Symbol.for('nimbus.AppVersion');
