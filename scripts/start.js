/**
 * Overview: `npm start`: builds what is stale (scripts/build-if-changed.js), then runs the API
 *   server (dist/bootstrap/main.js); a stale web UI is built while the server starts, not before.
 * Architecture: build script (plain Node ESM, no dependency); the server learns about the web UI
 *   build through src/bootstrap/web-ui-build.ts.
 * Dependencies: scripts/build-if-changed.js, node:child_process.
 * Concepts: the web UI build (the longest part of a first start) begins at once; the server
 *   starts as soon as the back end is compiled, with NIMBUS_WEB_UI_BUILD=pending and an IPC
 *   channel, answers `/` with a page that reloads itself, and is told `{ webUi: 'built' }`; a
 *   failed build stops the server (or keeps it from starting) and `npm start` exits with the
 *   build's code; SIGINT, SIGTERM and SIGHUP stop the builds at once (each runs in a process group
 *   of its own, stopped whole) and stop the server (a second signal changes nothing there); so
 *   does the end of the parent process (npm's shell); a server that exits stops the builds, and
 *   `npm start` exits with its code.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { plan, rebuild, runBuilds } from './build-if-changed.js';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
// SIGHUP: the terminal closed; the builds run in process groups of their own and would not hear it.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const todo = plan(root, []);
const ui = todo.find((t) => t.part.name === 'ui');
// Stops every build: on SIGINT/SIGTERM, and once the server has exited.
const stop = new AbortController();
// Its output is held and printed in one piece at the end, not between the server's lines.
const uiBuild = ui ? rebuild(root, ui, { capture: true, signal: stop.signal }) : null;
let uiCode = null;
void uiBuild?.then((code) => (uiCode = code));

let server = null;
const stopAll = (name) => {
  stop.abort();
  server?.kill(name === 'SIGHUP' ? 'SIGTERM' : name);
};
for (const name of SIGNALS) process.on(name, () => stopAll(name));
// npm runs this under `sh -c`, and forwards a SIGTERM only to that shell, which exits without
// passing it on: once the parent is gone (this process re-parented), stop as on a SIGTERM, so that
// `kill <npm's pid>` leaves no server holding the port and PostgreSQL.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stopAll('SIGTERM');
}, 500).unref();

const backend = await runBuilds(
  root,
  todo.filter((t) => t !== ui),
  { signal: stop.signal },
);
// A failed build (either part) or a stop before the server runs: no server.
if (backend !== 0 || stop.signal.aborted || uiCode) {
  stop.abort();
  await uiBuild;
  process.exit(backend || uiCode || 130);
}

const pending = uiCode === null && uiBuild !== null;
server = spawn(process.execPath, [path.join(root, 'dist/bootstrap/main.js')], {
  cwd: root,
  stdio: pending ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit',
  env: pending ? { ...process.env, NIMBUS_WEB_UI_BUILD: 'pending' } : process.env,
});
let failed = 0;
if (pending) {
  void uiBuild.then((code) => {
    if (stop.signal.aborted) return;
    if (code === 0) {
      if (server.connected) server.send({ webUi: 'built' });
      return;
    }
    failed = code;
    console.error('npm start: the web UI could not be built; stopping the server');
    server.kill('SIGTERM');
  });
}
server.on('exit', async (code, signal) => {
  stop.abort();
  await uiBuild;
  process.exit(failed || (code ?? (signal ? 1 : 0)));
});
