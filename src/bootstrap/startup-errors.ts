/**
 * Overview: turns a start-up failure a user can cause (a setting, a port, a folder, a database)
 *   into one line that names the problem and its fix, with an exit code.
 * Architecture: bootstrap; used by every entry point (server, worker, CLI) in its catch block.
 * Dependencies: the configuration error, the embedded PostgreSQL adapter's error, the runtime.
 * Concepts: exit codes follow BSD sysexits like the CLI's table; an unknown failure is one line
 *   too (its message), and its stack is logged only at NIMBUS_LOG_LEVEL=debug.
 */
import path from 'node:path';
import { EmbeddedPostgresError } from '../adapters/persistence/embedded/embedded-postgres-server.js';
import { ConfigError } from './config/load-config.js';
import { PendingMigrationsError } from './migrations.js';

/** sysexits.h codes (1 for the unexpected). */
export const STARTUP_EXIT = {
  unexpected: 1,
  dataError: 65, // EX_DATAERR: a data folder Nimbus cannot use as it is
  unavailable: 69, // EX_UNAVAILABLE: a port or a service is taken or down
  cantCreate: 73, // EX_CANTCREAT: a folder cannot be written
  noPermission: 77, // EX_NOPERM
  config: 78, // EX_CONFIG
} as const;

/** What the failing process was asked to use, to name the setting behind a failure. */
export interface StartupContext {
  readonly dataDir?: string;
  readonly host?: string;
  readonly port?: number;
}

export interface StartupFailure {
  readonly message: string;
  readonly exitCode: number;
}

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

function embedded(error: EmbeddedPostgresError, context: StartupContext): StartupFailure {
  const { failure } = error;
  switch (failure.kind) {
    case 'unreachable': {
      const where = {
        data: 'above the data folder',
        programs: "above PostgreSQL's programs in node_modules",
        both: "above PostgreSQL's programs and the data folder",
      }[failure.blocks];
      const move =
        failure.blocks === 'data'
          ? 'set NIMBUS_DATA_DIR to a folder it can enter (such as /var/lib/nimbus)'
          : 'put the Nimbus folder where it can enter (such as /srv/nimbus)';
      return {
        message:
          `running as root, embedded PostgreSQL runs as the "postgres" user, which cannot enter ` +
          `${failure.folder} (mode ${failure.mode.toString(8)}) ${where}: ${move}, or let it through ` +
          `with \`chmod o+x ${failure.folder}\``,
        exitCode: STARTUP_EXIT.noPermission,
      };
    }
    case 'other-version':
      return {
        message:
          `the data folder ${context.dataDir ?? failure.dataDir} holds a PostgreSQL ${failure.found} cluster, ` +
          `but Nimbus runs PostgreSQL ${failure.expected}: set NIMBUS_DATA_DIR to a new folder, or move the ` +
          `data over with pg_dumpall from PostgreSQL ${failure.found}`,
        exitCode: STARTUP_EXIT.dataError,
      };
    case 'port-in-use':
      return {
        message:
          `port ${failure.port} of embedded PostgreSQL is already in use: set NIMBUS_EMBEDDED_PG_PORT ` +
          'to a free port, or unset it to take a free one at each start',
        exitCode: STARTUP_EXIT.unavailable,
      };
  }
}

function system(error: SystemError, context: StartupContext): StartupFailure | null {
  const { code, syscall } = error;
  if (syscall === 'listen') {
    const port = error.port ?? context.port;
    const host = error.address ?? context.host;
    if (code === 'EADDRINUSE')
      return {
        message: `port ${port} on ${host} is already in use (EADDRINUSE): stop the program using it, or set NIMBUS_PORT to a free port`,
        exitCode: STARTUP_EXIT.unavailable,
      };
    if (code === 'EACCES')
      return {
        message: `port ${port} needs privileges this user lacks (EACCES): set NIMBUS_PORT to 1024 or above`,
        exitCode: STARTUP_EXIT.noPermission,
      };
    if (code === 'EADDRNOTAVAIL')
      return {
        message: `${host} is not an address of this machine (EADDRNOTAVAIL): set NIMBUS_HOST to one of its addresses, or 0.0.0.0 for all`,
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
  if (error instanceof EmbeddedPostgresError) return embedded(error, context);
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
