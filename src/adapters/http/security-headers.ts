/**
 * Overview: helmet's security headers, worked out once at start-up and then set on each response
 *   by a plain loop (a setter for the app's front middleware, or a middleware of its own).
 * Architecture: HTTP delivery adapter (Express middleware).
 * Dependencies: helmet, express.
 * Concepts: helmet stays the source of the header values: its middleware runs once against a
 *   recording response; only static options are accepted (a directive given as a function, e.g. a
 *   per-request nonce, would be frozen at its first value, so it is refused at start-up); names
 *   go out in lower case (field names are case-insensitive; HTTP/2 only has lower case), which
 *   spares Node a new string per header per response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers helmet sets with `options`, in its order, and those it removes. */
export function helmetHeaders(options?: HelmetOptions): {
  readonly set: ReadonlyMap<string, string>;
  readonly removed: readonly string[];
} {
  const directives = (options?.contentSecurityPolicy as { directives?: Record<string, unknown> } | undefined)
    ?.directives;
  for (const [name, value] of Object.entries(directives ?? {})) {
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    if (typeof value === 'function' || values.some((v) => typeof v === 'function'))
      throw new Error(`security headers: the ${name} directive must be static`);
  }
  const set = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      set.set(name, String(value));
    },
    removeHeader(name: string) {
      set.delete(name);
      removed.push(name);
    },
  };
  let done = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    done = true;
  });
  if (!done) throw new Error('security headers: helmet did not finish synchronously');
  return { set, removed };
}

/** What sets helmet's headers for `options` on one response. */
export function securityHeaderSetter(options?: HelmetOptions): (res: Response) => void {
  const { set, removed } = helmetHeaders(options);
  // Node lower-cases every name it is given; names already in lower case cost no new string.
  const names = [...set.keys()].map((name) => name.toLowerCase());
  const values = [...set.values()];
  const removedNames = removed.map((name) => name.toLowerCase());
  return function setSecurityHeaders(res: Response): void {
    for (let i = 0; i < names.length; i++) res.setHeader(names[i]!, values[i]!);
    for (const name of removedNames) res.removeHeader(name);
  };
}

/** Sets helmet's headers for `options` on every response (as middleware). */
export function securityHeaders(options?: HelmetOptions): RequestHandler {
  const setSecurityHeaders = securityHeaderSetter(options);
  return function securityHeadersMiddleware(_req: Request, res: Response, next: NextFunction): void {
    setSecurityHeaders(res);
    next();
  };
}
