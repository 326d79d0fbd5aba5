/**
 * Overview: what a failed start reports: its one line, its exit code, and the settings that name
 *   its cause.
 * Architecture: bootstrap; shared by startup-errors.ts and startup-errors-embedded.ts.
 * Dependencies: none.
 * Concepts: exit codes follow BSD sysexits, like the CLI's table.
 */

/** sysexits.h codes (1 for the unexpected). */
export const STARTUP_EXIT = {
  unexpected: 1,
  dataError: 65, // EX_DATAERR: a data folder Nimbus cannot use as it is
  unavailable: 69, // EX_UNAVAILABLE: a port or a service is taken or down
  cantCreate: 73, // EX_CANTCREAT: a folder cannot be written
  noPermission: 77, // EX_NOPERM
  config: 78, // EX_CONFIG
} as const;

/** What the failing process was asked to use, to name the setting behind a failure. */
export interface StartupContext {
  readonly dataDir?: string;
  readonly host?: string;
  readonly port?: number;
  /** The metrics port (a listen failure on it names NIMBUS_METRICS_*). */
  readonly metricsPort?: number;
}

export interface StartupFailure {
  readonly message: string;
  readonly exitCode: number;
}
