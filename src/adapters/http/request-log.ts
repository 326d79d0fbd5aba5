/**
 * Overview: request logging: one line per finished request (method, path, status, ms, trace id)
 *   and `req.log`, a logger bound to the request's trace id for the routes' own lines.
 * Architecture: HTTP delivery adapter (called by the front middleware of the Express app, after
 *   the trace id is assigned).
 * Dependencies: express, pino (the logger bootstrap hands in), the trace id.
 * Concepts: status >= 500 logs at error (but a 503 answered on purpose, marked by
 *   `plannedUnavailable`: the web UI's "building" page, reloaded every 2 s), anything else at
 *   info, except the probes (/health, /live, /ready), which log at debug only: below debug a probe
 *   is not followed at all, so it costs nothing (a failing /ready logs its own warning, a 500 the
 *   error middleware's line);
 *   `req.log` is created on first use, most requests never need it; a request whose client went
 *   away before the response was sent logs `request aborted`; `onDone` (metrics) hears of every
 *   finished request but the probes, with its route pattern rather than its URL.
 */
import type { Express, Request, Response } from 'express';
import type { Logger } from 'pino';
import { traceIdOf } from './trace.js';

declare module 'http' {
  interface IncomingMessage {
    /** The logger bound to this request's trace id (created on first use). */
    log: Logger;
  }
}

const PROBES = new Set(['/health', '/live', '/ready']);
const STARTED = Symbol('nimbus.requestStarted');
const PLANNED = Symbol('nimbus.plannedUnavailable');

type Timed = Response & { [STARTED]?: number; [PLANNED]?: true };

/** Marks a response as a 503 the server answers on purpose: logged at info, not as an error. */
export function plannedUnavailable(res: Response): void {
  (res as Timed)[PLANNED] = true;
}

/** A finished request, as `onDone` hears of it. */
export interface RequestDone {
  /** The matched route's pattern (`/api/v1/sessions/:id`), or `unmatched`: never the raw URL. */
  readonly route: string;
  readonly method: string;
  readonly status: number;
  readonly ms: number;
}

function routeOf(req: Request): string {
  const pattern: unknown = req.route?.path;
  return typeof pattern === 'string' ? req.baseUrl + pattern : 'unmatched';
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Gives every request of `app` a lazy `req.log` (a child of `logger` with the trace id), and
 * returns what starts the log line of one request.
 */
export function requestLog(
  app: Express,
  logger: Logger,
  onDone?: (done: RequestDone) => void,
): (req: Request, res: Response) => void {
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Request): Logger {
      const log = logger.child({ traceId: traceIdOf(this) });
      Object.defineProperty(this, 'log', { value: log, writable: true, configurable: true });
      return log;
    },
    set(this: Request, log: Logger) {
      Object.defineProperty(this, 'log', { value: log, writable: true, configurable: true });
    },
  });

  function onClose(this: Timed): void {
    const req = this.req;
    const elapsed = performance.now() - (this[STARTED] ?? 0);
    const path = pathOf(req.originalUrl);
    if (onDone && !PROBES.has(path))
      onDone({ route: routeOf(req), method: req.method, status: this.statusCode, ms: elapsed });
    const ms = Math.round(elapsed * 10) / 10;
    const line = { traceId: traceIdOf(req), method: req.method, path, status: this.statusCode, ms };
    if (!this.writableFinished) logger.info({ ...line, aborted: true }, 'request aborted');
    else if (this.statusCode >= 500 && !this[PLANNED]) logger.error(line, 'request completed');
    else if (PROBES.has(path)) logger.debug(line, 'request completed');
    else logger.info(line, 'request completed');
  }

  return function startRequestLog(req: Request, res: Response): void {
    if (!logger.isLevelEnabled('debug') && PROBES.has(pathOf(req.url))) return;
    (res as Timed)[STARTED] = performance.now();
    res.once('close', onClose);
  };
}
