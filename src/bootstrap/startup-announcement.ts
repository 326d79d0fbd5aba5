/**
 * Overview: says the start-up facts once the server listens: the block for a person at a
 *   terminal, or one log record for a collector (and, on the terminal, only a token this start
 *   issued).
 * Architecture: bootstrap; called by the server entry point.
 * Dependencies: the banner text, the logger (its format and type).
 * Concepts: the one-time setup token goes to the terminal (stderr), never into the log stream.
 */
import { startupBanner, startupLinks, type StartupInfo } from './banner.js';
import type { LogFormat, Logger } from './logger.js';

/** The start-up facts as one log record: never the setup token itself. */
export function startupRecord(info: StartupInfo): { fields: Record<string, unknown>; msg: string } {
  const links = startupLinks(info.url);
  const setup = info.setup;
  const fields: Record<string, unknown> = {
    url: info.url,
    webUi: info.webUi ? links.ui : null,
    apiDocs: links.apiDocs,
    openApi: links.openApi,
    graphql: links.graphql,
    setup: setup ? (setup.pending ? 'pending' : 'done') : 'unknown',
    ...(setup?.pending ? { setupTokenMode: setup.tokenMode } : {}),
    ...(setup?.autoToken ? { setupTokenExpiresAt: setup.autoToken.expiresAt.toISOString() } : {}),
    profile: info.profile,
    version: info.version,
    startMs: info.startMs,
  };
  const pending = setup?.pending ? ' (setup pending)' : '';
  return { fields, msg: `Nimbus API listening on ${info.url}${pending}` };
}

/** What JSON mode still writes to the terminal: the token this start issued, else nothing. */
export function setupTokenNotice(info: StartupInfo): string | null {
  const issued = info.setup?.autoToken;
  if (!issued?.token) return null;
  return [
    '',
    `Setup is pending. One-time setup token (valid until ${issued.expiresAt.toISOString()}):`,
    '',
    `    ${issued.token}`,
    '',
    'Enter it in the setup wizard. `npx nimbus setup token` issues a new one.',
    '',
    '',
  ].join('\n');
}

export interface StartupOutput {
  readonly format: LogFormat;
  readonly logger: Pick<Logger, 'info'>;
  /** The terminal: stderr, never the log stream. */
  readonly terminal: { write(text: string): unknown };
}

/**
 * Pretty (a person at a terminal): the block on the terminal, nothing in the log. JSON (a
 * collector): one log record, and on the terminal only a token this start issued.
 */
export function announceStartup(out: StartupOutput, info: StartupInfo): void {
  if (out.format === 'pretty') {
    out.terminal.write(startupBanner(info));
    return;
  }
  const { fields, msg } = startupRecord(info);
  out.logger.info(fields, msg);
  const notice = setupTokenNotice(info);
  if (notice) out.terminal.write(notice);
}
