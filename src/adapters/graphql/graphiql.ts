/**
 * Overview: the GraphiQL IDE for development: its page, a small bootstrap script and the
 *   vendor bundles, all served from installed packages.
 * Architecture: GraphQL delivery adapter (Express handlers); mounted only in development.
 * Dependencies: express, graphiql 4 (its UMD bundle), react and react-dom 18 (their UMD builds).
 * Concepts: no CDN and no inline script: the page works offline and under its own strict CSP.
 *   graphiql 5 ships only ES modules that need a bundler, so the last UMD release (4.x) is used.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Request, RequestHandler } from 'express';

const require = createRequire(import.meta.url);
const packageDir = (name: string): string => path.dirname(require.resolve(`${name}/package.json`));

/** Served name -> [package, file inside it]. Only these files are reachable. */
const VENDOR_FILES: Readonly<Record<string, readonly [string, string]>> = {
  'react.production.min.js': ['react', 'umd/react.production.min.js'],
  'react-dom.production.min.js': ['react-dom', 'umd/react-dom.production.min.js'],
  'graphiql.min.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.min.css': ['graphiql', 'graphiql.min.css'],
};

const INIT_JS = `'use strict';
(function () {
  var root = document.getElementById('graphiql');
  var fetcher = GraphiQL.createFetcher({ url: root.getAttribute('data-endpoint') });
  var defaultQuery =
    '# Nimbus GraphQL. Queries about the caller (me) need the header\\n' +
    '#   Authorization: Bearer <access token>\\n' +
    '# (Headers tab below; it is not stored).\\n' +
    '{\\n  health\\n  version\\n}\\n';
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: defaultQuery, defaultEditorToolbarTabs: 'headers' }),
  );
})();
`;

const PAGE_CSS = `html, body { height: 100%; margin: 0; }
#graphiql { height: 100vh; }
`;

/** React sets styles through the CSSOM (allowed); graphiql's CSS embeds its fonts and icons as data: URLs. */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(endpoint: string, assets: string): string {
  const e = escapeHtml(endpoint);
  const a = escapeHtml(assets);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Nimbus GraphiQL</title>
    <link rel="stylesheet" href="${a}/graphiql.min.css" />
    <link rel="stylesheet" href="${a}/page.css" />
  </head>
  <body>
    <div id="graphiql" data-endpoint="${e}">Loading GraphiQL…</div>
    <script src="${a}/react.production.min.js"></script>
    <script src="${a}/react-dom.production.min.js"></script>
    <script src="${a}/graphiql.min.js"></script>
    <script src="${a}/init.js"></script>
  </body>
</html>
`;
}

export interface GraphiqlHandlers {
  /** GET <endpoint> answered with the IDE page. */
  readonly page: RequestHandler;
  /** GET <endpoint>/graphiql/<file>. */
  readonly asset: RequestHandler;
}

/** Resolves the vendor files now, so a missing package fails at start-up, not on first visit. */
export function graphiqlHandlers(endpointPath: string, assetsPath: string): GraphiqlHandlers {
  const files = new Map<string, string>(
    Object.entries(VENDOR_FILES).map(([name, [pkg, file]]) => [name, path.join(packageDir(pkg), file)]),
  );
  const base = (req: Request): string => req.baseUrl.replace(/\/$/, '');
  return {
    page: (req, res) => {
      res.setHeader('Content-Security-Policy', GRAPHIQL_CSP);
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(page(`${base(req)}${endpointPath}`, `${base(req)}${assetsPath}`));
    },
    asset: (req, res, next) => {
      const name = String(req.params.file);
      if (name === 'init.js') return void res.type('application/javascript').send(INIT_JS);
      if (name === 'page.css') return void res.type('text/css').send(PAGE_CSS);
      const file = files.get(name);
      if (!file) return next();
      res.sendFile(file, { maxAge: '1h' }, (error) => error && next(error));
    },
  };
}
