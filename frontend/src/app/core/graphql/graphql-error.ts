/**
 * Overview: turns any failed Apollo operation into one ApiError with the GraphQL error's
 *   `extensions.code` and message, or a plain "cannot reach the server" when nothing answered.
 * Architecture: core GraphQL plumbing, the counterpart of core/http/api-error.ts for Apollo, so
 *   GraphQL pages show errors the way REST pages do.
 * Dependencies: @apollo/client (error classes), the ApiError type.
 * Concepts: a resolver's refusal arrives as GraphQL errors (`extensions.code`, e.g. FORBIDDEN,
 *   VALIDATION_ERROR) whose messages the server writes for people; an HTTP failure arrives as a
 *   ServerError (its body may still hold GraphQL errors); anything else means no answer.
 */
import { HttpErrorResponse } from '@angular/common/http';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import type { GraphQLFormattedError } from 'graphql';
import { ApiError, toApiError } from '../http/api-error';

function fromGraphqlErrors(errors: readonly GraphQLFormattedError[], status: number): ApiError {
  const [first] = errors;
  const code = first?.extensions?.['code'];
  return new ApiError(
    status,
    typeof code === 'string' ? code : 'GRAPHQL_ERROR',
    first?.message ?? 'The server could not answer this request.',
  );
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function graphqlErrorsIn(body: unknown): readonly GraphQLFormattedError[] | null {
  if (typeof body !== 'object' || body === null || !('errors' in body)) return null;
  const { errors } = body as { errors: unknown };
  return Array.isArray(errors) && errors.length > 0 ? (errors as GraphQLFormattedError[]) : null;
}

export function toGraphqlError(error: unknown): ApiError {
  if (CombinedGraphQLErrors.is(error)) return fromGraphqlErrors(error.errors, 200);
  if (ServerError.is(error)) {
    const body = parse(error.bodyText);
    const errors = graphqlErrorsIn(body);
    if (errors) return fromGraphqlErrors(errors, error.statusCode);
    // Not a GraphQL answer (a proxy, the REST error envelope): read it as REST would.
    return toApiError(new HttpErrorResponse({ status: error.statusCode, error: body }));
  }
  // The HTTP link reports a request that got no response (status 0) as a plain Error.
  return toApiError(new HttpErrorResponse({ status: 0 }));
}
