/**
 * Overview: serves the built web UI (the Angular app's production build) at `/`, under a strict
 *   Content-Security-Policy.
 * Architecture: HTTP delivery adapter (Express router); the UI stays a separate consumer of the
 *   API, only its files are served from the same origin.
 * Dependencies: express (static files).
 * Concepts: hash routing means only `/` and the asset files exist; hashed bundles are cached for
 *   a year, index.html never; scripts run only from this origin.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

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
