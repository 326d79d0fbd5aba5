/**
 * Overview: request plumbing shared by the routes: input validation, the /api/v1 front
 *   (content-type check, JSON body, no-store caching), bearer authentication, and the one error
 *   middleware.
 * Architecture: HTTP delivery adapter (Express middleware).
 * Dependencies: express, zod, the application's GetCurrentUser, the status table.
 * Concepts: every error leaves as `{ error: { code, message, traceId } }`; a 500 says nothing
 *   more than that (the log line has the stack); 401s carry `WWW-Authenticate: Bearer`.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { GetCurrentUser, Principal } from '../../application/index.js';
import { isDomainError, TooManyAttemptsError, ValidationError, type FieldIssue } from '../../domain/index.js';
import { HttpError, STATUS_BY_CODE } from './error-codes.js';
import { traceIdOf } from './trace.js';

/**
 * Parses `value` (a body, path parameters or a query) with `schema`; a failure is a
 * ValidationError listing each field (`part` names the whole value when no field is at fault).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => {
    const unknown = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = [...issue.path.map(String), ...unknown].join('.') || part;
    return {
      field,
      message:
        issue.code === 'unrecognized_keys'
          ? 'is not a known field'
          : issue.code === 'invalid_type'
            ? `must be ${issue.expected}`
            : issue.message,
    };
  });
  throw new ValidationError(issues);
}

/** Whether the request carries a body: a length above 0, or a chunked one. */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && Number(length) > 0) || req.headers['transfer-encoding'] !== undefined;
}

/**
 * The front of /api/v1 in one router layer (each layer costs every request a path match and a
 * prefix strip): answers are not cached; a request with a body must say it is JSON (415
 * otherwise), and `parseJson` reads it; one without goes straight on.
 */
export function apiFront(parseJson: RequestHandler): RequestHandler {
  return (req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('pragma', 'no-cache');
    if (!hasBody(req)) return next();
    if (!req.is('application/json')) {
      throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
    }
    parseJson(req, res, next);
  };
}

/** The caller of `Authorization: Bearer <access token>`, whose session must be live. */
export async function authenticate(getCurrentUser: GetCurrentUser, req: Request): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (!match?.[1])
    throw new HttpError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token>.');
  return getCurrentUser.execute({ accessToken: match[1] });
}

/** Who is calling, for the use cases' auth events: address, device and the request's trace id. */
export function clientInfo(req: Request): { ip: string | null; userAgent: string | null; traceId: string } {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null, traceId: traceIdOf(req) };
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Classifies any error into status, code and client-safe message. */
function classify(error: unknown): {
  status: number;
  code: string;
  message: string;
  details?: readonly FieldIssue[];
} {
  if (isDomainError(error)) {
    const details = error instanceof ValidationError ? error.issues : undefined;
    return { status: STATUS_BY_CODE[error.code], code: error.code, message: error.message, details };
  }
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
  const parser = error as BodyParserError;
  if (parser?.type === 'entity.parse.failed')
    return { status: 400, code: 'MALFORMED_REQUEST', message: 'The body is not valid JSON.' };
  if (parser?.type === 'entity.too.large')
    return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The body is too large.' };
  if (parser?.type === 'encoding.unsupported' || parser?.type === 'charset.unsupported')
    return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as UTF-8 JSON.' };
  if (typeof parser?.status === 'number' && parser.status >= 400 && parser.status < 500)
    return { status: parser.status, code: 'MALFORMED_REQUEST', message: 'The request could not be read.' };
  return {
    status: 500,
    code: 'INTERNAL_ERROR',
    message: 'Something went wrong on our side; quote the trace id.',
  };
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const { status, code, message, details } = classify(error);
    const traceId = traceIdOf(req);
    // req.log (request-log.ts) already carries the trace id.
    const log = (req as Request & { log?: Logger }).log ?? logger.child({ traceId });
    if (status >= 500) log.error({ err: error, code }, 'request failed');
    else log.info({ code, status }, 'request rejected');
    if (res.headersSent) return void res.end();
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    if (error instanceof TooManyAttemptsError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (status === 503) res.setHeader('Retry-After', '5');
    res.status(status).json({ error: { code, message, traceId, ...(details ? { details } : {}) } });
  };
}

export function notFound(req: Request): never {
  throw new HttpError('NOT_FOUND', `No route for ${req.method} ${req.originalUrl.split('?')[0]}.`);
}
