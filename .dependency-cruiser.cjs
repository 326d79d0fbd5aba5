/**
 * Enforces the dependency rule of /ARCHITECTURE.md ("The hexagon"). Run with `npm run depcheck`.
 *
 * Colocated test files (src/**\/*.test.ts) are exempt from the layer rules, like test/, bench/
 * and scripts/ are: they may import chai, in-memory adapters, the container, ...
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
const TEST_FILE = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'src/domain imports nothing outside src/domain: no npm package (not even reflect-metadata), ' +
        'no node: builtin, no other src folder.',
      from: { path: '^src/domain/', pathNot: TEST_FILE },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'application-only-domain',
      severity: 'error',
      comment:
        'src/application imports only src/application and src/domain: no npm package, no node: builtin, ' +
        'no adapter, no bootstrap.',
      from: { path: '^src/application/', pathNot: TEST_FILE },
      to: { pathNot: '^src/(application|domain)/' },
    },
    {
      name: 'no-adapter-to-other-adapter',
      severity: 'error',
      comment: 'A file in src/adapters/<X>/ never imports from src/adapters/<Y>/ (Y != X).',
      from: { path: '^src/adapters/([^/]+)/', pathNot: TEST_FILE },
      to: { path: '^src/adapters/', pathNot: '^src/adapters/$1/' },
    },
    {
      name: 'only-bootstrap-knows-bootstrap',
      severity: 'error',
      comment:
        'Nothing outside src/bootstrap imports src/bootstrap (test/, bench/, scripts/ and *.test.ts may).',
      from: { pathNot: ['^src/bootstrap/', '^(test|bench|scripts)/', TEST_FILE] },
      to: { path: '^src/bootstrap/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No circular dependencies in src.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'src must not import devDependencies (they are absent from a production install). ' +
        'Type-only imports and @types/* are fine: they are erased at compile time.',
      from: { path: '^src/', pathNot: TEST_FILE },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: ['node_modules/@types/'],
      },
    },
    {
      name: 'frontend-is-a-separate-consumer',
      severity: 'error',
      comment:
        'frontend/ is a consumer of the API, like any other client: it imports nothing from src/ ' +
        '(its API types are generated from the OpenAPI document).',
      from: { path: '^frontend/' },
      to: { path: '^src/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'Every import must resolve to a file (also a safety net: an unresolved ./foo.js would silently ' +
        'escape the path-based rules above).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],

  options: {
    doNotFollow: { path: ['node_modules'] },

    // Also see `import type` / type-only re-exports: they are part of the architecture too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },

    // ESM TypeScript with .js specifiers (`./foo.js` -> `./foo.ts`): dependency-cruiser 17 does this
    // itself (it retries a failed `.js` resolution with .ts/.tsx/.d.ts, as tsc does). enhanced-resolve's
    // `extensionAlias` is NOT accepted here: v17's config schema rejects unknown enhancedResolveOptions.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },

    skipAnalysisNotInRules: true,
  },
};
