/**
 * Overview: the process logger: structured JSON lines (pino) with secrets redacted by key name at
 *   any depth.
 * Architecture: bootstrap; handed to whatever needs to log.
 * Dependencies: pino.
 * Concepts: passwords, tokens, secrets and Authorization headers never reach a log line: every
 *   logged object, child-logger binding and serialized error is walked, and the value of any key
 *   that names a secret is replaced, however deep it sits; bodies are never logged.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export const CENSOR = '[redacted]';

/** Key names (lower case, without `_` or `-`) whose values are secrets wherever they appear. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'password',
  'adminpassword',
  'currentpassword',
  'newpassword',
  'accesstoken',
  'refreshtoken',
  'setuptoken',
  'token',
  'jwtsecret',
  'secret',
  'apikey',
  'secretaccesskey',
  'authorization',
  'cookie',
  'setcookie',
]);

const MAX_DEPTH = 10;

function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/**
 * A copy of `value` with every secret-named key's value replaced in plain objects and arrays, at
 * any depth (deeper than 10 is cut).
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  // Errors, dates, buffers and class instances are left to pino's serializers (an Error's
  // message and stack are not enumerable: a copy would log `{}`).
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? CENSOR : redactSecrets(inner, depth + 1);
  }
  return out;
}

export function createLogger(level: string, destination: pino.DestinationStream | number = 1): Logger {
  const logger = pino(
    {
      level,
      base: { service: 'nimbus' },
      formatters: { log: (object) => redactSecrets(object) as Record<string, unknown> },
      // An error's own enumerable fields (a client's config, a key) are walked too.
      serializers: { err: (error: Error) => redactSecrets({ ...pino.stdSerializers.err(error) }) },
    },
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: false }) : destination,
  );
  // pino formats a child's bindings once, with no formatter: redact them on the way in. Children
  // inherit this method, and `this` is the logger the child is made from.
  const makeChild = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return makeChild.call(this, redactSecrets(bindings) as pino.Bindings, options);
  } as Logger['child'];
  return logger;
}
