/**
 * Overview: the request's trace id: kept from a valid incoming X-Trace-ID, otherwise generated;
 *   echoed in the response header and kept on the request (`traceIdOf`).
 * Architecture: HTTP delivery adapter (called by the front middleware of the Express app).
 * Dependencies: node:crypto, express.
 * Concepts: a trace id links the client's error body to the server's log lines; code that needs
 *   it gets the request (`traceIdOf(req)`, or `req.log`, whose lines carry it): no
 *   AsyncLocalStorage, whose hooks would tax every promise of every request; the header goes
 *   out as `x-trace-id` (field names are case-insensitive).
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';

/** X-Trace-ID as Node keys it (incoming names are lower-cased; a lower-case name costs less to set). */
const TRACE_KEY = 'x-trace-id';
const VALID_TRACE_ID = /^[A-Za-z0-9._-]{8,128}$/;

type Traced = Request & { traceId?: string };

export function traceIdOf(req: Request): string {
  return (req as Traced).traceId ?? 'unknown';
}

/** Gives the request its trace id and echoes it in the response header. */
export function assignTraceId(req: Request, res: Response): string {
  const incoming = req.headers[TRACE_KEY];
  const traceId = typeof incoming === 'string' && VALID_TRACE_ID.test(incoming) ? incoming : randomUUID();
  (req as Traced).traceId = traceId;
  res.setHeader(TRACE_KEY, traceId);
  return traceId;
}
