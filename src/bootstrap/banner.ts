/**
 * Overview: the start-up block a person reads once the API server listens: where the web UI, the
 *   setup wizard, the API reference and GraphQL are, the setup state, and how to stop.
 * Architecture: bootstrap; pure text, said by startup-announcement.ts.
 * Dependencies: none.
 * Concepts: the one-time setup token goes to the terminal (stderr), never into the log stream,
 *   and only the auto token this start issued is shown; a fixed token is the operator's own and
 *   is never echoed, one issued earlier is not shown again.
 */
export interface SetupInfo {
  readonly pending: boolean;
  /** What the wizard asks for: no token, the one configured (auth.setupToken), or an issued one. */
  readonly tokenMode: 'none' | 'fixed' | 'auto';
  /**
   * The auto token in force while setup is pending: its text when this start issued it (shown
   * once), null when it was issued earlier; null altogether when none is known.
   */
  readonly autoToken: { readonly token: string | null; readonly expiresAt: Date } | null;
}

export interface StartupInfo {
  /** The base URL, e.g. http://localhost:8000. */
  readonly url: string;
  readonly version: string;
  readonly profile: string;
  readonly startMs: number;
  /** Whether the web UI's build was found and is served at `/`. */
  readonly webUi: boolean;
  /** Null when the setup status could not be read. */
  readonly setup: SetupInfo | null;
}

/**
 * The setup facts from the setup status, the `auth.setupToken` setting and what the start issued
 * (`auto` only: a token shown once, or null with the expiry of one issued earlier).
 */
export function setupInfoOf(
  status: { readonly initialized: boolean } | null,
  setupTokenSetting: string | undefined,
  issued: { readonly token: string | null; readonly expiresAt: Date } | null,
): SetupInfo | null {
  if (!status) return null;
  const tokenMode =
    setupTokenSetting === undefined ? 'none' : setupTokenSetting === 'auto' ? 'auto' : 'fixed';
  const pending = !status.initialized;
  const autoToken =
    pending && tokenMode === 'auto' && issued ? { token: issued.token, expiresAt: issued.expiresAt } : null;
  return { pending, tokenMode, autoToken };
}

/** The addresses a person or a script looks for. */
export function startupLinks(url: string) {
  return {
    ui: `${url}/`,
    setupWizard: `${url}/#/setup`,
    apiDocs: `${url}/api/docs`,
    openApi: `${url}/api/openapi.json`,
    graphql: `${url}/graphql`,
  };
}

const LABEL_WIDTH = 16;
const row = (label: string, text: string) => `    ${label.padEnd(LABEL_WIDTH)}${text}`;
const more = (text: string) => `    ${' '.repeat(LABEL_WIDTH)}${text}`;

function setupRows(info: StartupInfo): string[] {
  const { setup } = info;
  const links = startupLinks(info.url);
  if (!setup) return [row('Setup', 'unknown: the status could not be read (GET /api/v1/setup/status)')];
  if (!setup.pending) return [row('Setup', info.webUi ? `done: sign in at ${links.ui}` : 'done')];
  const where = info.webUi ? `open the wizard at ${links.setupWizard}` : 'run `npx nimbus setup init`';
  const rows = [row('Setup', `pending: ${where}`)];
  if (setup.tokenMode === 'fixed') {
    rows.push(more('it asks for the setup token configured in auth.setupToken (NIMBUS_SETUP_TOKEN)'));
  } else if (setup.autoToken?.token) {
    rows.push(
      more(`one-time setup token, valid until ${setup.autoToken.expiresAt.toISOString()}:`),
      '',
      more(`    ${setup.autoToken.token}`),
      '',
      more('`npx nimbus setup token` issues a new one.'),
    );
  } else if (setup.autoToken) {
    rows.push(
      more(
        `a setup token issued earlier is valid until ${setup.autoToken.expiresAt.toISOString()} (not shown again);`,
      ),
      more('`npx nimbus setup token` issues a new one.'),
    );
  } else if (setup.tokenMode === 'auto') {
    rows.push(more('it asks for a setup token: `npx nimbus setup token` issues one.'));
  }
  return rows;
}

/** The start-up block for a terminal: plain text, no colour, ends with a blank line. */
export function startupBanner(info: StartupInfo): string {
  const links = startupLinks(info.url);
  const lines = [
    '',
    `  Nimbus ${info.version} is running (profile ${info.profile}, started in ${info.startMs} ms)`,
    '',
    row('Web UI', info.webUi ? links.ui : 'not built: run `npm run build -w frontend` (npm start does)'),
    ...setupRows(info),
    row('API reference', links.apiDocs),
    more(`OpenAPI document: ${links.openApi}`),
    row('GraphQL', links.graphql),
    row('Probes', `${info.url}/live, /ready, /health`),
    '',
    '  Press Ctrl+C to stop (in-flight requests finish first).',
    '',
    '',
  ];
  return lines.join('\n');
}
