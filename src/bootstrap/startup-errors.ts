/**
 * Overview: turns a start-up failure a user can cause (a setting, a port, a folder, a database)
 *   into one line that names the problem and its fix, with an exit code.
 * Architecture: bootstrap; used by every entry point (server, worker, CLI) in its catch block.
 * Dependencies: the configuration and migration errors, the embedded PostgreSQL adapter's error.
 * Concepts: exit codes follow BSD sysexits like the CLI's table; an unknown failure is one line
 *   too (its message), and its stack is logged only at NIMBUS_LOG_LEVEL=debug.
 */
import path from 'node:path';
import { EmbeddedPostgresError } from '../adapters/persistence/embedded/embedded-postgres-server.js';
import { embeddedPostgresFailure } from './startup-errors-embedded.js';
import { ConfigError } from './config/load-config.js';
import { PendingMigrationsError } from './migrations.js';
import { STARTUP_EXIT, type StartupContext, type StartupFailure } from './startup-exit.js';

export { STARTUP_EXIT, type StartupContext, type StartupFailure } from './startup-exit.js';

interface SystemError extends Error {
  readonly code?: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly address?: string;
  readonly port?: number;
  readonly hostname?: string;
}

const FOLDER_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC', 'EEXIST', 'EISDIR']);

function isInside(file: string, folder: string | undefined): boolean {
  if (!folder) return false;
  const relative = path.relative(path.resolve(folder), path.resolve(file));
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function system(error: SystemError, context: StartupContext): StartupFailure | null {
  const { code, syscall } = error;
  if (syscall === 'listen') {
    const port = error.port ?? context.port;
    const host = error.address ?? context.host;
    const [portKey, hostKey] =
      port === context.metricsPort
        ? ['NIMBUS_METRICS_PORT', 'NIMBUS_METRICS_HOST']
        : ['NIMBUS_PORT', 'NIMBUS_HOST'];
    if (code === 'EADDRINUSE')
      return {
        message: `port ${port} on ${host} is already in use (EADDRINUSE): stop the program using it, or set ${portKey} to a free port`,
        exitCode: STARTUP_EXIT.unavailable,
      };
    if (code === 'EACCES')
      return {
        message: `port ${port} needs privileges this user lacks (EACCES): set ${portKey} to 1024 or above`,
        exitCode: STARTUP_EXIT.noPermission,
      };
    if (code === 'EADDRNOTAVAIL')
      return {
        message: `${host} is not an address of this machine (EADDRNOTAVAIL): set ${hostKey} to one of its addresses, or 0.0.0.0 for all`,
        exitCode: STARTUP_EXIT.config,
      };
  }
  if (syscall === 'connect' || syscall === 'getaddrinfo') {
    const where = syscall === 'connect' ? `${error.address}:${error.port}` : error.hostname;
    return {
      message: `cannot reach PostgreSQL at ${where} (${code}): check DATABASE_URL and that the database is running`,
      exitCode: STARTUP_EXIT.unavailable,
    };
  }
  if (code && FOLDER_CODES.has(code) && error.path && isInside(error.path, context.dataDir)) {
    const reason = error.message.split(',')[0];
    return {
      message: `cannot write ${error.path} (${reason}): set NIMBUS_DATA_DIR to a folder this user can write`,
      exitCode: STARTUP_EXIT.cantCreate,
    };
  }
  return null;
}

/** The line and exit code of a failure a user can fix, or null for anything else. */
export function knownStartupFailure(error: unknown, context: StartupContext = {}): StartupFailure | null {
  if (error instanceof ConfigError || error instanceof PendingMigrationsError)
    return { message: error.message, exitCode: STARTUP_EXIT.config };
  if (error instanceof EmbeddedPostgresError) return embeddedPostgresFailure(error, context);
  if (!(error instanceof Error)) return null;
  const pgCode = (error as { code?: string }).code;
  if (pgCode === '28P01' || pgCode === '28000' || pgCode === '3D000')
    return {
      message: `PostgreSQL refused DATABASE_URL: ${error.message}`,
      exitCode: pgCode === '3D000' ? STARTUP_EXIT.config : STARTUP_EXIT.noPermission,
    };
  return system(error, context);
}

/** Always one line: a known failure's, or an unknown one's message with where its stack is. */
export function describeStartupFailure(error: unknown, context: StartupContext = {}): StartupFailure {
  const known = knownStartupFailure(error, context);
  if (known) return known;
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `could not start: ${message.split('\n')[0]} (NIMBUS_LOG_LEVEL=debug logs the stack trace)`,
    exitCode: STARTUP_EXIT.unexpected,
  };
}
