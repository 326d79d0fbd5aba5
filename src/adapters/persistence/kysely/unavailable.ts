/**
 * Overview: turns "the database cannot be reached" failures into ServiceUnavailableError, so
 *   every delivery adapter answers them as a retryable outage (503), not as a bug (500).
 * Architecture: persistence adapter (Kysely + pg) helper.
 * Dependencies: the domain's ServiceUnavailableError.
 * Concepts: connection refused/reset/timeout and PostgreSQL's shutdown and connection-exception
 *   SQLSTATE classes (57P01-57P03, 08xxx) are outages; anything else is rethrown as it is.
 */
import { ServiceUnavailableError } from '../../../domain/index.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const OUTAGE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is closed',
];

export function isDatabaseOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code)) return true;
  }
  if (error instanceof AggregateError) return error.errors.some(isDatabaseOutage);
  return OUTAGE_MESSAGES.some((m) => error.message.includes(m));
}

export function translateOutage(error: unknown): never {
  if (isDatabaseOutage(error)) throw new ServiceUnavailableError('The database');
  throw error;
}

/** Wraps every async method of `target` so that outages surface as ServiceUnavailableError. */
export function guardOutages<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(obj, args);
        return result instanceof Promise ? result.catch(translateOutage) : result;
      };
    },
  });
}
