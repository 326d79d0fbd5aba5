/**
 * Overview: `npm start`: builds what is stale (scripts/build-if-changed.js), then runs the API
 *   server (dist/bootstrap/main.js); a stale web UI is built while the server starts, not before.
 * Architecture: build script (plain Node ESM, no dependency); the server learns about the web UI
 *   build through src/bootstrap/web-ui-build.ts.
 * Dependencies: scripts/build-if-changed.js, node:child_process.
 * Concepts: the web UI build (the longest part of a first start) begins at once; the server
 *   starts as soon as the back end is compiled, with NIMBUS_WEB_UI_BUILD=pending and an IPC
 *   channel, answers `/` with a page that reloads itself, and is told `{ webUi: 'built' }`; a
 *   failed build stops the server and `npm start` exits with the build's code; SIGINT and SIGTERM
 *   go to the server (a second one changes nothing there), which stops the build when it exits.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { plan, rebuild, runBuilds } from './build-if-changed.js';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const SIGNALS = ['SIGINT', 'SIGTERM'];

const todo = plan(root, []);
const ui = todo.find((t) => t.part.name === 'ui');
const stopUi = new AbortController();
// Its output is held and printed in one piece at the end, not between the server's lines.
const uiBuild = ui ? rebuild(root, ui, { capture: true, signal: stopUi.signal }) : null;

let server = null;
let stopping = false;
for (const name of SIGNALS) {
  process.on(name, () => {
    stopping = true;
    if (server) server.kill(name);
    else stopUi.abort();
  });
}

const backend = await runBuilds(
  root,
  todo.filter((t) => t !== ui),
);
if (backend !== 0 || stopping) {
  stopUi.abort();
  await uiBuild;
  process.exit(backend || 130);
}

const pending = uiBuild !== null;
server = spawn(process.execPath, [path.join(root, 'dist/bootstrap/main.js')], {
  cwd: root,
  stdio: pending ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit',
  env: pending ? { ...process.env, NIMBUS_WEB_UI_BUILD: 'pending' } : process.env,
});
let failed = 0;
uiBuild?.then((code) => {
  if (code === 0) {
    if (server.connected) server.send({ webUi: 'built' });
  } else if (!stopping) {
    failed = code;
    console.error('npm start: the web UI could not be built; stopping the server');
    server.kill('SIGTERM');
  }
});
server.on('exit', async (code, signal) => {
  stopUi.abort();
  await uiBuild;
  process.exit(failed || (code ?? (signal ? 1 : 0)));
});
