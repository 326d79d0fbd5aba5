/**
 * Overview: specs of toGraphqlError: a resolver's refusal keeps its `extensions.code` and
 *   message, an HTTP failure is read from its body, no answer at all reads as unreachable.
 * Architecture: unit test of core GraphQL plumbing.
 * Dependencies: Jest, @apollo/client's error classes.
 * Concepts: GraphQL errors' messages are written by the server for people.
 */
import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import { toGraphqlError } from './graphql-error';

function serverError(status: number, body: string): ServerError {
  return new ServerError(`Response not successful: Received status code ${status}`, {
    response: { status } as Response,
    bodyText: body,
  });
}

describe('toGraphqlError', () => {
  it('keeps the code and message of a GraphQL error', () => {
    const error = new CombinedGraphQLErrors({
      data: null,
      errors: [{ message: 'Only an administrator may.', extensions: { code: 'FORBIDDEN' } }],
    });
    expect(toGraphqlError(error)).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only an administrator may.',
    });
  });

  it('reads GraphQL errors from the body of a non-200 answer', () => {
    const body = JSON.stringify({
      errors: [{ message: 'Bad cursor.', extensions: { code: 'VALIDATION_ERROR' } }],
    });
    expect(toGraphqlError(serverError(400, body))).toMatchObject({
      status: 400,
      code: 'VALIDATION_ERROR',
      message: 'Bad cursor.',
    });
  });

  it('reads an answer that is not GraphQL as REST would (a 503 from a proxy)', () => {
    const error = toGraphqlError(serverError(503, '<html>busy</html>'));
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/unavailable right now \(HTTP 503\)/);
  });

  it('says the server cannot be reached when nothing answered', () => {
    const error = toGraphqlError(new Error('Http failure response for /graphql: 0 Unknown Error'));
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.message).toMatch(/Cannot reach the Nimbus server/);
  });
});
