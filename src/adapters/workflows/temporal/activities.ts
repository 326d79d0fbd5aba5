/**
 * Overview: the Temporal activities of Nimbus, each a thin call into a use case.
 * Architecture: workflows adapter (Temporal); createActivities receives the use cases from the
 *   composition root, the worker registers what it returns.
 * Dependencies: @temporalio/activity (Context, ApplicationFailure), the application's use cases
 *   (types).
 * Concepts: a DomainError is an expected business failure: it becomes a non-retryable
 *   ApplicationFailure whose type is the error's code; SERVICE_UNAVAILABLE (a dependency is down)
 *   stays retryable; any other error is a bug and is retried by the activity's policy. The
 *   activity's cancellation signal (worker stopping, run cancelled or timed out) goes into the
 *   use case, which stops before its next step; archive heartbeats while its batch runs, so a
 *   dead worker is noticed within the heartbeat timeout.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ArchiveSessions, CleanupExpiredSessions } from '../../../application/index.js';
import { isDomainError } from '../../../domain/index.js';

export interface ActivityDependencies {
  readonly cleanupExpiredSessions: Pick<CleanupExpiredSessions, 'execute'>;
  readonly archiveSessions: Pick<ArchiveSessions, 'execute'>;
}

/** Results cross the wire as JSON: dates travel as ISO strings. */
export interface CleanupSummary {
  readonly deleted: number;
  readonly cutoff: string;
  /** Sessions found expired, each recorded once as SESSION_EXPIRED. */
  readonly expired: number;
}

export interface ArchiveSummary {
  readonly archived: number;
  readonly key: string | null;
  /** The auth events the same run archived (and deleted). */
  readonly events: { readonly archived: number; readonly key: string | null };
}

/** Heartbeats go out this often while a batch runs: a third of the timeout, at most 10 s. */
export function heartbeatEveryMs(heartbeatTimeoutMs: number | undefined): number {
  return Math.max(50, Math.min(10_000, Math.floor((heartbeatTimeoutMs || 30_000) / 3)));
}

export function toActivityFailure(error: unknown): unknown {
  if (!isDomainError(error)) return error;
  return ApplicationFailure.create({
    type: error.code,
    message: error.message,
    nonRetryable: error.code !== 'SERVICE_UNAVAILABLE',
    cause: error,
  });
}

async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toActivityFailure(error);
  }
}

/** Heartbeats when `fn` starts and then every heartbeatEveryMs until it settles. */
async function heartbeating<T>(context: Context, fn: () => Promise<T>): Promise<T> {
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), heartbeatEveryMs(context.info.heartbeatTimeoutMs));
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

export function createActivities(deps: ActivityDependencies) {
  return {
    /** The example activity of task 1.9. */
    async greet(name: string): Promise<string> {
      return `Hello, ${name}!`;
    },
    async cleanupExpiredSessions(): Promise<CleanupSummary> {
      const { cancellationSignal: signal } = Context.current();
      return run(async () => {
        const { deleted, cutoff, expired } = await deps.cleanupExpiredSessions.execute({ signal });
        return { deleted, cutoff: cutoff.toISOString(), expired };
      });
    },
    async archiveSessions(): Promise<ArchiveSummary> {
      const context = Context.current();
      return run(() =>
        heartbeating(context, async () => {
          const { archived, key, events } = await deps.archiveSessions.execute({
            signal: context.cancellationSignal,
          });
          return { archived, key, events: { archived: events.archived, key: events.key } };
        }),
      );
    },
  };
}

export type NimbusActivities = ReturnType<typeof createActivities>;
