/**
 * Overview: the process logger: structured JSON lines (pino) for machines, or readable coloured
 *   lines (pino-pretty, in process) for people, with secrets redacted by key name at any depth.
 * Architecture: bootstrap; handed to whatever needs to log.
 * Dependencies: pino; pino-pretty, loaded only when the format is pretty.
 * Concepts: passwords, tokens, secrets and Authorization headers never reach a log line: every
 *   logged object, child-logger binding and serialized error is walked, and the value of any key
 *   that names a secret is replaced, however deep it sits, before either format sees it; bodies
 *   are never logged. The format `auto` is pretty only on a terminal outside production.
 */
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

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

/** Key names already judged (log keys are few; the cache stops growing at 1,000). */
const judged = new Map<string, boolean>();

function isSecretKey(key: string): boolean {
  let secret = judged.get(key);
  if (secret === undefined) {
    secret = SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
    if (judged.size < 1_000) judged.set(key, secret);
  }
  return secret;
}

/** A flat object without a secret-named key: nothing to redact (most lines, every request line). */
function isPlainlySafe(value: object): boolean {
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const inner: unknown = (value as Record<string, unknown>)[key];
    if ((typeof inner === 'object' && inner !== null) || isSecretKey(key)) return false;
  }
  return true;
}

/**
 * A copy of `value` with every secret-named key's value replaced in plain objects and arrays, at
 * any depth (deeper than 10 is cut); a flat object with nothing to replace is returned as it is
 * (no copy per log line).
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  // Errors, dates, buffers and class instances are left to pino's serializers (an Error's
  // message and stack are not enumerable: a copy would log `{}`).
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  if (depth === 0 && isPlainlySafe(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? CENSOR : redactSecrets(inner, depth + 1);
  }
  return out;
}

/** What the configuration says (`log.format`), and what a logger writes. */
export type LogFormatSetting = 'auto' | 'json' | 'pretty';
export type LogFormat = 'json' | 'pretty';

/**
 * The format a process logs in: the setting when it names one; for `auto`, pretty only when
 * stdout is a terminal and the environment is not production (a pipe, a file or a log collector
 * gets JSON).
 */
export function resolveLogFormat(
  setting: LogFormatSetting,
  where: { readonly stdoutIsTty: boolean; readonly env: string },
): LogFormat {
  if (setting !== 'auto') return setting;
  return where.stdoutIsTty && where.env !== 'production' ? 'pretty' : 'json';
}

// C0 and C1 controls, newlines included: one log record stays one line on the terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A synchronous stream that turns pino's (already redacted) JSON lines into readable ones:
 * local time, level, message, then the fields on the same line. Synchronous, so that lines keep
 * their order with what the process writes to stderr and nothing is lost on exit.
 */
function prettyStream(out: pino.DestinationStream, colorize: boolean | undefined): pino.DestinationStream {
  // pino-pretty costs ~35 ms to load: a JSON process never pays for it.
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  const format = prettyFactory({
    ...(colorize === undefined ? {} : { colorize }),
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    singleLine: true,
    messageFormat: (log, messageKey) => escapeControls(String(log[messageKey] ?? '')),
  });
  return { write: (line: string) => void out.write(format(line)) };
}

export interface LoggerOptions {
  /** Default json. */
  readonly format?: LogFormat;
  /** Pretty format only; default: when the terminal supports colour (NO_COLOR, FORCE_COLOR apply). */
  readonly colorize?: boolean;
}

export function createLogger(
  level: string,
  destination: pino.DestinationStream | number = 1,
  options: LoggerOptions = {},
): Logger {
  const pretty = options.format === 'pretty';
  const out =
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: pretty }) : destination;
  const logger = pino(
    {
      level,
      base: { service: 'nimbus' },
      formatters: { log: (object) => redactSecrets(object) as Record<string, unknown> },
      // An error's own enumerable fields (a client's config, a key) are walked too.
      serializers: { err: (error: Error) => redactSecrets({ ...pino.stdSerializers.err(error) }) },
    },
    pretty ? prettyStream(out, options.colorize) : out,
  );
  // pino formats a child's bindings once, with no formatter: redact them on the way in. Children
  // inherit this method, and `this` is the logger the child is made from.
  const makeChild = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return makeChild.call(this, redactSecrets(bindings) as pino.Bindings, options);
  } as Logger['child'];
  return logger;
}
