/**
 * Overview: serves the built web UI (the Angular app's production build) at `/`, under a strict
 *   Content-Security-Policy; while `npm start` still builds it, `/` says so and reloads itself.
 * Architecture: HTTP delivery adapter (Express router); the UI stays a separate consumer of the
 *   API, only its files are served from the same origin.
 * Dependencies: express (static files), the request log (the "building" page is no error).
 * Concepts: hash routing means only `/` and the asset files exist; hashed bundles are cached for
 *   a year, index.html never; scripts run only from this origin.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { plannedUnavailable } from './request-log.js';

export const WEB_UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Angular and Taiga UI inject component styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Angular's build names hashed files like main-GZQULM6I.js or manrope-…-73PUZEUA.woff2.
const HASHED = /-[A-Z0-9]{8}\.(js|css|woff2?)$/;

/** The router serving `directory`, or null when the UI has not been built there. */
export function webUiRoutes(directory: string): Router | null {
  const index = path.join(directory, 'index.html');
  if (!existsSync(index)) return null;
  const router = Router();
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', WEB_UI_CSP);
    next();
  });
  router.get('/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  router.use(
    express.static(directory, {
      index: false,
      fallthrough: true,
      setHeaders: (res, file) =>
        res.setHeader(
          'Cache-Control',
          HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    }),
  );
  return router;
}

const BUILDING_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="refresh" content="2" />
    <title>Nimbus: building the web UI</title>
  </head>
  <body>
    <p>Nimbus is building its web UI (<code>npm start</code>). This page reloads by itself.</p>
  </body>
</html>
`;

/** The web UI's router (null: nothing to serve) and whether the UI is, or once built will be, served. */
export interface WebUi {
  readonly router: Router | null;
  readonly served: Promise<boolean>;
}

/**
 * The web UI, found at once, or, while its build is still running (`built`), a router that until
 * `built` settles answers `GET /` with a 503 page that reloads itself every 2 s; then the built UI
 * (webUiRoutes), or nothing when the build failed or left no index.html.
 */
export function webUi(directory: string, built?: Promise<boolean>): WebUi {
  if (!built) {
    const found = webUiRoutes(directory);
    return { router: found, served: Promise.resolve(found !== null) };
  }
  let routes: Router | null | undefined;
  const served = built
    .catch(() => false)
    .then((ok) => {
      routes = ok ? webUiRoutes(directory) : null;
      return routes !== null;
    });
  const router = Router();
  router.use((req, res, next) => {
    if (routes) return routes(req, res, next);
    if (routes === null || req.method !== 'GET' || req.path !== '/') return next();
    res.status(503);
    plannedUnavailable(res);
    res.setHeader('Content-Security-Policy', WEB_UI_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Retry-After', '2');
    res.type('html').send(BUILDING_PAGE);
  });
  return { router, served };
}
