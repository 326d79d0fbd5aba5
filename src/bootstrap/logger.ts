/**
 * Overview: the process logger: structured JSON lines (pino) with secrets redacted.
 * Architecture: bootstrap; handed to whatever needs to log.
 * Dependencies: pino.
 * Concepts: passwords, tokens, secrets and Authorization headers never reach a log line.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'password',
  '*.password',
  '*.adminPassword',
  'adminPassword',
  '*.accessToken',
  '*.refreshToken',
  '*.setupToken',
  '*.jwtSecret',
  '*.apiKey',
  '*.secretAccessKey',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(level: string, destination: pino.DestinationStream | number = 1): Logger {
  return pino(
    { level, base: { service: 'nimbus' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: false }) : destination,
  );
}
