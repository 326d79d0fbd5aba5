/**
 * Overview: the process entry point of the API server (`npm start`, `node dist/bootstrap/main.js`).
 * Architecture: bootstrap (composition root).
 * Dependencies: the server bootstrap.
 * Concepts: everything is configured by environment and file; see README "Configuration".
 */
import 'reflect-metadata';
import { runServerFromProcess } from './server.js';

await runServerFromProcess();
