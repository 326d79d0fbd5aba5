/**
 * Overview: unit tests of the start-up failure wording: each known failure is one line that names
 *   the problem and the setting or command that fixes it, with its sysexits code.
 * Architecture: test of src/bootstrap/startup-errors.ts (a pure function).
 * Dependencies: chai, the configuration and embedded PostgreSQL error classes.
 * Concepts: an unknown failure is one line too, pointing at NIMBUS_LOG_LEVEL=debug for its stack.
 */
import { expect } from 'chai';
import { EmbeddedPostgresError } from '../../src/adapters/persistence/embedded/embedded-postgres-server.js';
import { ConfigError } from '../../src/bootstrap/config/load-config.js';
import {
  STARTUP_EXIT,
  describeStartupFailure,
  knownStartupFailure,
} from '../../src/bootstrap/startup-errors.js';

function systemError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe('start-up failures', () => {
  const context = { dataDir: '/srv/nimbus/data', host: '127.0.0.1', port: 3000 };

  it('a port in use names the port, the address and NIMBUS_PORT (exit 69)', () => {
    const error = systemError('listen EADDRINUSE: address already in use 127.0.0.1:3000', {
      code: 'EADDRINUSE',
      syscall: 'listen',
      address: '127.0.0.1',
      port: 3000,
    });
    const failure = describeStartupFailure(error, context);
    expect(failure.message).to.equal(
      'port 3000 on 127.0.0.1 is already in use (EADDRINUSE): stop the program using it, or set NIMBUS_PORT to a free port',
    );
    expect(failure.exitCode).to.equal(STARTUP_EXIT.unavailable);
  });

  it('the metrics port in use or on a foreign address names NIMBUS_METRICS_PORT / _HOST (exit 69, 78)', () => {
    const withMetrics = { ...context, metricsPort: 9464 };
    const taken = systemError('listen EADDRINUSE: address already in use 127.0.0.1:9464', {
      code: 'EADDRINUSE',
      syscall: 'listen',
      address: '127.0.0.1',
      port: 9464,
    });
    const failure = describeStartupFailure(taken, withMetrics);
    expect(failure.message).to.equal(
      'port 9464 on 127.0.0.1 is already in use (EADDRINUSE): stop the program using it, or set NIMBUS_METRICS_PORT to a free port',
    );
    expect(failure.exitCode).to.equal(STARTUP_EXIT.unavailable);
    const foreign = systemError('listen EADDRNOTAVAIL', {
      code: 'EADDRNOTAVAIL',
      syscall: 'listen',
      address: '10.9.9.9',
      port: 9464,
    });
    expect(describeStartupFailure(foreign, withMetrics).message).to.include('set NIMBUS_METRICS_HOST');
    // The API's own port still names NIMBUS_PORT when metrics are on.
    const api = systemError('listen EADDRINUSE', { code: 'EADDRINUSE', syscall: 'listen', port: 3000 });
    expect(describeStartupFailure(api, withMetrics).message).to.include('set NIMBUS_PORT ');
  });

  it('a privileged port and a foreign address name NIMBUS_PORT and NIMBUS_HOST', () => {
    const denied = systemError('listen EACCES: permission denied 0.0.0.0:80', {
      code: 'EACCES',
      syscall: 'listen',
      address: '0.0.0.0',
      port: 80,
    });
    expect(describeStartupFailure(denied, context).message).to.include('port 80').and.include('NIMBUS_PORT');
    expect(describeStartupFailure(denied, context).exitCode).to.equal(STARTUP_EXIT.noPermission);
    const foreign = systemError('listen EADDRNOTAVAIL', {
      code: 'EADDRNOTAVAIL',
      syscall: 'listen',
      address: '10.9.9.9',
      port: 3000,
    });
    expect(describeStartupFailure(foreign, context).message).to.match(/^10\.9\.9\.9 .*NIMBUS_HOST/);
  });

  it('a folder under the data folder that cannot be written names it and NIMBUS_DATA_DIR (exit 73)', () => {
    const error = systemError("EACCES: permission denied, mkdir '/srv/nimbus/data/objects'", {
      code: 'EACCES',
      syscall: 'mkdir',
      path: '/srv/nimbus/data/objects',
    });
    const failure = describeStartupFailure(error, context);
    expect(failure.message).to.equal(
      'cannot write /srv/nimbus/data/objects (EACCES: permission denied): set NIMBUS_DATA_DIR to a folder this user can write',
    );
    expect(failure.exitCode).to.equal(STARTUP_EXIT.cantCreate);
    // The same error on a path outside the data folder is not a data-folder problem.
    expect(
      knownStartupFailure(
        systemError("EACCES: permission denied, mkdir '/etc/x'", {
          code: 'EACCES',
          syscall: 'mkdir',
          path: '/etc/x',
        }),
        context,
      ),
    ).to.equal(null);
  });

  it('a folder the postgres user cannot enter names the folder, its mode and both fixes (exit 77)', () => {
    const data = new EmbeddedPostgresError({
      kind: 'unreachable',
      folder: '/root',
      mode: 0o700,
      blocks: 'data',
    });
    expect(describeStartupFailure(data, context)).to.deep.equal({
      message:
        'running as root, embedded PostgreSQL runs as the "postgres" user, which cannot enter /root (mode 700) ' +
        'above the data folder: set NIMBUS_DATA_DIR to a folder it can enter (such as /var/lib/nimbus), ' +
        'or let it through with `chmod o+x /root`',
      exitCode: STARTUP_EXIT.noPermission,
    });
    const both = new EmbeddedPostgresError({
      kind: 'unreachable',
      folder: '/root',
      mode: 0o750,
      blocks: 'both',
    });
    expect(describeStartupFailure(both, context).message)
      .to.include("above PostgreSQL's programs and the data folder")
      .and.include('put the Nimbus folder where it can enter')
      .and.include('(mode 750)');
  });

  it('a cluster of another PostgreSQL version names both versions and NIMBUS_DATA_DIR (exit 65)', () => {
    const error = new EmbeddedPostgresError({
      kind: 'other-version',
      dataDir: '/srv/nimbus/data/postgres/pgdata',
      found: '16',
      expected: '18',
    });
    const failure = describeStartupFailure(error, context);
    expect(failure.message)
      .to.match(
        /^the data folder \/srv\/nimbus\/data holds a PostgreSQL 16 cluster, but Nimbus runs PostgreSQL 18: /,
      )
      .and.include('NIMBUS_DATA_DIR');
    expect(failure.exitCode).to.equal(STARTUP_EXIT.dataError);
  });

  it("embedded PostgreSQL's port in use names NIMBUS_EMBEDDED_PG_PORT", () => {
    const failure = describeStartupFailure(new EmbeddedPostgresError({ kind: 'port-in-use', port: 5432 }));
    expect(failure.message).to.include('port 5432').and.include('NIMBUS_EMBEDDED_PG_PORT');
    expect(failure.exitCode).to.equal(STARTUP_EXIT.unavailable);
  });

  it('an unreachable or refusing external database names DATABASE_URL', () => {
    const refused = systemError('connect ECONNREFUSED 127.0.0.1:5432', {
      code: 'ECONNREFUSED',
      syscall: 'connect',
      address: '127.0.0.1',
      port: 5432,
    });
    expect(describeStartupFailure(refused).message).to.equal(
      'cannot reach PostgreSQL at 127.0.0.1:5432 (ECONNREFUSED): check DATABASE_URL and that the database is running',
    );
    const login = systemError('password authentication failed for user "nimbus"', { code: '28P01' });
    expect(describeStartupFailure(login).message).to.include('DATABASE_URL').and.include('password');
  });

  it('a configuration error keeps its list of problems (exit 78)', () => {
    const failure = describeStartupFailure(new ConfigError(['server.port (from NIMBUS_PORT): too big']));
    expect(failure).to.deep.equal({
      message: 'Invalid configuration:\n  - server.port (from NIMBUS_PORT): too big',
      exitCode: STARTUP_EXIT.config,
    });
  });

  it('an unknown failure is its first line and where to find the stack (exit 1), never the stack', () => {
    const error = new Error('something odd\nsecond line');
    expect(knownStartupFailure(error)).to.equal(null);
    const failure = describeStartupFailure(error);
    expect(failure.message).to.equal(
      'could not start: something odd (NIMBUS_LOG_LEVEL=debug logs the stack trace)',
    );
    expect(failure.exitCode).to.equal(1);
  });
});
