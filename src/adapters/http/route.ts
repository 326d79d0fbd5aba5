/**
 * Overview: the declaration of one REST route (method, path, request and response schemas,
 *   error codes, handler), from which the Express registration and the OpenAPI document are
 *   both derived.
 * Architecture: HTTP delivery adapter (Express); route files declare, register-routes.ts serves,
 *   openapi.ts documents.
 * Dependencies: zod, pino (the request's logger type), the application's Principal, the status table.
 * Concepts: a path is written once in Express syntax (`/sessions/:id`) and turned into OpenAPI
 *   syntax (`/sessions/{id}`); a handler answers a declared status with a body of its schema
 *   (dates may stay `Date`: JSON writes them as ISO strings); `errors` names the codes the
 *   handler's use case raises, the ones implied by auth and validation are added for it.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Principal } from '../../application/index.js';
import type { ErrorCode } from './error-codes.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface SuccessResponse {
  readonly description: string;
  /** Absent: the status has no body (204). */
  readonly schema?: z.ZodType;
}

export type ResponseMap = Readonly<Record<number, SuccessResponse>>;

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** A body as the handler may hand it over: strings of the wire format may still be `Date`s. */
type Sendable<T> = T extends string
  ? T | Date
  : T extends readonly (infer E)[]
    ? readonly Sendable<E>[]
    : T extends object
      ? { readonly [K in keyof T]: Sendable<T[K]> }
      : T;

/** What a handler answers: one of the declared statuses, with a body iff the status has a schema. */
export type Reply<R extends ResponseMap> = {
  [S in keyof R & number]: R[S]['schema'] extends z.ZodType
    ? { readonly status: S; readonly body: Sendable<z.input<R[S]['schema']>> }
    : { readonly status: S };
}[keyof R & number];

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteRequest<P, Q, B, A extends 'bearer' | 'none'> {
  readonly params: Parsed<P>;
  readonly query: Parsed<Q>;
  readonly body: Parsed<B>;
  /** The signed-in caller (bearer routes only). */
  readonly principal: A extends 'bearer' ? Principal : undefined;
  /** The caller's address and device, and the request's trace id (for the auth events). */
  readonly client: {
    readonly ip: string | null;
    readonly userAgent: string | null;
    readonly traceId: string;
  };
  /** The request's logger (its lines carry the trace id). */
  readonly log: Logger;
}

export interface RouteDefinition<
  D = never,
  P extends ObjectSchema | undefined = ObjectSchema | undefined,
  Q extends ObjectSchema | undefined = ObjectSchema | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends ResponseMap = ResponseMap,
  A extends 'bearer' | 'none' = 'bearer' | 'none',
> {
  readonly method: HttpMethod;
  /** The full path in Express syntax, e.g. `/api/v1/auth/sessions/:id`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly auth: A;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly responses: R;
  /** Codes the handler may raise beyond those implied by `auth`, `params`, `query` and `body`. */
  readonly errors: readonly ErrorCode[];
  readonly handler: (
    request: RouteRequest<P, Q, B, A>,
    deps: D,
  ) => NoInfer<Reply<R>> | Promise<NoInfer<Reply<R>>>;
}

/** Any route, whatever its dependencies and schemas (what registries and documents take). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDefinition<any, any, any, any, any, any>;

/** The dependencies a list of routes needs, all of them together. */
export type DependenciesOf<Routes extends readonly AnyRoute[]> = UnionToIntersection<
  Routes[number] extends infer Route
    ? Route extends RouteDefinition<infer D, infer _P, infer _Q, infer _B, infer _R, infer _A>
      ? D
      : never
    : never
>;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

/** A handler's answer: `reply(200, body)`, or `reply(204)` for a status without a body. */
export function reply<const S extends number>(status: S): { readonly status: S };
export function reply<const S extends number, const B>(
  status: S,
  body: B,
): { readonly status: S; readonly body: B };
export function reply(
  status: number,
  ...body: unknown[]
): { readonly status: number; readonly body?: unknown } {
  return body.length > 0 ? { status, body: body[0] } : { status };
}

const PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/** The path in OpenAPI syntax: `/sessions/:id` becomes `/sessions/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(PARAM, '{$1}');
}

function paramNames(path: string): string[] {
  return [...path.matchAll(PARAM)].map((m) => m[1]!).sort();
}

/**
 * Declares a route. Throws at declaration when the path's parameters and the `params` schema
 * disagree, so a route can never serve a parameter it does not validate (or document one it
 * does not have).
 */
export function defineRoute<
  // A handler that takes no dependencies needs nothing (`unknown` would swallow the others').
  D = object,
  P extends ObjectSchema | undefined = undefined,
  Q extends ObjectSchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  const R extends ResponseMap = ResponseMap,
  A extends 'bearer' | 'none' = 'none',
>(route: RouteDefinition<D, P, Q, B, R, A>): RouteDefinition<D, P, Q, B, R, A> {
  const inPath = paramNames(route.path);
  const inSchema = Object.keys(route.params?.shape ?? {}).sort();
  if (inPath.join() !== inSchema.join()) {
    throw new Error(
      `${route.method.toUpperCase()} ${route.path}: path parameters [${inPath}] differ from the params schema [${inSchema}]`,
    );
  }
  return route;
}
