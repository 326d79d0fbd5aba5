/**
 * Overview: turns any failed HTTP exchange into one ApiError with the back end's stable code,
 *   its message and, for throttling, the wait time.
 * Architecture: core HTTP plumbing, used by ApiService so features only ever see ApiError.
 * Dependencies: @angular/common/http.
 * Concepts: the error envelope `{ error: { code, message, traceId, details? } }`; Retry-After.
 */
import { HttpErrorResponse, type HttpHeaders } from '@angular/common/http';

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly traceId: string | null = null,
    readonly details: readonly FieldIssue[] = [],
    /** Seconds to wait before retrying (from Retry-After), when the server said so. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorEnvelope {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly traceId?: string;
    readonly details?: readonly FieldIssue[];
  };
}

function isEnvelope(body: unknown): body is ErrorEnvelope {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); null when absent. */
export function retryAfterSeconds(headers: HttpHeaders, now = Date.now()): number | null {
  const raw = headers.get('Retry-After')?.trim();
  if (!raw) return null;
  if (/^\d+$/.test(raw)) return Number(raw);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (!(error instanceof HttpErrorResponse)) {
    return new ApiError(0, 'UNEXPECTED', 'Something went wrong. Please try again.');
  }
  if (error.status === 0) {
    return new ApiError(
      0,
      'NETWORK_ERROR',
      'Cannot reach the Nimbus server. Check your connection and that the server is running.',
    );
  }
  const body: unknown = error.error;
  if (isEnvelope(body)) {
    return new ApiError(
      error.status,
      body.error.code,
      body.error.message,
      body.error.traceId ?? null,
      body.error.details ?? [],
      retryAfterSeconds(error.headers),
    );
  }
  const message =
    error.status >= 500
      ? `The Nimbus server is unavailable right now (HTTP ${error.status}). Please try again shortly.`
      : `Unexpected response from the server (HTTP ${error.status}).`;
  return new ApiError(error.status, `HTTP_${error.status}`, message);
}

/** "45 seconds", "1 minute", "3 minutes": how long a throttled user has to wait. */
export function formatWait(seconds: number): string {
  if (seconds < 90) {
    const s = Math.max(1, Math.round(seconds));
    return `${s} second${s === 1 ? '' : 's'}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
