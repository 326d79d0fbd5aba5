/**
 * Overview: specs of the API error mapping: the error envelope, Retry-After, network errors.
 * Architecture: unit tests of a pure helper.
 * Dependencies: Jest, @angular/common/http.
 * Concepts: every failure reaches the UI as one ApiError with the server's code and message.
 */
import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { ApiError, formatWait, retryAfterSeconds, toApiError } from './api-error';

describe('toApiError', () => {
  it('reads the envelope, its field details and the Retry-After header', () => {
    const error = toApiError(
      new HttpErrorResponse({
        status: 429,
        headers: new HttpHeaders({ 'Retry-After': '42' }),
        error: {
          error: {
            code: 'TOO_MANY_ATTEMPTS',
            message: 'Too many login attempts.',
            traceId: 't-9',
            details: [{ field: 'email', message: 'x' }],
          },
        },
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 429,
      code: 'TOO_MANY_ATTEMPTS',
      message: 'Too many login attempts.',
      traceId: 't-9',
      retryAfterSeconds: 42,
      details: [{ field: 'email', message: 'x' }],
    });
  });

  it('names an unreachable server and a non-JSON gateway error', () => {
    expect(toApiError(new HttpErrorResponse({ status: 0 })).code).toBe('NETWORK_ERROR');
    const gateway = toApiError(new HttpErrorResponse({ status: 504, error: '<html>' }));
    expect(gateway.code).toBe('HTTP_504');
    expect(gateway.message).toContain('HTTP 504');
  });

  it('accepts an HTTP date in Retry-After', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const headers = new HttpHeaders({ 'Retry-After': 'Thu, 01 Jan 2026 00:01:30 GMT' });
    expect(retryAfterSeconds(headers, now)).toBe(90);
    expect(retryAfterSeconds(new HttpHeaders(), now)).toBeNull();
  });

  it('formats waits in seconds, then minutes', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(900)).toBe('15 minutes');
  });
});
