/**
 * Overview: the process entry point of the API server (`npm start`, `node dist/bootstrap/main.js`):
 *   configuration, logger, start, the start-up block (once a web UI `npm start` still builds is
 *   served), and a graceful stop on SIGTERM/SIGINT.
 * Architecture: bootstrap (composition root).
 * Dependencies: the server bootstrap, the shutdown signals, the start-up banner and errors, the
 *   web UI build's channel (web-ui-build.ts).
 * Concepts: a start-up failure is one line on stderr with its fix and a sysexits code (the stack
 *   only at log level debug); a stop exits 0 once everything is closed, 1 if closing failed.
 */
import 'reflect-metadata';
import { setupInfoOf } from './banner.js';
import type { NimbusConfig } from './config/config.schema.js';
import { loadConfig } from './config/load-config.js';
import { createLogger, resolveLogFormat } from './logger.js';
import { startServer, type RunningServer } from './server.js';
import { takeShutdownSignals } from './signals.js';
import { announceStartup } from './startup-announcement.js';
import { describeStartupFailure } from './startup-errors.js';
import { APP_VERSION } from './version.js';
import { pendingWebUiBuild } from './web-ui-build.js';

function fail(message: string, exitCode: number): never {
  process.stderr.write(`nimbus: ${message}\n`);
  process.exit(exitCode);
}

let config: NimbusConfig;
try {
  config = loadConfig();
} catch (error) {
  const failure = describeStartupFailure(error);
  fail(failure.message, failure.exitCode);
}
const logFormat = resolveLogFormat(config.log.format, {
  stdoutIsTty: process.stdout.isTTY === true,
  env: config.env,
});
const logger = createLogger(config.log.level, 1, { format: logFormat });
const t0 = performance.now();
let running: RunningServer;
try {
  const webUiBuild = pendingWebUiBuild();
  running = await startServer(config, { logger, ...(webUiBuild ? { webUiBuild } : {}) });
} catch (error) {
  const failure = describeStartupFailure(error, {
    dataDir: config.dataDir,
    host: config.server.host,
    port: config.server.port,
    metricsPort: config.metrics.port,
  });
  logger.debug({ err: error }, 'Nimbus could not start');
  logger.flush();
  fail(failure.message, failure.exitCode);
}

const { signal } = takeShutdownSignals();
signal.addEventListener('abort', () => {
  logger.info({ signal: signal.reason as string }, 'shutting down');
  running.close().then(
    () => {
      logger.info('stopped');
      logger.flush();
      process.exit(0);
    },
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      logger.flush();
      process.exit(1);
    },
  );
});

const startMs = Math.round(performance.now() - t0);
// While `npm start` still builds the web UI, the block waits for it: it says where the UI is.
const webUi = await running.webUi;
// The one-time setup token goes to the terminal (stderr), never into the log stream.
const status = await running.runtime.useCases.getSetupStatus.execute().catch(() => null);
announceStartup(
  { format: logFormat, logger, terminal: process.stderr },
  {
    url: running.url,
    version: APP_VERSION,
    profile: config.profile,
    startMs,
    webUi,
    setup: setupInfoOf(status, config.auth.setupToken, running.setupToken),
  },
);
