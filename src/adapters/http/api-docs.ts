/**
 * Overview: the API reference page at /api/docs: Swagger UI served from the installed package,
 *   pointed at /api/openapi.json.
 * Architecture: HTTP delivery adapter (Express router).
 * Dependencies: express, swagger-ui-dist (static files only).
 * Concepts: every asset is local (no CDN), and the page works under a CSP without inline scripts.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { Router } from 'express';

const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Nimbus API reference</title>
    <link rel="stylesheet" href="./swagger-ui.css" />
    <link rel="icon" type="image/png" href="./favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="./swagger-ui-bundle.js"></script>
    <script src="./init.js"></script>
  </body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '../openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

export function apiDocsRoutes(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    // Relative asset URLs need the trailing slash.
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, `${req.baseUrl}/`);
    res.type('html').send(PAGE);
  });
  router.get('/init.js', (_req, res) => void res.type('application/javascript').send(INIT));
  router.use(
    express.static(swaggerDir, {
      index: false,
      fallthrough: true,
      setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=3600'),
    }),
  );
  return router;
}
