/**
 * Overview: baseline: the bare Express 5 handler `GET /x → {"ok":true}`, the ceiling any
 *   Express route can reach on this machine.
 * Architecture: benchmark tooling, run as a child process next to the API server.
 * Dependencies: express.
 * Concepts: usage: bare-express.ts <port>; binds 127.0.0.1 and stops on SIGTERM.
 */
import express from 'express';

const app = express();
app.get('/x', (_req, res) => {
  res.json({ ok: true });
});
const server = app.listen(Number(process.argv[2]), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
