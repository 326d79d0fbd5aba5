/**
 * Overview: `nimbus doctor`: checks what a start needs (Node.js, configuration, data folder, port,
 *   a stale PostgreSQL pid, database, Temporal, S3, web UI) without starting anything, one finding
 *   per check.
 * Architecture: bootstrap; the CLI adapter prints the findings it returns.
 * Dependencies: the config loader, embedded PostgreSQL's pre-flight, the migrator, node:net.
 * Concepts: ok / warn (works, but should change) / fail (a start would fail), worded as a failed
 *   start would be; the Node.js schedule is one table; a port a running Nimbus holds is fine.
 */
import { existsSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DoctorCheck } from '../adapters/cli/cli.js';
import {
  EmbeddedPostgresError,
  embeddedPostgresProblem,
} from '../adapters/persistence/embedded/embedded-postgres-server.js';
import { createDatabase } from '../adapters/persistence/kysely/database.js';
import { SchemaMigrator } from '../adapters/persistence/kysely/migrations/index.js';
import type { NimbusConfig } from './config/config.schema.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { adaptersFor } from './profiles.js';
import { objectStoreCheck, postmasterCheck, temporalCheck } from './doctor-services.js';
import { nodeCheck } from './node-support.js';
import { describeStartupFailure, type StartupContext } from './startup-errors.js';

function contextOf(config: NimbusConfig): StartupContext {
  return { dataDir: config.dataDir, host: config.server.host, port: config.server.port };
}

async function dataFolderCheck(config: NimbusConfig): Promise<DoctorCheck> {
  const name = 'data folder';
  const dataDir = path.resolve(config.dataDir);
  let existing = dataDir;
  while (!existsSync(existing)) existing = path.dirname(existing);
  try {
    await access(existing, constants.W_OK | constants.X_OK);
  } catch {
    return {
      name,
      status: 'fail',
      detail: `${existing} cannot be written by this user: set NIMBUS_DATA_DIR to a folder it can write`,
    };
  }
  if (adaptersFor(config).database !== 'embedded') return { name, status: 'ok', detail: dataDir };
  const problem = await embeddedPostgresProblem(path.join(dataDir, 'postgres'));
  if (problem) {
    const failure = describeStartupFailure(new EmbeddedPostgresError(problem), contextOf(config));
    return { name, status: 'fail', detail: failure.message };
  }
  return {
    name,
    status: 'ok',
    detail: `${dataDir}${existing === dataDir ? '' : ' (created at first start)'}`,
  };
}

/** The error of listening on the configured address, or null when it is free. */
function listenError(host: string, port: number): Promise<Error | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', resolve);
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}

async function portCheck(config: NimbusConfig): Promise<DoctorCheck> {
  const { host, port } = config.server;
  const name = 'port';
  if (port === 0) return { name, status: 'ok', detail: 'a free port is taken at each start' };
  const error = await listenError(host, port);
  if (!error) return { name, status: 'ok', detail: `${host}:${port} is free` };
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    // A referenced timer: when the peer hangs up oddly, fetch may hold nothing that keeps the
    // event loop alive (AbortSignal.timeout's timer does not), and the process would just end.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 2000);
    const live = await fetch(`http://${local.includes(':') ? `[${local}]` : local}:${port}/live`, {
      signal: controller.signal,
    })
      .catch(() => null)
      .finally(() => clearTimeout(timer));
    if (live?.ok && live.headers.get('content-type')?.includes('json'))
      return { name, status: 'ok', detail: `${host}:${port} is served by a running Nimbus` };
  }
  return { name, status: 'fail', detail: describeStartupFailure(error, contextOf(config)).message };
}

async function databaseCheck(config: NimbusConfig): Promise<DoctorCheck> {
  const name = 'database';
  const { database: kind } = adaptersFor(config);
  if (kind === 'none') return { name, status: 'ok', detail: `none (${config.profile} profile)` };
  if (kind === 'embedded')
    return { name, status: 'ok', detail: 'embedded PostgreSQL, started and migrated by Nimbus' };
  const database = createDatabase({ connectionString: config.database.url ?? '', poolSize: 1 });
  try {
    const pending = (await new SchemaMigrator(database.db).status()).filter((m) => !m.executedAt);
    return pending.length === 0
      ? { name, status: 'ok', detail: 'reachable, schema up to date' }
      : {
          name,
          status: 'fail',
          detail: `reachable, ${pending.length} migration(s) pending: run npm run db:migrate`,
        };
  } catch (error) {
    return { name, status: 'fail', detail: describeStartupFailure(error, contextOf(config)).message };
  } finally {
    await database.close();
  }
}

function webUiCheck(config: NimbusConfig): DoctorCheck {
  const dir =
    config.server.webUiDir ?? fileURLToPath(new URL('../../frontend/dist/browser', import.meta.url));
  return existsSync(path.join(dir, 'index.html'))
    ? { name: 'web UI', status: 'ok', detail: dir }
    : {
        name: 'web UI',
        status: 'warn',
        detail: `not built in ${dir}: run npm run build:ui (npm start does)`,
      };
}

export interface DoctorOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly nodeVersion?: string;
  readonly today?: Date;
}

export async function runDoctor(options: DoctorOptions = {}): Promise<readonly DoctorCheck[]> {
  const checks = [nodeCheck(options.nodeVersion ?? process.versions.node, options.today ?? new Date())];
  let config: NimbusConfig;
  try {
    config = loadConfig({ env: options.env ?? process.env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...checks, { name: 'configuration', status: 'fail', detail: error.problems.join('; ') }];
  }
  checks.push({ name: 'configuration', status: 'ok', detail: `valid, profile ${config.profile}` });
  checks.push(await dataFolderCheck(config));
  checks.push(await portCheck(config));
  checks.push(postmasterCheck(config));
  checks.push(await databaseCheck(config));
  checks.push(...(await Promise.all([temporalCheck(config), objectStoreCheck(config)])));
  checks.push(webUiCheck(config));
  return checks;
}
