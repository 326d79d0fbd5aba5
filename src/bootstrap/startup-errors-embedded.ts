/**
 * Overview: the one line, and exit code, for each way embedded PostgreSQL refuses to start: a
 *   folder its user cannot enter (as root), a cluster of another major version, a port in use.
 * Architecture: bootstrap; part of startup-errors.ts.
 * Dependencies: the embedded PostgreSQL adapter's error.
 * Concepts: each line names the folder, version or port, and the setting or command that fixes it.
 */
import type { EmbeddedPostgresError } from '../adapters/persistence/embedded/embedded-postgres-server.js';
import { STARTUP_EXIT, type StartupContext, type StartupFailure } from './startup-exit.js';

export function embeddedPostgresFailure(
  error: EmbeddedPostgresError,
  context: StartupContext,
): StartupFailure {
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
