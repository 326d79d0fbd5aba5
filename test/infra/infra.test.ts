/**
 * Overview: the infrastructure files (spec tasks 1.1, 1.2, 1.9): the compose stack and its
 *   PostgreSQL init script, the Dockerfile and .dockerignore, build.ps1, and the README's
 *   "Full stack" section that documents them.
 * Architecture: tests of the infrastructure, read as data (no Docker engine needed); a real Compose
 *   parser and PowerShell's own parser run when installed, and are skipped with the reason otherwise.
 * Dependencies: yaml, chai, node:child_process, ENV_KEYS of the configuration loader.
 * Concepts: a one-shot service has restart "no" and is awaited with service_completed_successfully;
 *   every other service is long-running, has a health check and is awaited with service_healthy.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseDocument } from 'yaml';
import { ENV_KEYS } from '../../src/bootstrap/config/load-config.js';

const ROOT = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
const INFRA = path.join(ROOT, 'infra');
const COMPOSE_PATH = path.join(INFRA, 'docker-compose.yml');
const read = (relative: string): string => readFileSync(path.join(ROOT, relative), 'utf8');

type Port = string | number | { published?: string | number; target?: number };
type Volume = string | { type?: string; source?: string; target?: string };
interface Service {
  readonly image?: string;
  readonly build?: string | { context?: string; dockerfile?: string };
  readonly command?: string | string[];
  readonly environment?: Record<string, string | number | boolean | null> | string[];
  readonly ports?: Port[];
  readonly volumes?: Volume[];
  readonly depends_on?: string[] | Record<string, { condition?: string }>;
  readonly healthcheck?: { test?: string | string[]; disable?: boolean };
  readonly restart?: string;
  readonly logging?: { driver?: string };
  readonly stop_grace_period?: string;
}
interface Compose {
  readonly services: Record<string, Service>;
  readonly volumes?: Record<string, unknown>;
}

const composeText = read('infra/docker-compose.yml');
const compose = parse(composeText, { merge: true }) as Compose;
const services = compose.services;
const serviceNames = Object.keys(services);
const APP_SERVICES = ['api', 'worker', 'migrate'];
/** Variables every Node program knows, set by the image rather than by Nimbus's configuration. */
const WELL_KNOWN_ENV = ['NODE_ENV'];

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`infra/docker-compose.yml has no service "${name}"`);
  return found;
}

const isOneShot = (s: Service): boolean => s.restart === 'no';

function envOf(s: Service): Record<string, string> {
  const env = s.environment ?? {};
  if (Array.isArray(env))
    return Object.fromEntries(
      env.map((line) => [line.split('=')[0] ?? line, line.slice(line.indexOf('=') + 1)]),
    );
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

/** "host:container" for every published port ("127.0.0.1:5432:5432/tcp" gives "5432:5432"). */
function publishedPorts(s: Service): string[] {
  return (s.ports ?? []).map((port) => {
    if (typeof port === 'object') return `${port.published}:${port.target}`;
    const parts = String(port)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    return parts.length === 1 ? `${parts[0]}:${parts[0]}` : parts.slice(-2).join(':');
  });
}

function dependencies(s: Service): [string, string | undefined][] {
  const deps = s.depends_on ?? {};
  if (Array.isArray(deps)) return deps.map((d) => [d, undefined]);
  return Object.entries(deps).map(([name, spec]) => [name, spec?.condition]);
}

const commandOf = (s: Service): string =>
  Array.isArray(s.command) ? s.command.join(' ') : String(s.command ?? '');

function scriptsOf(packageJson: string): Record<string, string> {
  return (JSON.parse(read(packageJson)) as { scripts?: Record<string, string> }).scripts ?? {};
}

/** The web UI build as the README runs it (`npm run build:ui`), or the workspace script it names. */
const UI_BUILD = /\bnpm run (build:ui|build -w frontend)\b/;

/** `npm run build:ui` is the frontend workspace's build script, which exists. */
function expectUiBuildScript(): void {
  expect(scriptsOf('package.json')['build:ui']).to.equal('npm run build -w frontend');
  expect(scriptsOf('frontend/package.json')).to.have.property('build');
}

describe('infrastructure: infra/docker-compose.yml (spec 1.1, 1.9)', () => {
  it('declares the stack with pinned images, and the app services built from this repository', () => {
    const images: Record<string, RegExp> = {
      postgres: /^postgres:1[67](\.\d+)?(-[a-z0-9]+)?$/,
      minio: /^(quay\.io\/)?minio\/minio:RELEASE\.[\dT-]+Z$/,
      'minio-init': /^(quay\.io\/)?minio\/mc:RELEASE\.[\dT-]+Z$/,
      temporal: /^temporalio\/auto-setup:\d+\.\d+\.\d+$/,
      'temporal-ui': /^temporalio\/ui:\d+\.\d+\.\d+$/,
    };
    for (const [name, image] of Object.entries(images)) expect(service(name).image, name).to.match(image);
    for (const name of APP_SERVICES) expect(service(name).build, name).to.not.equal(undefined);
    expect(serviceNames).to.have.members([...Object.keys(images), ...APP_SERVICES]);
  });

  it('publishes exactly the documented ports, each on its service', () => {
    const expected: Record<string, string[]> = {
      postgres: ['5432:5432'],
      minio: ['9000:9000', '9001:9001'],
      temporal: ['7233:7233'],
      'temporal-ui': ['8233:8080'],
      api: ['8000:8000'],
    };
    for (const name of serviceNames)
      expect(publishedPorts(service(name)), name).to.have.members(expected[name] ?? []);
  });

  it('keeps PostgreSQL and MinIO data in named volumes', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const mounts: Record<string, string> = { postgres: '/var/lib/postgresql/data', minio: '/data' };
    for (const [name, target] of Object.entries(mounts)) {
      const named = (service(name).volumes ?? [])
        .map((v) => (typeof v === 'string' ? v.split(':') : [v.source ?? '', v.target ?? '']))
        .filter(([source, mountedAt]) => declared.includes(source ?? '') && mountedAt === target);
      expect(named, `${name} mounts a named volume on ${target}`).to.have.length(1);
    }
    expect(commandOf(service('minio'))).to.match(/\bserver \/data\b/);
  });

  it('gives every long-running service a health check and a restart policy; the one-shots are minio-init and migrate', () => {
    const oneShots = serviceNames.filter((name) => isOneShot(service(name)));
    expect(oneShots).to.have.members(['minio-init', 'migrate']);
    for (const name of serviceNames.filter((n) => !oneShots.includes(n))) {
      const s = service(name);
      expect(s.restart, name).to.be.oneOf(['unless-stopped', 'always', 'on-failure']);
      expect(s.healthcheck?.disable, name).to.not.equal(true);
      expect(s.healthcheck?.test, `${name} health check`).to.be.an('array').with.length.above(1);
    }
    const probes: Record<string, RegExp> = {
      postgres: /pg_isready/,
      minio: /\bmc ready local\b|\/minio\/health\/live/,
      temporal: /(temporal operator|tctl) cluster health/,
      'temporal-ui': /(wget|curl) .*:8080\//,
      api: /fetch\('http:\/\/127\.0\.0\.1:8000\/ready'\)/,
      // The worker's own entry point: it connects with the worker's configuration (TLS, API key).
      worker: /^CMD node dist\/bootstrap\/worker\.js healthcheck$/,
    };
    for (const [name, probe] of Object.entries(probes))
      expect((service(name).healthcheck?.test as string[]).join(' '), name).to.match(probe);
  });

  it('waits on each dependency with the condition its kind calls for', () => {
    for (const name of serviceNames) {
      for (const [dependency, condition] of dependencies(service(name))) {
        expect(serviceNames, `${name} depends on ${dependency}`).to.include(dependency);
        const wanted = isOneShot(service(dependency)) ? 'service_completed_successfully' : 'service_healthy';
        expect(condition, `${name} → ${dependency}`).to.equal(wanted);
      }
    }
    const needs = (name: string) => dependencies(service(name)).map(([d]) => d);
    expect(needs('api')).to.include.members(['postgres', 'migrate', 'minio-init']);
    expect(needs('worker')).to.include.members(['postgres', 'migrate', 'minio-init', 'temporal']);
    expect(needs('migrate')).to.include('postgres');
    expect(needs('temporal')).to.include('postgres');
    expect(needs('temporal-ui')).to.include('temporal');
    expect(needs('minio-init')).to.include('minio');
  });

  it('runs Temporal on the same PostgreSQL, in the nimbus_temporal databases', () => {
    const env = envOf(service('temporal'));
    expect(env).to.include({ DB: 'postgres12', DB_PORT: '5432', POSTGRES_SEEDS: 'postgres' });
    expect(env.DBNAME).to.equal('nimbus_temporal');
    expect(env.VISIBILITY_DBNAME).to.match(/^nimbus_temporal/);
    expect(publishedPorts(service('temporal'))).to.include('7233:7233');
    expect(envOf(service('temporal-ui')).TEMPORAL_ADDRESS).to.equal('temporal:7233');
  });

  it('mounts init.sql, which creates every database and role the services connect with', () => {
    const mount = (service('postgres').volumes ?? []).find(
      (v) => typeof v === 'string' && v.startsWith('./postgres/init.sql:'),
    ) as string | undefined;
    expect(mount, 'init.sql mounted').to.match(
      /^\.\/postgres\/init\.sql:\/docker-entrypoint-initdb\.d\/[\w.-]+\.sql(:ro)?$/,
    );
    expect(existsSync(path.join(INFRA, 'postgres', 'init.sql'))).to.equal(true);

    const sql = read('infra/postgres/init.sql');
    const creates = (what: string, name: string) =>
      new RegExp(`^\\s*CREATE ${what} "?${name}"?[\\s;]`, 'im').test(sql);
    const app = new URL(envOf(service('api')).DATABASE_URL ?? '');
    const temporal = envOf(service('temporal'));
    for (const database of [
      'nimbus',
      'nimbus_temporal',
      app.pathname.slice(1),
      temporal.DBNAME,
      temporal.VISIBILITY_DBNAME,
    ])
      expect(creates('DATABASE', String(database)), `CREATE DATABASE ${database}`).to.equal(true);
    for (const role of [app.username, temporal.POSTGRES_USER])
      expect(creates('ROLE', String(role)), `CREATE ROLE ${role}`).to.equal(true);
    expect(sql).to.include(`PASSWORD '${app.password}'`).and.include(`PASSWORD '${temporal.POSTGRES_PWD}'`);
  });

  it('creates the bucket the app services use, idempotently', () => {
    const init = service('minio-init');
    const command = commandOf(init);
    expect(command)
      .to.match(/\bmb\b/)
      .and.match(/--ignore-existing/);
    const bucket = envOf(service('api')).S3_BUCKET;
    expect(bucket).to.equal('nimbus');
    const target = /(\S+)\/(\S+)$/.exec(command);
    expect(target?.[2], 'bucket created').to.equal(bucket);
    expect(envOf(init)[`MC_HOST_${target?.[1]}`], 'mc alias').to.match(/^http:\/\/.+@minio:9000$/);
  });

  it('builds api, worker and migrate from the repository Dockerfile and runs them on the external profile', () => {
    for (const name of APP_SERVICES) {
      const s = service(name);
      const build = typeof s.build === 'string' ? { context: s.build } : (s.build ?? {});
      expect(path.resolve(INFRA, build.context ?? '.'), `${name} build context`).to.equal(ROOT);
      expect(build.dockerfile ?? 'Dockerfile', name).to.equal('Dockerfile');
      const env = envOf(s);
      expect(env, name).to.include({
        NIMBUS_PROFILE: 'external',
        NIMBUS_ENV: 'production',
        TEMPORAL_ADDRESS: 'temporal:7233',
        S3_ENDPOINT: 'http://minio:9000',
      });
      const url = new URL(env.DATABASE_URL ?? '');
      expect([url.hostname, url.port, url.pathname], `${name} DATABASE_URL`).to.deep.equal([
        'postgres',
        '5432',
        '/nimbus',
      ]);
      expect(env.NIMBUS_JWT_SECRET, name).to.match(/^\$\{NIMBUS_JWT_SECRET:\?.+\}$/);
    }
    expect(service('api').command, 'the API runs the image default').to.equal(undefined);
    expect(commandOf(service('worker'))).to.equal('node dist/bootstrap/worker.js');
    expect(existsSync(path.join(ROOT, 'src/bootstrap/worker.ts'))).to.equal(true);
    expect(commandOf(service('migrate'))).to.match(/^npm run db:migrate( -- up)?$/);
    expect(scriptsOf('package.json')).to.have.property('db:migrate');
  });

  it('sets only environment variables Nimbus knows on api, worker and migrate', () => {
    for (const name of APP_SERVICES)
      for (const variable of Object.keys(envOf(service(name))))
        expect(
          variable in ENV_KEYS || WELL_KNOWN_ENV.includes(variable),
          `${name}: ${variable} is not in ENV_KEYS (src/bootstrap/config/load-config.ts)`,
        ).to.equal(true);
  });

  it('stops the worker before Docker kills it: its shutdown force time is well below stop_grace_period', () => {
    const worker = service('worker');
    const env = envOf(worker);
    const seconds = (value: string | undefined) => Number(/^(\d+)s$/.exec(value ?? '')?.[1] ?? NaN);
    const grace = seconds(env.NIMBUS_TEMPORAL_SHUTDOWN_GRACE);
    const force = seconds(env.NIMBUS_TEMPORAL_SHUTDOWN_FORCE);
    const kill = seconds(worker.stop_grace_period);
    expect([grace, force, kill].every(Number.isFinite), 'grace, force, stop_grace_period in whole seconds').to
      .be.true;
    expect(grace).to.be.below(force);
    // After the force time the worker waits 2 s more for the SDK and 3 s at most for the database.
    expect(force + 5).to.be.below(kill);
  });

  it('logs to stdout only: the default json-file driver, no log files mounted', () => {
    for (const name of serviceNames) {
      const s = service(name);
      expect(s.logging?.driver ?? 'json-file', name).to.be.oneOf(['json-file', 'local']);
      for (const v of s.volumes ?? []) expect(JSON.stringify(v), name).to.not.match(/\blogs?\b/);
    }
  });

  it('is accepted by a real Compose parser, which refuses it without NIMBUS_JWT_SECRET', function () {
    this.timeout(30_000);
    const run = (command: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
      spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8' });
    const v2 = run('docker', ['compose', 'version']).status === 0;
    const v1 = !v2 && run('docker-compose', ['version']).status === 0;
    if (!v2 && !v1) {
      console.log('      (skipped: neither `docker compose` nor `docker-compose` is installed)');
      this.skip();
    }
    let file = COMPOSE_PATH;
    let scratch: string | null = null;
    if (v1) {
      // Compose 1.29 (Debian's docker-compose) predates the top-level `name` key, and only that.
      scratch = mkdtempSync(path.join(tmpdir(), 'nimbus-compose-'));
      const document = parseDocument(composeText, { merge: true });
      document.delete('name');
      file = path.join(scratch, 'docker-compose.yml');
      writeFileSync(file, document.toString());
    }
    const command = v2 ? 'docker' : 'docker-compose';
    const args = [...(v2 ? ['compose'] : []), '--project-directory', INFRA, '-f', file, 'config'];
    const env: NodeJS.ProcessEnv = { ...process.env, NIMBUS_JWT_SECRET: 'x'.repeat(48) };
    delete env.COMPOSE_FILE;
    try {
      const ok = run(command, args, env);
      expect(ok.status, ok.stderr).to.equal(0);
      const resolved = parse(ok.stdout) as Compose;
      const build = resolved.services.api?.build as { context?: string };
      expect(path.resolve(build.context ?? ''), 'resolved build context').to.equal(ROOT);
      const sources = (resolved.services.postgres?.volumes ?? []).map((v) =>
        typeof v === 'string' ? v.split(':')[0] : v.source,
      );
      expect(sources, 'resolved init.sql mount').to.include(path.join(INFRA, 'postgres', 'init.sql'));
      const missing: NodeJS.ProcessEnv = { ...env };
      delete missing.NIMBUS_JWT_SECRET;
      const refused = run(command, [...args, '-q'], missing);
      expect(refused.status).to.not.equal(0);
      expect(refused.stderr).to.include('NIMBUS_JWT_SECRET');
    } finally {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  });
});

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}
interface Stage {
  readonly base: string;
  readonly name: string | null;
  readonly instructions: Instruction[];
}

/** The Dockerfile's stages, with line continuations joined and global ARG defaults substituted. */
function dockerfileStages(text: string): Stage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name, value] = instruction.args.split('=');
      if (name && value !== undefined) args[name] = value;
    } else if (instruction.keyword === 'FROM') {
      const from = instruction.args.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(from.replace(/--platform=\S+\s+/, ''));
      stages.push({ base: match?.[1] ?? from, name: match?.[2] ?? null, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

describe('infrastructure: Dockerfile and .dockerignore', () => {
  const stages = dockerfileStages(read('Dockerfile'));
  const final = stages.at(-1) as Stage;
  const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
  const stageNamed = (name: string) => stages.find((s) => s.name === name);

  it('is multi-stage on a Node.js LTS image the app supports', () => {
    expect(stages.length).to.be.at.least(2);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const minimumMajor = Number(/(\d+)/.exec(engines)?.[1]);
    for (const stage of stages) {
      if (stageNamed(stage.base)) continue;
      const node = /^node:(\d+)(?:[.\d]*)-(bookworm|trixie|bullseye)(-slim)?$/.exec(stage.base);
      expect(node, `${stage.base} is a Debian (glibc) Node.js image`).to.not.equal(null);
      const major = Number(node?.[1]);
      expect(major % 2, `${stage.base}: even majors are the LTS lines`).to.equal(0);
      expect(major, `${stage.base} satisfies engines ${engines}`).to.be.at.least(minimumMajor);
    }
  });

  it("installs with npm ci and builds with the README's scripts (npm run build, npm run build:ui)", () => {
    const all = stages.flatMap(runs).join('\n');
    expect(all).to.match(/\bnpm ci\b(?! [^\n]*--omit=dev)/);
    expect(all).to.match(/\bnpm run build\b(?![:\w]| -w)/);
    expect(all).to.match(UI_BUILD);
    expect(scriptsOf('package.json')).to.have.property('build');
    expectUiBuildScript();
  });

  it('ships the production dependencies of the root workspace only', () => {
    const copies = final.instructions.filter((i) => i.keyword === 'COPY');
    const modules = copies.filter((i) => /\bnode_modules\b/.test(i.args));
    expect(modules, 'node_modules copied once').to.have.length(1);
    const from = /--from=(\S+)/.exec(modules[0]?.args ?? '')?.[1] ?? '';
    const source = stageNamed(from);
    expect(source, `stage ${from}`).to.not.equal(undefined);
    expect(runs(source as Stage).join('\n'))
      .to.match(/\bnpm ci\b.*--omit=dev/)
      .and.match(/--workspaces=false/);
    expect(runs(final).join('\n')).to.not.match(/\bnpm (ci|install|i)\b/);
    for (const copy of copies) expect(copy.args, 'no sources in the image').to.not.match(/(^|\s)\.?\/?src\b/);
    for (const wanted of ['dist', 'bin', 'package.json', 'frontend/dist/browser'])
      expect(
        copies.some((c) => c.args.includes(wanted)),
        `copies ${wanted}`,
      ).to.equal(true);
  });

  it('runs as a non-root user with NODE_ENV=production, exposes 8000 and checks /ready', () => {
    const last = (keyword: string) =>
      final.instructions.filter((i) => i.keyword === keyword).at(-1)?.args ?? '';
    expect(last('USER')).to.not.match(/^(root|0)?(:.*)?$/);
    expect(
      final.instructions.some((i) => i.keyword === 'ENV' && /\bNODE_ENV=production\b/.test(i.args)),
    ).to.equal(true);
    expect(last('EXPOSE').split(/\s+/)).to.include('8000');
    expect(last('HEALTHCHECK')).to.match(/\/ready/);
    expect(last('CMD')).to.include('dist/bootstrap/main.js');
  });

  it('.dockerignore keeps installs, builds, local data and the VCS out of the context', () => {
    const ignored = read('.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', '.nimbus', 'dist', '.git'])
      expect(
        ignored.some((i) => i === entry || i === `**/${entry}`),
        entry,
      ).to.equal(true);
  });
});

/** The text of the `{ … }` block that follows `header` in `text`, braces counted. */
function blockAfter(text: string, header: string): string {
  const start = text.indexOf(header);
  if (start < 0) return '';
  const open = text.indexOf('{', start + header.length - 1);
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  return '';
}

describe('infrastructure: build.ps1 (spec 1.2)', () => {
  const script = read('build.ps1');
  const lines = script.split(/\r?\n/);
  /** The script without its comment-based help and comment lines. */
  const code = script.replace(/<#[\s\S]*?#>/g, '').replace(/^\s*#(?!Requires).*$/gm, '');

  it('requires PowerShell 7 and runs strict, stopping on errors', () => {
    expect(lines[0]).to.match(/^#Requires -Version 7(\.\d+)*$/);
    expect(script).to.match(/^Set-StrictMode -Version Latest$/m);
    expect(script).to.match(/^\$ErrorActionPreference = 'Stop'$/m);
  });

  it('declares the -SkipInfra, -Frontend and -CI switches', () => {
    const params = /\bparam\s*\(([^)]*)\)/i.exec(script)?.[1] ?? '';
    for (const name of ['SkipInfra', 'Frontend', 'CI'])
      expect(params, name).to.match(new RegExp(`\\[switch\\]\\s*\\$${name}\\b`, 'i'));
  });

  it('calls only npm scripts that exist, among them npm ci and npm run db:migrate', () => {
    const calls = [...code.matchAll(/\bnpm (ci|run ([\w:.-]+)(?: -w ([\w.-]+))?)/g)];
    expect(calls.map((c) => c[0])).to.include.members(['npm ci', 'npm run db:migrate', 'npm run build:ui']);
    for (const [call, , name, workspace] of calls) {
      if (!name) continue;
      const scripts = scriptsOf(workspace ? `${workspace}/package.json` : 'package.json');
      expect(scripts, call).to.have.property(name);
    }
  });

  it('checks Node.js (engines version), npm and Docker Compose v2 first', () => {
    for (const probe of [
      'node --version',
      'npm --version',
      'docker compose version',
      'docker info',
      'engines.node',
    ])
      expect(script, probe).to.include(probe);
    expect(script).to.match(/if \(\$SkipInfra\) \{ return \}/);
  });

  it('starts only the infrastructure services of infra/docker-compose.yml and waits until they are healthy', () => {
    expect(script).to.include("'infra/docker-compose.yml'");
    expect(script).to.match(/docker compose -f \$ComposeFile @ComposeFlags up -d @waitFlags @InfraServices/);
    expect(script).to.include("$waitFlags += '--wait'");
    expect(script).to.match(/function Wait-ComposeHealthy/);
    const list = /\$InfraServices = @\(([^)]*)\)/.exec(script)?.[1] ?? '';
    const started = [...list.matchAll(/'([\w-]+)'/g)].map((m) => m[1] as string);
    const job = /\$BucketJob = '([\w-]+)'/.exec(script)?.[1] ?? '';
    expect([...started, job]).to.have.members(serviceNames.filter((n) => !APP_SERVICES.includes(n)));
    for (const name of started) expect(isOneShot(service(name)), name).to.equal(false);
    expect(isOneShot(service(job)), job).to.equal(true);
    expect(script).to.match(/run --rm \$BucketJob/);
  });

  it('migrates on the external profile, by default the compose database', () => {
    expect(script).to.match(/NIMBUS_PROFILE\s*=\s*'external'/);
    const url = new URL(/DATABASE_URL\s*=\s*Get-FirstSet 'DATABASE_URL' '([^']+)'/.exec(script)?.[1] ?? '');
    const inCompose = new URL(envOf(service('api')).DATABASE_URL ?? '');
    expect([url.username, url.password, url.pathname]).to.deep.equal([
      inCompose.username,
      inCompose.password,
      inCompose.pathname,
    ]);
    expect(`${url.port}:${inCompose.port}`).to.be.oneOf(publishedPorts(service('postgres')));
  });

  it('builds the web UI only with -Frontend', () => {
    expect(code.match(new RegExp(UI_BUILD.source, 'g'))).to.have.length(1);
    expect(blockAfter(code, 'if ($Frontend) {')).to.match(UI_BUILD);
    expectUiBuildScript();
  });

  it('checks the exit code of every native command', () => {
    expect(script).to.match(/if \(\$LASTEXITCODE -ne 0\) \{ throw/);
    const native = /(^|[{(=]\s*)(npm|node|docker)\s/;
    let inHelp = false;
    lines.forEach((line, index) => {
      if (/^<#/.test(line)) inHelp = true;
      if (inHelp) {
        inHelp = !/#>\s*$/.test(line);
        return;
      }
      const code = line.replace(/'[^']*'|"[^"]*"/g, "''").replace(/#.*$/, '');
      if (!native.test(code)) return;
      const checked =
        /\b(Invoke-Native|Test-Native)\b/.test(lines[index - 1] ?? '') ||
        /\b(Invoke-Native|Test-Native)\b/.test(code) ||
        /\$LASTEXITCODE/.test(lines[index + 1] ?? '');
      expect(checked, `line ${index + 1}: ${line.trim()}`).to.equal(true);
    });
  });

  it('-CI turns colours and progress off and nothing ever prompts', () => {
    const ci = blockAfter(script, 'if ($CI) {');
    expect(ci).to.include("'--ansi', 'never'").and.include("NO_COLOR = '1'").and.include("'--no-progress'");
    expect(script).to.not.match(/\bRead-Host\b|\$Host\.UI\.Prompt|-Confirm\b/);
  });

  it("is accepted by PowerShell's own parser", function () {
    const probe = spawnSync(
      'pwsh',
      ['-NoLogo', '-NoProfile', '-Command', '$PSVersionTable.PSVersion.Major'],
      {
        encoding: 'utf8',
      },
    );
    if (probe.status !== 0) {
      console.log('      (skipped: pwsh is not installed; the static checks above stand in for it)');
      this.skip();
    }
    const parse = spawnSync(
      'pwsh',
      [
        '-NoLogo',
        '-NoProfile',
        '-Command',
        '$e = $null; [void][System.Management.Automation.Language.Parser]::ParseFile($args[0], [ref]$null, [ref]$e); $e | ForEach-Object { $_.ToString() }; exit $e.Count',
        path.join(ROOT, 'build.ps1'),
      ],
      { encoding: 'utf8' },
    );
    expect(parse.status, parse.stdout + parse.stderr).to.equal(0);
  });
});

// These pass once the README has its "Full stack" section (drafted with the infrastructure).
describe('infrastructure: README "Full stack" section', () => {
  const readme = read('README.md');
  const start = readme.search(/^## Full stack\b/m);
  const fullStack = (): string => {
    expect(start, 'README.md has a "## Full stack" section').to.be.at.least(0);
    return readme.slice(start).split(/\n## /)[0] ?? '';
  };

  it('lists every port the compose file publishes', () => {
    const section = fullStack();
    const ports = serviceNames.flatMap((n) => publishedPorts(service(n)).map((p) => p.split(':')[0]));
    for (const port of ports) expect(section, `port ${port}`).to.match(new RegExp(`\\b${port}\\b`));
  });

  it('names every environment variable the API and the worker are given', () => {
    const section = fullStack();
    const variables = new Set(['api', 'worker'].flatMap((n) => Object.keys(envOf(service(n)))));
    for (const variable of variables) expect(section, variable).to.include(variable);
  });

  it('explains build.ps1 with its switches and the compose commands', () => {
    const section = fullStack();
    for (const text of [
      'build.ps1',
      '-SkipInfra',
      '-Frontend',
      '-CI',
      'infra/docker-compose.yml',
      'NIMBUS_JWT_SECRET',
    ])
      expect(section, text).to.include(text);
  });
});
