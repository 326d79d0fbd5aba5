/**
 * Overview: how the server learns that `npm start` is still building the web UI beside it: the
 *   start script (scripts/start.js) runs it with NIMBUS_WEB_UI_BUILD=pending and an IPC channel,
 *   and sends `{ webUi: 'built' }` once the build succeeded.
 * Architecture: bootstrap; read once by the server entry point.
 * Dependencies: node:process (its environment and IPC channel).
 * Concepts: undefined when nothing is being built (the server looks for the UI at once); a
 *   failed build ends the server (the start script stops it), a start script gone leaves the
 *   server running without the UI.
 */

export const WEB_UI_BUILD_ENV = 'NIMBUS_WEB_UI_BUILD';

/** The part of a process this reads: its environment and IPC channel. */
export interface BuildChannel {
  readonly env: NodeJS.ProcessEnv;
  readonly channel?: { unref(): void } | undefined;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  once(event: 'disconnect', listener: () => void): unknown;
}

/** Resolves true when the start script says the web UI is built, false if it goes away first. */
export function pendingWebUiBuild(proc: BuildChannel = process): Promise<boolean> | undefined {
  if (proc.env[WEB_UI_BUILD_ENV] !== 'pending' || !proc.channel) return undefined;
  // The channel alone must not keep the process alive: the server does, until it stops.
  proc.channel.unref();
  return new Promise((resolve) => {
    proc.on('message', (message) => {
      if ((message as { webUi?: unknown } | null)?.webUi === 'built') resolve(true);
    });
    proc.once('disconnect', () => resolve(false));
  });
}
