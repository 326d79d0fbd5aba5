/**
 * Overview: the per-request GraphQL context, built from the HTTP request, and the
 *   authentication step resolvers call when they need a signed-in caller.
 * Architecture: GraphQL delivery adapter.
 * Dependencies: express (request type only), the application's GetCurrentUser.
 * Concepts: the context only carries the bearer credential and the client (address, device, trace
 *   id, for auth events); whether the credential is valid (token and live session) is
 *   GetCurrentUser's decision, made when a resolver asks for the principal.
 */
import type { Request } from 'express';
import type { GetCurrentUser, Principal } from '../../application/index.js';
import { AuthenticationRequiredError } from './graphql-errors.js';

// A type alias, not an interface: graphql-http wants a context assignable to Record<PropertyKey, unknown>.
export type GraphqlContext = {
  /** The token of `Authorization: Bearer <token>`, or null when the header is absent or not Bearer. */
  readonly accessToken: string | null;
  /** The client address as Express sees it (honours `trust proxy`). */
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** The request's trace id, as the response's X-Trace-ID header echoes it (null when absent). */
  readonly traceId: string | null;
};

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export function contextFromRequest(req: Request): GraphqlContext {
  const match = BEARER.exec(req.get('authorization') ?? '');
  return {
    accessToken: match?.[1] ?? null,
    ip: req.ip ?? null,
    userAgent: req.get('user-agent') ?? null,
    traceId: traceIdOf(req),
  };
}

/** The trace id the HTTP front middleware gave the request: it is already on the response. */
function traceIdOf(req: Request): string | null {
  const echoed = req.res?.getHeader('x-trace-id');
  return typeof echoed === 'string' ? echoed : null;
}

/** The signed-in caller; throws AuthenticationRequiredError without a token, a DomainError otherwise. */
export async function requirePrincipal(
  ctx: GraphqlContext,
  getCurrentUser: GetCurrentUser,
): Promise<Principal> {
  if (ctx.accessToken === null) throw new AuthenticationRequiredError();
  return getCurrentUser.execute({ accessToken: ctx.accessToken });
}
