/**
 * Overview: the Temporal worker's hardening, without a server: a bounded stop (force time below
 *   the container's grace period, activities that heed cancellation, archive heartbeats), TLS
 *   files and the API-key rule, run timeouts on schedules, the workflow bundle built from the
 *   compiled code (and replayed), SDK core logs in the pino stream, and the health check.
 * Architecture: adapter and bootstrap tests (workflows, Temporal); the runtime-wide parts (a
 *   Temporal Runtime, the worker entry point) run in child processes.
 * Dependencies: @temporalio/testing (MockActivityEnvironment), @temporalio/client (a fake
 *   Client's types), yaml, the Temporal adapter, the bootstrap's worker, the test app harness,
 *   chai.
 * Concepts: the bundle test compiles src/ with the build's own compile script and
 *   tsconfig.build.json (outDir moved into node_modules/.cache), then runs the build's own bundle
 *   script on it; a running worker's stop and the health check against a live server need a
 *   Temporal server, which cannot run here.
 */
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { ScheduleAlreadyRunning, type Client, type ScheduleDescription } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogLevel } from '@temporalio/worker';
import { parse } from 'yaml';
import { ARCHIVE_PREFIX, RepositoriesToken, type Repositories } from '../../../src/application/index.js';
import { ServiceUnavailableError } from '../../../src/domain/index.js';
import { InMemoryObjectStore } from '../../../src/adapters/storage/in-memory-object-store.js';
import {
  createActivities,
  heartbeatEveryMs,
  type ActivityDependencies,
  type ArchiveSummary,
} from '../../../src/adapters/workflows/temporal/activities.js';
import { tlsConfig } from '../../../src/adapters/workflows/temporal/temporal-client.js';
import {
  MIN_RUN_TIMEOUT_MS,
  TemporalWorkflowScheduler,
  runTimeoutMs,
} from '../../../src/adapters/workflows/temporal/temporal-workflow-scheduler.js';
import {
  DEFAULT_SHUTDOWN_FORCE_MS,
  FORCE_MARGIN_MS,
  coreLogLevelOf,
  runtimeOptionsOf,
  workerIsPolling,
  workerOptionsOf,
} from '../../../src/adapters/workflows/temporal/worker.js';
import { workflowSource } from '../../../src/adapters/workflows/temporal/workflow-bundle.js';
import { ARCHIVE_OPTIONS } from '../../../src/adapters/workflows/temporal/workflow-options.js';
import { ConfigError, loadConfig } from '../../../src/bootstrap/config/load-config.js';
import { createLogger } from '../../../src/bootstrap/logger.js';
import { buildActivities } from '../../../src/bootstrap/worker.js';
import { temporalOptionsOf } from '../../../src/bootstrap/config/temporal-options.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { ADMIN, seedSetup } from '../../support/seed.js';

const ROOT = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const run = promisify(execFile);

/** Seconds of a compose duration such as "30s", "1m30s" or "2m". */
function composeSeconds(value: string): number {
  let total = 0;
  for (const [, n, unit] of value.matchAll(/(\d+)(h|m|s)/g))
    total += Number(n) * { h: 3600, m: 60, s: 1 }[unit as 'h'];
  return total;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const quietEnvironment = (info = {}) =>
  new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });

interface Exit {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a TypeScript entry under swc-node with only the given NIMBUS_/TEMPORAL_ settings. */
async function runTs(args: string[], env: Record<string, string>, cwd = ROOT): Promise<Exit> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(NIMBUS_|TEMPORAL_|S3_)/.test(k) && k !== 'DATABASE_URL' && k !== 'NODE_ENV',
    ),
  );
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', '--no-warnings=ExperimentalWarning', ...args],
      {
        cwd,
        env: { ...inherited, NIMBUS_METRICS_PORT: '0', ...env },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 60_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('Temporal worker: bounded stop (no server)', () => {
  it('sets a force time longer than the grace time and below the compose worker stop_grace_period', () => {
    const defaults = workerOptionsOf({ namespace: 'default' });
    expect(defaults.shutdownGraceTime).to.equal(10_000);
    expect(defaults.shutdownForceTime).to.equal(DEFAULT_SHUTDOWN_FORCE_MS);
    expect(DEFAULT_SHUTDOWN_FORCE_MS).to.be.above(10_000);

    const compose = parse(readFileSync(path.join(ROOT, 'infra/docker-compose.yml'), 'utf8'), {
      merge: true,
    }) as { services: Record<string, { stop_grace_period?: string; environment?: Record<string, string> }> };
    const worker = compose.services.worker;
    expect(worker?.stop_grace_period, 'worker stop_grace_period').to.be.a('string');
    const killAfterMs = composeSeconds(worker?.stop_grace_period ?? '') * 1000;
    // What the worker is configured with in compose, through the real configuration loader.
    const config = loadConfig({
      env: {
        NIMBUS_TEMPORAL_SHUTDOWN_GRACE: worker?.environment?.NIMBUS_TEMPORAL_SHUTDOWN_GRACE ?? '',
        NIMBUS_TEMPORAL_SHUTDOWN_FORCE: worker?.environment?.NIMBUS_TEMPORAL_SHUTDOWN_FORCE ?? '',
      },
      cwd: '/nonexistent',
    });
    const forceMs = config.temporal.shutdownForce * 1000;
    // The SDK gives up at the force time, runTemporalWorker FORCE_MARGIN_MS later, and the
    // runtime then gets up to 3 s to close: all before Docker's SIGKILL.
    expect(forceMs + FORCE_MARGIN_MS + 3_000, 'force time + margins').to.be.below(killAfterMs);
    expect(forceMs).to.be.above(config.temporal.shutdownGrace * 1000);

    const tuned = workerOptionsOf({ namespace: 'n', shutdownGraceMs: 1_000, shutdownForceMs: 5_000 });
    expect(tuned).to.deep.include({ shutdownGraceTime: 1_000, shutdownForceTime: 5_000, namespace: 'n' });
  });

  it('gives the archive activity a heartbeat timeout well below its start-to-close timeout', () => {
    expect(ARCHIVE_OPTIONS.heartbeatTimeout).to.equal('30 seconds');
    expect(ARCHIVE_OPTIONS.startToCloseTimeout).to.equal('5 minutes');
    expect(heartbeatEveryMs(30_000)).to.equal(10_000);
    expect(heartbeatEveryMs(3_000)).to.equal(1_000);
  });

  describe('activities', () => {
    const idle: ActivityDependencies = {
      cleanupExpiredSessions: { execute: () => Promise.reject(new Error('unused')) },
      archiveSessions: { execute: () => Promise.reject(new Error('unused')) },
    };

    it('archive: hands the cancellation signal to the use case and fails as cancelled when the worker stops', async () => {
      let received: AbortSignal | undefined;
      const activities = createActivities({
        ...idle,
        archiveSessions: {
          execute: ({ signal } = {}) =>
            new Promise((_, reject) => {
              received = signal;
              signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
            }),
        },
      });
      const env = quietEnvironment();
      const running = env.run(activities.archiveSessions);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(received, 'signal passed to the use case').to.be.instanceOf(AbortSignal);
      env.cancel('WORKER_SHUTDOWN');
      const failure = await rejection(running);
      expect(received?.aborted).to.equal(true);
      expect(failure).to.be.instanceOf(CancelledFailure);
      expect((failure as CancelledFailure).message).to.equal('WORKER_SHUTDOWN');
    });

    it('cleanup: hands the cancellation signal to the use case', async () => {
      let received: AbortSignal | undefined;
      const activities = createActivities({
        ...idle,
        cleanupExpiredSessions: {
          execute: async ({ signal } = {}) => {
            received = signal;
            return { deleted: 0, cutoff: new Date(0), expired: 0 };
          },
        },
      });
      await quietEnvironment().run(activities.cleanupExpiredSessions);
      expect(received).to.be.instanceOf(AbortSignal);
    });

    it('archive: heartbeats when its batch starts and while it runs', async () => {
      const activities = createActivities({
        ...idle,
        archiveSessions: {
          execute: () =>
            new Promise((resolve) =>
              setTimeout(() => resolve({ archived: 1, key: 'k', events: { archived: 2, key: 'e' } }), 700),
            ),
        },
      });
      // A 300 ms heartbeat timeout: one heartbeat at the start, then one every 100 ms.
      const env = quietEnvironment({ heartbeatTimeoutMs: 300 });
      const beats: number[] = [];
      const t0 = performance.now();
      env.on('heartbeat', () => beats.push(performance.now() - t0));
      expect(await env.run(activities.archiveSessions)).to.deep.equal({
        archived: 1,
        key: 'k',
        events: { archived: 2, key: 'e' },
      });
      expect(beats.length, `heartbeats at ${beats.map(Math.round).join(', ')} ms`).to.be.at.least(3);
      expect(beats[0]).to.be.below(100);
      const settled = beats.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(beats.length, 'no heartbeat after the batch').to.equal(settled);
    });

    describe('on the real use cases (memory profile), cancelled before they start', () => {
      let app: TestApp;
      let store: InMemoryObjectStore;
      beforeEach(async () => {
        store = new InMemoryObjectStore();
        app = await createTestApp('memory', {
          auth: { sessionRetention: '1h' },
          jobs: { archiveAfter: '30m' },
          objectStore: store,
        });
        await seedSetup(app);
        const session = await app.runtime.useCases.login.execute({
          email: ADMIN.email,
          password: ADMIN.password,
        });
        await app.runtime.useCases.logout.execute({ sessionId: session.tokens.sessionId });
        app.clock.advance(2 * 3600);
      });
      afterEach(() => app.close());

      it('archive writes and deletes nothing, cleanup deletes nothing', async () => {
        const repos = app.runtime.get<Repositories>(RepositoriesToken);
        const cutoff = new Date(app.clock.now().getTime());
        const before = (await repos.sessions.listEndedBefore(cutoff, 100)).length;
        expect(before).to.equal(1);
        const activities = buildActivities(app.runtime);
        for (const activity of [activities.archiveSessions, activities.cleanupExpiredSessions]) {
          const env = quietEnvironment();
          env.cancel('WORKER_SHUTDOWN');
          expect(await rejection(env.run(activity))).to.be.instanceOf(CancelledFailure);
        }
        expect(await store.list(ARCHIVE_PREFIX)).to.deep.equal([]);
        expect((await repos.sessions.listEndedBefore(cutoff, 100)).length).to.equal(before);
        // Not cancelled, the same activity archives the session.
        const archived: ArchiveSummary = await quietEnvironment().run(activities.archiveSessions);
        expect(archived.archived).to.equal(1);
        expect(await store.list(ARCHIVE_PREFIX)).to.have.length(1);
      });
    });
  });
});

describe('Temporal worker: TLS settings (no server)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'nimbus-tls-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const pemFile = (name: string, label = 'CERTIFICATE') => {
    const file = path.join(dir, name);
    writeFileSync(file, `-----BEGIN ${label}-----\nTklNQlVT\n-----END ${label}-----\n`);
    return file;
  };
  const load = (env: Record<string, string>) => loadConfig({ env, cwd: '/nonexistent' });

  it('reads the CA, the client certificate and key, and the server name into the connection (mTLS)', () => {
    const files = {
      NIMBUS_TEMPORAL_TLS_CA_FILE: pemFile('ca.pem'),
      NIMBUS_TEMPORAL_TLS_CERT_FILE: pemFile('client.pem'),
      NIMBUS_TEMPORAL_TLS_KEY_FILE: pemFile('client.key', 'PRIVATE KEY'),
    };
    const options = temporalOptionsOf(
      load({ ...files, NIMBUS_TEMPORAL_TLS_SERVER_NAME: 'temporal.internal', TEMPORAL_API_KEY: 'k' }),
    );
    const read = (file: string) => new Uint8Array(readFileSync(file));
    expect(tlsConfig(options)).to.deep.equal({
      serverNameOverride: 'temporal.internal',
      serverRootCACertificate: read(files.NIMBUS_TEMPORAL_TLS_CA_FILE),
      clientCertPair: {
        crt: read(files.NIMBUS_TEMPORAL_TLS_CERT_FILE),
        key: read(files.NIMBUS_TEMPORAL_TLS_KEY_FILE),
      },
    });
    expect(options.apiKey).to.equal('k');
  });

  it('keeps plain TLS switches as they were: off by default, on with an API key or TEMPORAL_TLS', () => {
    expect(tlsConfig(temporalOptionsOf(load({})))).to.equal(false);
    expect(tlsConfig(temporalOptionsOf(load({ TEMPORAL_API_KEY: 'k' })))).to.equal(true);
    expect(tlsConfig(temporalOptionsOf(load({ TEMPORAL_TLS: 'true' })))).to.equal(true);
    expect(tlsConfig(temporalOptionsOf(load({ NIMBUS_TEMPORAL_TLS_CA_FILE: pemFile('only-ca.pem') }))))
      .to.have.property('serverRootCACertificate')
      .that.is.instanceOf(Uint8Array);
  });

  it('refuses an unreadable or non-PEM file with one configuration line each', () => {
    const missing = path.join(dir, 'missing.pem');
    const notPem = path.join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    let error: unknown;
    try {
      temporalOptionsOf(
        load({
          NIMBUS_TEMPORAL_TLS_CA_FILE: missing,
          NIMBUS_TEMPORAL_TLS_CERT_FILE: notPem,
          NIMBUS_TEMPORAL_TLS_KEY_FILE: pemFile('k.pem', 'PRIVATE KEY'),
        }),
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ConfigError).problems).to.deep.equal([
      `temporal.tlsCaFile (NIMBUS_TEMPORAL_TLS_CA_FILE): cannot read ${missing} (ENOENT: no such file or directory)`,
      `temporal.tlsCertFile (NIMBUS_TEMPORAL_TLS_CERT_FILE): ${notPem} holds no PEM block (-----BEGIN ...)`,
    ]);
  });

  it('never sends an API key in clear text, even when called without the configuration', () => {
    expect(() =>
      tlsConfig({ address: 'x:1', namespace: 'n', connectTimeoutMs: 1, apiKey: 'k', tls: false }),
    ).to.throw(/never sent without TLS/);
  });
});

describe('Temporal schedules: a run timeout (no server)', () => {
  type Action = { workflowExecutionTimeout?: number };
  /** A Client whose schedule sub-client records what it is asked. */
  function fakeClient(existing?: Partial<ScheduleDescription>) {
    const calls: { created: Action[]; updated: Action[] } = { created: [], updated: [] };
    const schedule = {
      async create(options: { action: Action }) {
        if (existing) throw new ScheduleAlreadyRunning('exists', 'id');
        calls.created.push(options.action);
      },
      getHandle: () => ({
        describe: async () => existing as ScheduleDescription,
        update: async (fn: (previous: ScheduleDescription) => { action: Action }) => {
          calls.updated.push(fn(existing as ScheduleDescription).action);
        },
      }),
    };
    return { client: { schedule } as unknown as Client, calls };
  }
  const spec = { id: 's', workflow: 'sessionArchive', intervalSeconds: 3600 };
  const description = (action: Record<string, unknown>) =>
    ({
      spec: { intervals: [{ every: 3_600_000 }], calendars: [] },
      action: {
        type: 'startWorkflow',
        workflowType: 'sessionArchive',
        taskQueue: 'nimbus-workflows',
        args: [],
        ...action,
      },
      policies: { overlap: 'SKIP' },
    }) as unknown as Partial<ScheduleDescription>;

  it('ends a scheduled run a little before the next one is due (90 %, at least a minute)', () => {
    expect(runTimeoutMs(3600)).to.equal(3_240_000);
    expect(runTimeoutMs(600)).to.equal(540_000);
    expect(runTimeoutMs(2)).to.equal(MIN_RUN_TIMEOUT_MS);
  });

  it('creates schedules whose runs have a workflowExecutionTimeout', async () => {
    const { client, calls } = fakeClient();
    await new TemporalWorkflowScheduler(client, { address: 'x:1' }).ensureSchedule(spec);
    expect(calls.created).to.have.length(1);
    expect(calls.created[0]?.workflowExecutionTimeout).to.equal(3_240_000);
  });

  it('brings an existing schedule without a run timeout to the spec, and leaves a matching one alone', async () => {
    const old = fakeClient(description({}));
    await new TemporalWorkflowScheduler(old.client, { address: 'x:1' }).ensureSchedule(spec);
    expect(old.calls.updated.map((a) => a.workflowExecutionTimeout)).to.deep.equal([3_240_000]);

    const current = fakeClient(description({ workflowExecutionTimeout: 3_240_000 }));
    await new TemporalWorkflowScheduler(current.client, { address: 'x:1' }).ensureSchedule(spec);
    expect(current.calls.updated).to.deep.equal([]);
  });
});

describe('Temporal workflow bundle built by `npm run build` (no server)', function () {
  this.timeout(90_000);
  // Real path: Node names a module by it, and node_modules may be a link (a git worktree's).
  const out = path.join(
    realpathSync(path.join(ROOT, 'node_modules')),
    '.cache',
    `nimbus-bundle-test-${process.pid}`,
  );
  const temporalDir = path.join(out, 'adapters/workflows/temporal');
  const bundlePath = path.join(temporalDir, 'workflows-bundle.js');
  let script: Exit;
  let replay: {
    lines: Record<string, unknown>[];
    raw: string[];
    stderr: string;
    results: Record<string, string>;
  };

  before(async () => {
    // The build's compile, into `out`: the same files and options as dist/.
    mkdirSync(out, { recursive: true });
    const project = path.join(out, 'tsconfig.json');
    writeFileSync(
      project,
      JSON.stringify({ extends: path.join(ROOT, 'tsconfig.build.json'), compilerOptions: { outDir: out } }),
    );
    await run(process.execPath, [path.join(ROOT, 'scripts/compile-backend.js'), '--project', project], {
      cwd: ROOT,
      timeout: 60_000,
    });
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        [path.join(ROOT, 'scripts/build-workflow-bundle.js'), out],
        { cwd: ROOT, timeout: 60_000 },
      );
      script = { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      script = { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('is the last step of the build script', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.build).to.match(
      /^tsc -p tsconfig\.build\.json --noEmit && node scripts\/compile-backend\.js && node scripts\/build-workflow-bundle\.js$/,
    );
  });

  it('bundles the compiled workflows.js into workflows-bundle.js beside it', () => {
    expect(script.code, script.stderr).to.equal(0);
    expect(script.stdout).to.match(/^workflow bundle: .*workflows-bundle\.js \(\d+ KiB, \d+ ms\)\n$/);
    const code = readFileSync(bundlePath, 'utf8');
    for (const name of ['exampleWorkflow', 'sessionCleanup', 'sessionArchive']) expect(code).to.contain(name);
  });

  it('is what the compiled worker loads (workflowBundle: { codePath }), unless it is stale', async () => {
    // Plain node, as in the image: the compiled module finds the bundle beside itself.
    const sourceOfCompiled = async () => {
      const { stdout } = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          'const m = await import(process.argv[1]); console.log(JSON.stringify(m.workflowSource()));',
          pathToFileURL(path.join(temporalDir, 'workflow-bundle.js')).href,
        ],
        { cwd: ROOT, timeout: 30_000 },
      );
      return JSON.parse(stdout) as unknown;
    };
    expect(await sourceOfCompiled()).to.deep.equal({ workflowBundle: { codePath: bundlePath } });
    // The back end was compiled again without the bundle step: the workflows are newer.
    const later = new Date(Date.now() + 60_000);
    const workflowsJs = path.join(temporalDir, 'workflows.js');
    utimesSync(workflowsJs, later, later);
    expect(await sourceOfCompiled()).to.deep.equal({ workflowsPath: workflowsJs });
    // From the sources (swc-node, tests) there is no bundle: workflows.ts is bundled at start.
    expect(workflowSource())
      .to.have.property('workflowsPath')
      .that.match(/workflows\.ts$/);
    expect(workerOptionsOf({ namespace: 'default' })).to.have.property('workflowsPath');
  });

  describe('replayed in the sandbox, with the runtime options of the worker', () => {
    before(async () => {
      const child = await runTs(
        [path.join('test/adapters/workflows/fixtures/replay-bundle.ts'), bundlePath],
        {},
      );
      expect(child.code, child.stderr).to.equal(0);
      const lines: Record<string, unknown>[] = [];
      const raw: string[] = [];
      for (const line of child.stdout.split('\n').filter(Boolean)) {
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          raw.push(line);
        }
      }
      const results = lines.find((l) => 'fixture' in l)?.fixture as Record<string, string>;
      replay = { lines, raw, stderr: child.stderr, results };
    });

    it('runs each job workflow to the activity it schedules', () => {
      expect(replay.results).to.include({
        exampleWorkflow: 'ok',
        sessionCleanup: 'ok',
        sessionArchive: 'ok',
      });
      expect(replay.results.mismatch, 'a history the code does not match').to.equal(
        'DeterminismViolationError',
      );
    });

    it("forwards the SDK core's logs into the pino stream: one JSON stream on stdout, nothing on the console", () => {
      const core = replay.lines.filter(
        (l) => (l.temporal as { sdkComponent?: string } | undefined)?.sdkComponent === 'core',
      );
      expect(core.map((l) => l.msg)).to.include('Initializing worker');
      for (const line of core) expect(line).to.include({ service: 'nimbus' });
      expect(replay.raw, 'stdout lines that are not JSON').to.deep.equal([]);
      expect(replay.stderr).to.not.match(/Initializing worker|temporalio_sdk_core/);
    });
  });
});

describe('Temporal worker: runtime logger and health check (no server)', () => {
  it('installs the runtime with core logs forwarded to the logger, and no SDK signal handlers', () => {
    const options = runtimeOptionsOf({ debug() {}, info() {}, warn() {}, error() {} });
    expect(options.telemetryOptions?.logging).to.deep.equal({
      filter: { core: 'WARN', other: 'ERROR' },
      forward: {},
    });
    expect(options.shutdownSignals).to.deep.equal([]);
    // More of the core only when Nimbus itself logs debug or trace.
    expect(['info', 'warn', 'debug', 'trace'].map(coreLogLevelOf)).to.deep.equal([
      'WARN',
      'WARN',
      'INFO',
      'DEBUG',
    ]);
  });

  it('writes an SDK log entry as one pino JSON line, its error under err', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const { logger } = runtimeOptionsOf(createLogger('debug', sink));
    const log = (level: LogLevel, message: string, meta: Record<string, unknown>) =>
      logger?.log(level, message, meta);
    log('WARN', 'Failing workflow task', { sdkComponent: 'core', target: 'temporalio_sdk_core::worker' });
    log('ERROR', 'Worker failed', { sdkComponent: 'worker', error: new Error('boom') });
    log('INFO', 'Worker state changed', { sdkComponent: 'worker', state: 'RUNNING' });
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((l) => [l.level, l.msg])).to.deep.equal([
      [40, 'Failing workflow task'],
      [50, 'Worker failed'],
      [20, 'Worker state changed'],
    ]);
    expect(parsed[0]?.temporal).to.deep.equal({
      sdkComponent: 'core',
      target: 'temporalio_sdk_core::worker',
    });
    expect((parsed[1]?.err as { message?: string }).message).to.equal('boom');
  });

  it('the polling check fails fast with the address when Temporal cannot be reached', async () => {
    const address = `127.0.0.1:${await closedPort()}`;
    const error = await rejection(workerIsPolling({ address, namespace: 'default', connectTimeoutMs: 1000 }));
    expect(error).to.be.instanceOf(ServiceUnavailableError);
    expect((error as Error).message).to.contain(`Temporal at ${address}`);
  });

  describe('the entry point (child processes)', function () {
    this.timeout(90_000);
    let unreachable: Exit;
    let badCa: Exit;
    let clearKey: Exit;
    let address: string;
    before(async () => {
      address = `127.0.0.1:${await closedPort()}`;
      const entry = path.join('src', 'bootstrap', 'worker.ts');
      [unreachable, badCa, clearKey] = await Promise.all([
        runTs([entry, 'healthcheck'], { TEMPORAL_ADDRESS: address, TEMPORAL_CONNECT_TIMEOUT: '2s' }),
        runTs([entry], { TEMPORAL_ADDRESS: address, NIMBUS_TEMPORAL_TLS_CA_FILE: '/nonexistent/ca.pem' }),
        runTs([entry, 'healthcheck'], {
          TEMPORAL_ADDRESS: address,
          TEMPORAL_API_KEY: 'k',
          TEMPORAL_TLS: 'false',
        }),
      ]);
    });

    it('healthcheck: exits 1 with one line naming the address when Temporal cannot be reached', () => {
      expect(unreachable.code, unreachable.stderr).to.equal(1);
      expect(unreachable.stderr).to.equal(
        `nimbus worker: Temporal at ${address} is unavailable; try again shortly.\n`,
      );
    });

    it('worker: an unreadable CA file is one configuration line (exit 78), no stack', () => {
      expect(badCa.code).to.equal(78);
      expect(badCa.stderr).to.equal(
        'nimbus worker: Invalid configuration:\n' +
          '  - temporal.tlsCaFile (NIMBUS_TEMPORAL_TLS_CA_FILE): cannot read /nonexistent/ca.pem (ENOENT: no such file or directory)\n',
      );
    });

    it('healthcheck: refuses an API key with TLS off like the worker does (exit 78)', () => {
      expect(clearKey.code).to.equal(78);
      expect(clearKey.stderr).to.equal(
        'nimbus worker: Invalid configuration:\n' +
          '  - temporal.apiKey (from TEMPORAL_API_KEY): needs TLS, but temporal.tls is false: the key would be sent in clear text\n',
      );
    });
  });
});
