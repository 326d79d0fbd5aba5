/**
 * Overview: the `nimbus` command line: setup, users, sessions, jobs, database migrations and `doctor`,
 *   calling the same use cases as the web API.
 * Architecture: CLI delivery adapter; bootstrap hands it a way to open the back end.
 * Dependencies: commander, the use-case catalogue (the entries it runs), the exit-code table.
 * Concepts: output for people on stdout, one clear error line on stderr, exit codes mapped from
 *   error codes; the back end starts only when a command needs it.
 */
import { Command, CommanderError, Option } from 'commander';
import type { IssueSetupToken, JobRunStatus, SessionView, UseCases } from '../../application/index.js';
import { checkPassword, isDomainError } from '../../domain/index.js';
import { EXIT_CODES, EXIT_OK, EXIT_UNEXPECTED, EXIT_USAGE } from './exit-codes.js';
import { PasswordInputError, readPassword } from './read-password.js';
import type { Readable, Writable } from 'node:stream';

export interface MigrationControl {
  up(): Promise<readonly { name: string; status: string }[]>;
  down(): Promise<readonly { name: string; status: string }[]>;
  status(): Promise<readonly { name: string; executedAt: Date | null }[]>;
}

export interface CliJob {
  readonly name: string;
  readonly description: string;
  /** Seconds between scheduled runs in this configuration. */
  readonly intervalSeconds: number;
  run(): Promise<unknown>;
}

/** The use cases the commands run. */
type CliUseCases = Pick<
  UseCases,
  'getSetupStatus' | 'initializeSetup' | 'listSessions' | 'revokeSession' | 'resetPassword'
>;

export interface CliBackend extends CliUseCases {
  readonly jobs: readonly CliJob[];
  /** The jobs' run history, in the order of `jobs`. */
  jobStatus(): Promise<readonly JobRunStatus[]>;
  /** Records what an operator changed: one info log line, never a secret. */
  record(message: string, fields: Readonly<Record<string, string | number>>): void;
  /** Null unless the configuration issues setup tokens (auth.setupToken: auto). */
  readonly issueSetupToken: IssueSetupToken | null;
  close(): Promise<void>;
}

export interface CliMigrations extends MigrationControl {
  close(): Promise<void>;
}

export interface CliIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** One finding of `nimbus doctor`: ok, warn (works, but should change) or fail (a start fails). */
export interface DoctorCheck {
  readonly name: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
}

export interface CliDependencies {
  readonly version: string;
  /** The findings of `nimbus doctor`; it starts nothing. */
  doctor(): Promise<readonly DoctorCheck[]>;
  openBackend(): Promise<CliBackend>;
  openMigrations(): Promise<CliMigrations>;
  /** Turns a failure that is not a domain error into one line and an exit code, or null. */
  describeFailure?(error: unknown): { message: string; exitCode: number } | null;
}

class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

function formatDate(date: Date | null): string {
  return date ? date.toISOString() : '-';
}

function sessionTable(sessions: readonly SessionView[]): string {
  if (sessions.length === 0) return 'No live sessions.\n';
  const rows = sessions.map((s) => [
    s.id,
    formatDate(s.createdAt),
    formatDate(s.lastUsedAt),
    s.ip ?? '-',
    s.userAgent ?? '-',
  ]);
  const header = ['ID', 'CREATED', 'LAST USED', 'IP', 'USER AGENT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export async function runCli(argv: readonly string[], deps: CliDependencies, io: CliIo): Promise<number> {
  const out = (text: string) => io.stdout.write(text);
  const withBackend = async <T>(work: (backend: CliBackend) => Promise<T>): Promise<T> => {
    const backend = await deps.openBackend();
    try {
      return await work(backend);
    } finally {
      await backend.close();
    }
  };

  const program = new Command('nimbus')
    .description('Nimbus control plane: first-run setup, sessions and database administration.')
    .version(deps.version)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: out, writeErr: (text) => io.stderr.write(text) });

  const setup = program.command('setup').description('first-run setup of this installation');
  setup
    .command('status')
    .description('show whether setup is complete')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const status = await withBackend((b) => b.getSetupStatus.execute());
      if (opts.json) return void out(JSON.stringify(status) + '\n');
      out(
        status.initialized
          ? `Setup complete: organisation "${status.organizationName}", isolation ${status.isolationStrategy}, completed ${formatDate(status.completedAt)}.\n`
          : 'Setup not done yet: run `nimbus setup init --email <admin email> --org <organisation>`.\n',
      );
    });
  setup
    .command('init')
    .description('create the organisation and its admin (password read from a prompt or stdin)')
    .requiredOption('--email <email>', 'admin email')
    .requiredOption('--org <name>', 'organisation name')
    .action(async (opts: { email: string; org: string }) => {
      let password: string;
      try {
        password = await readPassword(io.stdin, io.stderr, 'Admin password');
      } catch (error) {
        if (error instanceof PasswordInputError) throw new CliExit(EXIT_USAGE, `password: ${error.message}`);
        throw error;
      }
      const result = await withBackend((b) =>
        b.initializeSetup.execute({
          adminEmail: opts.email,
          adminPassword: password,
          organizationName: opts.org,
          signIn: false,
        }),
      );
      out(`Setup complete: organisation "${result.provider.name}" with admin ${result.admin.email}.\n`);
    });

  setup
    .command('token')
    .description('issue a new one-time setup token for the wizard, replacing the one in force')
    .action(async () => {
      const issued = await withBackend(async (b) => {
        if (!b.issueSetupToken)
          throw new CliExit(
            EXIT_USAGE,
            'setup tokens are issued only with auth.setupToken: auto (NIMBUS_SETUP_TOKEN=auto)',
          );
        return b.issueSetupToken.execute({ replace: true });
      });
      io.stderr.write(`One-time setup token, valid until ${formatDate(issued.expiresAt)}:\n`);
      out(`${issued.token}\n`);
    });

  const users = program.command('users').description('operator actions on user accounts');
  users
    .command('reset-password')
    .description("set a user's password and end all of their sessions (new password from a prompt or stdin)")
    .requiredOption('--email <email>', "the user's email")
    // Declared only to refuse them in words: a password on the command line shows in `ps` and history.
    .addOption(new Option('--password <password>').hideHelp())
    .allowExcessArguments()
    .action(async (opts: { email: string; password?: string }, command: Command) => {
      if (opts.password !== undefined || command.args.length > 0)
        throw new CliExit(
          EXIT_USAGE,
          'the password is never taken from the command line (it would show in ps and shell history): type it at the prompt or pipe it on stdin',
        );
      let password: string;
      try {
        password = await readPassword(io.stdin, io.stderr, 'New password');
      } catch (error) {
        if (error instanceof PasswordInputError) throw new CliExit(EXIT_USAGE, `password: ${error.message}`);
        throw error;
      }
      // The use case checks it too; checked here first, a bad one starts no back end.
      checkPassword(password, 'newPassword');
      const reset = await withBackend(async (b) => {
        const done = await b.resetPassword.execute({ email: opts.email, newPassword: password });
        b.record('password reset by an operator', {
          userId: done.userId,
          sessionsRevoked: done.sessionsRevoked,
        });
        return done;
      });
      out(`Password of ${reset.email} reset; ${reset.sessionsRevoked} session(s) ended.\n`);
    });

  const sessions = program.command('sessions').description("inspect and end users' sessions");
  sessions
    .command('list')
    .description("list a user's live sessions")
    .requiredOption('--email <email>', "the user's email")
    .option('--json', 'print JSON')
    .action(async (opts: { email: string; json?: boolean }) => {
      const list = await withBackend((b) => b.listSessions.execute({ email: opts.email }));
      out(opts.json ? JSON.stringify(list) + '\n' : sessionTable(list));
    });
  sessions
    .command('revoke')
    .description('end one session at once')
    .argument('<id>', 'session id (from `sessions list`)')
    .action(async (id: string) => {
      await withBackend((b) => b.revokeSession.execute({ sessionId: id, ownerId: null }));
      out(`Session ${id} revoked.\n`);
    });

  const jobs = program.command('jobs').description('background jobs (scheduled session cleanup and archive)');
  jobs
    .command('list')
    .description('list the jobs, how often they run, and their last success and failure')
    .action(async () => {
      const { list, status } = await withBackend(async (b) => ({
        list: b.jobs.map(({ name, description, intervalSeconds }) => ({
          name,
          description,
          intervalSeconds,
        })),
        status: await b.jobStatus(),
      }));
      list.forEach((job, i) => {
        const run = status[i];
        out(`${job.name.padEnd(16)} every ${job.intervalSeconds} s  ${job.description}\n`);
        out(
          `${''.padEnd(16)} last success ${formatDate(run?.lastSuccessAt ?? null)}, last failure ${formatDate(run?.lastFailureAt ?? null)}, ` +
            (run?.failingSince
              ? `FAILING since ${formatDate(run.failingSince)}: ${run.lastError ?? ''}\n`
              : run?.lastStartedAt
                ? 'healthy\n'
                : 'never run\n'),
        );
      });
    });
  jobs
    .command('run')
    .description('run one job now and print its result')
    .argument('<name>', 'job name (from `jobs list`)')
    .action(async (name: string) => {
      const result = await withBackend(async (b) => {
        const job = b.jobs.find((j) => j.name === name);
        if (!job)
          throw new CliExit(
            EXIT_USAGE,
            `unknown job "${name}"; known: ${b.jobs.map((j) => j.name).join(', ')}`,
          );
        return job.run();
      });
      out(`${name}: ${JSON.stringify(result)}\n`);
    });

  program
    .command('db')
    .description('database administration')
    .command('migrate')
    .description('apply (up), revert the newest (down) or list (status) schema migrations')
    .addArgument(
      new Command()
        .createArgument('[direction]', 'up, down or status')
        .choices(['up', 'down', 'status'])
        .default('up'),
    )
    .action(async (direction: 'up' | 'down' | 'status') => {
      const migrations = await deps.openMigrations();
      try {
        if (direction === 'status') {
          const all = await migrations.status();
          for (const m of all)
            out(`${m.executedAt ? 'applied' : 'pending'}  ${m.name}  ${formatDate(m.executedAt)}\n`);
          const pending = all.filter((m) => !m.executedAt).length;
          out(`${all.length - pending} applied, ${pending} pending.\n`);
          return;
        }
        const results = direction === 'up' ? await migrations.up() : await migrations.down();
        if (results.length === 0) out(direction === 'up' ? 'Already up to date.\n' : 'Nothing to revert.\n');
        for (const r of results)
          out(`${direction === 'up' ? 'applied ' : 'reverted'}  ${r.name}  (${r.status})\n`);
      } finally {
        await migrations.close();
      }
    });

  let exitCode = EXIT_OK;
  program
    .command('doctor')
    .description('check Node.js, the configuration, the data folder, the port and the database')
    .action(async () => {
      const checks = await deps.doctor();
      const width = Math.max(...checks.map((c) => c.name.length));
      for (const check of checks)
        out(`${check.status.padEnd(4)}  ${check.name.padEnd(width)}  ${check.detail}\n`);
      const count = (status: DoctorCheck['status']) => checks.filter((c) => c.status === status).length;
      out(`${count('fail')} failed, ${count('warn')} warning(s), ${count('ok')} ok.\n`);
      if (count('fail') > 0) exitCode = EXIT_UNEXPECTED;
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      ) {
        return EXIT_OK;
      }
      return EXIT_USAGE; // commander already printed its one-line message
    }
    if (error instanceof CliExit) {
      io.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    if (isDomainError(error)) {
      io.stderr.write(`error: ${error.message} [${error.code}]\n`);
      return EXIT_CODES[error.code];
    }
    const described = deps.describeFailure?.(error) ?? null;
    if (described) {
      io.stderr.write(`error: ${described.message}\n`);
      return described.exitCode;
    }
    io.stderr.write(`error: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_UNEXPECTED;
  }
}
