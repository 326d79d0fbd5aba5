/**
 * Overview: the request's trace id: kept from a valid incoming X-Trace-ID, otherwise generated;
 *   echoed in the response header and available anywhere in the request through AsyncLocalStorage.
 * Architecture: HTTP delivery adapter (Express middleware).
 * Dependencies: node:async_hooks, node:crypto, express.
 * Concepts: a trace id links the client's error body to the server's log lines.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const TRACE_HEADER = 'X-Trace-ID';
const VALID_TRACE_ID = /^[A-Za-z0-9._-]{8,128}$/;
const storage = new AsyncLocalStorage<{ traceId: string }>();

/** The trace id of the request being handled, or undefined outside a request. */
export function currentTraceId(): string | undefined {
  return storage.getStore()?.traceId;
}

export function traceIdOf(req: Request): string {
  return (req as Request & { traceId?: string }).traceId ?? 'unknown';
}

export function traceMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get(TRACE_HEADER);
  const traceId = incoming && VALID_TRACE_ID.test(incoming) ? incoming : randomUUID();
  (req as Request & { traceId?: string }).traceId = traceId;
  res.setHeader(TRACE_HEADER, traceId);
  storage.run({ traceId }, next);
}
