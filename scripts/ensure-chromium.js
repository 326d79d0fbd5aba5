/**
 * Overview: the first step of `npm test`: makes sure the browser walk has its Chromium before any
 *   test runs: installs Debian's `chromium` when run as root with apt, otherwise stops at once with
 *   the one command to run.
 * Architecture: build tooling (outside src/), plain Node.js so it runs before anything is built.
 * Dependencies: node:child_process, node:fs.
 * Concepts: CHROMIUM_PATH overrides /usr/bin/chromium; NIMBUS_NO_INSTALL=1 forbids installing; no
 *   browser is ever downloaded (the machines reach only the package registries).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) process.exit(0);

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
// NIMBUS_NO_INSTALL=1: never install, only say what to run (tests of this script use it).
if (!root || !apt || process.env.NIMBUS_NO_INSTALL === '1') {
  process.stderr.write(
    `The browser walk needs Chromium at ${chromium}, and it is missing. Install it with:\n\n` +
      '    sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium\n\n' +
      '(or set CHROMIUM_PATH to a Chromium binary), then run npm test again.\n',
  );
  process.exit(1);
}
process.stderr.write(`Chromium is missing at ${chromium}: installing Debian's chromium (apt-get)...\n`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [
  ['update', '-q'],
  ['install', '-y', '-q', '--no-install-recommends', 'chromium'],
]) {
  const run = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (run.status !== 0) {
    process.stderr.write(
      `apt-get ${args.join(' ')} failed (exit ${run.status}); install chromium and retry.\n`,
    );
    process.exit(1);
  }
}
if (!existsSync(chromium)) {
  process.stderr.write(`chromium was installed but ${chromium} does not exist; set CHROMIUM_PATH.\n`);
  process.exit(1);
}
