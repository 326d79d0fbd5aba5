/**
 * Overview: loads the configuration: defaults < YAML file < environment variables, validated
 *   by the schema, failing with one line per bad key that names the key, its source and why.
 * Architecture: bootstrap (composition root) configuration.
 * Dependencies: yaml, zod (through the schema), node:fs.
 * Concepts: the YAML file is NIMBUS_CONFIG, else ./nimbus.yaml when present; production refuses
 *   a missing, placeholder or short (< 32 bytes) signing secret.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configSchema, type NimbusConfig } from './config.schema.js';

/** Environment variable → configuration key. The one place env names are defined. */
export const ENV_KEYS: Readonly<Record<string, string>> = {
  NIMBUS_ENV: 'env',
  NIMBUS_PROFILE: 'profile',
  NIMBUS_DATA_DIR: 'dataDir',
  DATABASE_URL: 'database.url',
  NIMBUS_DB_POOL_SIZE: 'database.poolSize',
  NIMBUS_EMBEDDED_PG_PORT: 'database.embeddedPort',
  NIMBUS_HOST: 'server.host',
  PORT: 'server.port',
  NIMBUS_PORT: 'server.port',
  NIMBUS_TRUST_PROXY: 'server.trustProxy',
  NIMBUS_CORS_ORIGINS: 'server.corsOrigins',
  NIMBUS_SHUTDOWN_GRACE: 'server.shutdownGrace',
  NIMBUS_BODY_LIMIT: 'server.bodyLimit',
  NIMBUS_REFRESH_RATE_LIMIT: 'server.refreshRateLimit',
  NIMBUS_SETUP_RATE_LIMIT: 'server.setupRateLimit',
  NIMBUS_WEB_UI_DIR: 'server.webUiDir',
  NIMBUS_JWT_SECRET: 'auth.jwtSecret',
  NIMBUS_JWT_ISSUER: 'auth.issuer',
  NIMBUS_JWT_AUDIENCE: 'auth.audience',
  NIMBUS_ACCESS_TOKEN_TTL: 'auth.accessTokenTtl',
  NIMBUS_REFRESH_TOKEN_TTL: 'auth.refreshTokenTtl',
  NIMBUS_REFRESH_GRACE: 'auth.refreshGrace',
  NIMBUS_CLOCK_SKEW: 'auth.clockSkew',
  NIMBUS_MAX_SESSIONS_PER_USER: 'auth.maxSessionsPerUser',
  NIMBUS_ON_SESSION_LIMIT: 'auth.onSessionLimit',
  NIMBUS_SESSION_RETENTION: 'auth.sessionRetention',
  NIMBUS_SESSION_CACHE_SIZE: 'auth.sessionCacheSize',
  NIMBUS_SETUP_TOKEN: 'auth.setupToken',
  NIMBUS_SETUP_TOKEN_TTL: 'auth.setupTokenTtl',
  NIMBUS_ARGON2_MEMORY_KIB: 'auth.argon2.memoryKiB',
  NIMBUS_ARGON2_ITERATIONS: 'auth.argon2.iterations',
  NIMBUS_ARGON2_PARALLELISM: 'auth.argon2.parallelism',
  NIMBUS_LOGIN_MAX_ATTEMPTS_PER_EMAIL_IP: 'auth.throttle.maxAttemptsPerEmailIp',
  NIMBUS_LOGIN_MAX_ATTEMPTS_PER_IP: 'auth.throttle.maxAttemptsPerIp',
  NIMBUS_LOGIN_THROTTLE_WINDOW: 'auth.throttle.window',
  TEMPORAL_ADDRESS: 'temporal.address',
  TEMPORAL_NAMESPACE: 'temporal.namespace',
  TEMPORAL_TLS: 'temporal.tls',
  TEMPORAL_API_KEY: 'temporal.apiKey',
  TEMPORAL_CONNECT_TIMEOUT: 'temporal.connectTimeout',
  NIMBUS_TEMPORAL_TLS_CA_FILE: 'temporal.tlsCaFile',
  NIMBUS_TEMPORAL_TLS_CERT_FILE: 'temporal.tlsCertFile',
  NIMBUS_TEMPORAL_TLS_KEY_FILE: 'temporal.tlsKeyFile',
  NIMBUS_TEMPORAL_TLS_SERVER_NAME: 'temporal.tlsServerName',
  NIMBUS_TEMPORAL_SHUTDOWN_GRACE: 'temporal.shutdownGrace',
  NIMBUS_TEMPORAL_SHUTDOWN_FORCE: 'temporal.shutdownForce',
  NIMBUS_CLEANUP_INTERVAL: 'jobs.cleanupInterval',
  NIMBUS_ARCHIVE_INTERVAL: 'jobs.archiveInterval',
  NIMBUS_ARCHIVE_AFTER: 'jobs.archiveAfter',
  NIMBUS_ARCHIVE_BATCH_SIZE: 'jobs.archiveBatchSize',
  S3_ENDPOINT: 'storage.s3.endpoint',
  S3_REGION: 'storage.s3.region',
  S3_ACCESS_KEY_ID: 'storage.s3.accessKeyId',
  S3_SECRET_ACCESS_KEY: 'storage.s3.secretAccessKey',
  S3_BUCKET: 'storage.s3.bucket',
  S3_FORCE_PATH_STYLE: 'storage.s3.forcePathStyle',
  NIMBUS_LOG_LEVEL: 'log.level',
  NIMBUS_LOG_FORMAT: 'log.format',
};

export const MIN_SECRET_BYTES = 32;
const PLACEHOLDER_SECRETS = ['change-me', 'changeme', 'secret', 'nimbus', 'password', 'dev-secret'];

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface LoadConfigOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Overrides NIMBUS_CONFIG / ./nimbus.yaml. */
  readonly file?: string;
  /** Applied between the file and the environment (for tests and CLI flags). */
  readonly overrides?: Record<string, unknown>;
}

type Tree = Record<string, unknown>;

function setPath(tree: Tree, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = (node[key] =
      typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}) as Tree;
  }
  node[keys[keys.length - 1] as string] = value;
}

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof prev === 'object' &&
      prev !== null
        ? merge(prev as Tree, value as Tree)
        : value;
  }
  return out;
}

function readFile(file: string): Tree {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' ? 'this user may not read it' : code === 'EISDIR' ? 'it is a folder' : code;
    throw new ConfigError([`${file}: cannot be read (${why}); fix its permissions or set NIMBUS_CONFIG`]);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ConfigError([`${file}: is not valid YAML (${(error as Error).message.split('\n')[0]})`]);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ConfigError([`${file}: must hold a mapping of settings`]);
  return parsed as Tree;
}

export function loadConfig(options: LoadConfigOptions = {}): NimbusConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const named = options.file ?? env.NIMBUS_CONFIG;
  const file = named ? path.resolve(cwd, named) : path.join(cwd, 'nimbus.yaml');
  if (named && !existsSync(file)) throw new ConfigError([`NIMBUS_CONFIG: file ${file} does not exist`]);

  let tree: Tree = existsSync(file) ? readFile(file) : {};
  if (options.overrides) tree = merge(tree, options.overrides);
  const sources = new Map<string, string>();
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(tree, key, value);
    sources.set(key, name);
  }
  if (env.NODE_ENV === 'production' && !env.NIMBUS_ENV && tree.env === undefined) tree.env = 'production';

  const result = configSchema.safeParse(tree);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
        const key = [...issue.path.map(String), ...keys.slice(0, 1)].join('.') || '(root)';
        const where = sources.has(key) ? ` (from ${sources.get(key)})` : '';
        return issue.code === 'unrecognized_keys'
          ? `${issue.path.length ? issue.path.join('.') + '.' : ''}${keys.join(', ')}: unknown setting`
          : `${key}${where}: ${issue.message}`;
      }),
    );
  }
  const config = result.data;
  const problems = checkSecret(config, sources.get('auth.jwtSecret') ?? 'NIMBUS_JWT_SECRET');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function checkSecret(config: NimbusConfig, envName: string): string[] {
  const secret = config.auth.jwtSecret;
  const label = `auth.jwtSecret (${envName})`;
  if (secret === undefined) {
    return config.env === 'production'
      ? [`${label}: is required in production (at least ${MIN_SECRET_BYTES} random bytes)`]
      : [];
  }
  const lowered = secret.toLowerCase();
  if (PLACEHOLDER_SECRETS.some((p) => lowered === p || lowered.startsWith(p)))
    return [`${label}: is a placeholder value; generate one, e.g. openssl rand -base64 48`];
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES)
    return [`${label}: must be at least ${MIN_SECRET_BYTES} bytes long`];
  return [];
}
