/**
 * Overview: loads the configuration: defaults < YAML file < environment variables, validated
 *   by the schema, failing with one line per bad key that names the key, its source and why.
 * Architecture: bootstrap (composition root) configuration.
 * Dependencies: yaml, node:fs, the schema and the environment names.
 * Concepts: the YAML file is NIMBUS_CONFIG, else ./nimbus.yaml when present; production refuses
 *   a missing, placeholder or short (< 32 bytes) signing secret.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configSchema, type NimbusConfig } from './config.schema.js';
import { ENV_KEYS } from './env-keys.js';

export { ENV_KEYS };

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
