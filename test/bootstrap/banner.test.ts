/**
 * Overview: what the server says once it listens: the start-up block for a terminal, the one log
 *   record for machines, and where the one-time setup token may and may not appear.
 * Architecture: bootstrap tests of pure functions, no process.
 * Dependencies: the banner module, chai.
 * Concepts: the token goes to the terminal only when this start issued it (auth.setupToken auto);
 *   a fixed token is the operator's own and is never echoed; the log stream never holds a token.
 */
import { expect } from 'chai';
import { setupInfoOf, startupBanner, type SetupInfo, type StartupInfo } from '../../src/bootstrap/banner.js';
import {
  announceStartup,
  setupTokenNotice,
  startupRecord,
} from '../../src/bootstrap/startup-announcement.js';

const URL = 'http://localhost:8123';
const TOKEN = 'tok-4f3e2d1c0b9a8877';
const EXPIRES = new Date('2030-01-02T03:04:05.000Z');

function info(setup: SetupInfo | null, webUi = true): StartupInfo {
  return { url: URL, version: '9.8.7', profile: 'embedded', startMs: 1234, webUi, setup };
}

const pendingAuto = setupInfoOf({ initialized: false }, 'auto', { token: TOKEN, expiresAt: EXPIRES });
const earlierAuto = setupInfoOf({ initialized: false }, 'auto', { token: null, expiresAt: EXPIRES });
const pendingFixed = setupInfoOf({ initialized: false }, TOKEN, null);
const pendingOpen = setupInfoOf({ initialized: false }, undefined, null);
const done = setupInfoOf({ initialized: true }, 'auto', null);

describe('start-up banner', () => {
  describe('setup facts', () => {
    it('keeps the auto token only while setup is pending, and never a fixed one', () => {
      expect(pendingAuto).to.deep.equal({
        pending: true,
        tokenMode: 'auto',
        autoToken: { token: TOKEN, expiresAt: EXPIRES },
      });
      expect(pendingFixed).to.deep.equal({ pending: true, tokenMode: 'fixed', autoToken: null });
      expect(pendingOpen).to.deep.equal({ pending: true, tokenMode: 'none', autoToken: null });
      expect(setupInfoOf({ initialized: true }, 'auto', { token: TOKEN, expiresAt: EXPIRES })).to.deep.equal({
        pending: false,
        tokenMode: 'auto',
        autoToken: null,
      });
      expect(setupInfoOf(null, 'auto', { token: TOKEN, expiresAt: EXPIRES })).to.equal(null);
    });
  });

  describe('the block for a terminal', () => {
    it('says where the UI, the wizard, the API reference and GraphQL are, and how to stop', () => {
      const text = startupBanner(info(pendingOpen));
      expect(text).to.include('Nimbus 9.8.7').and.include('profile embedded').and.include('1234 ms');
      expect(text).to.match(/Web UI +http:\/\/localhost:8123\/\n/);
      expect(text).to.match(/Setup +pending: open the wizard at http:\/\/localhost:8123\/#\/setup/);
      expect(text).to.match(/API reference +http:\/\/localhost:8123\/api\/docs/);
      expect(text).to.include('http://localhost:8123/api/openapi.json');
      expect(text).to.match(/GraphQL +http:\/\/localhost:8123\/graphql/);
      expect(text).to.include('Ctrl+C');
      expect(text).to.not.include('token');
    });

    it('shows the token this start issued, with its expiry and how to get a new one', () => {
      const text = startupBanner(info(pendingAuto));
      expect(text).to.include(TOKEN);
      expect(text).to.include('valid until 2030-01-02T03:04:05.000Z');
      expect(text).to.include('`npx nimbus setup token`');
      expect(text.split(TOKEN)).to.have.length(2);
    });

    it('never shows a token otherwise: issued earlier, fixed, or setup done', () => {
      const earlier = startupBanner(info(earlierAuto));
      expect(earlier).to.include('issued earlier is valid until 2030-01-02T03:04:05.000Z');
      expect(earlier).to.include('`npx nimbus setup token`');
      const fixed = startupBanner(info(pendingFixed));
      expect(fixed).to.include('auth.setupToken').and.not.include(TOKEN);
      const finished = startupBanner(info(done));
      expect(finished).to.match(/Setup +done: sign in at http:\/\/localhost:8123\//);
      expect(finished).to.not.include('npx nimbus setup token');
    });

    it('says when the UI is not built, and offers the CLI for setup instead', () => {
      const text = startupBanner(info(pendingOpen, false));
      expect(text).to.match(/Web UI +not built: run `npm run build -w frontend`/);
      expect(text).to.include('npx nimbus setup init').and.not.include('#/setup');
    });

    it('says so when the setup status could not be read', () => {
      expect(startupBanner(info(null))).to.match(/Setup +unknown/);
    });

    it('has no line a JSON log reader would take for a record', () => {
      for (const setup of [pendingAuto, earlierAuto, pendingFixed, pendingOpen, done, null]) {
        const lines = startupBanner(info(setup)).split('\n');
        expect(lines.filter((l) => l.trimStart().startsWith('{'))).to.deep.equal([]);
      }
    });
  });

  describe('the record for machines', () => {
    it('holds the addresses and the setup state, and never the token', () => {
      const { fields, msg } = startupRecord(info(pendingAuto));
      expect(msg).to.equal(`Nimbus API listening on ${URL} (setup pending)`);
      expect(fields).to.deep.include({
        url: URL,
        webUi: `${URL}/`,
        apiDocs: `${URL}/api/docs`,
        openApi: `${URL}/api/openapi.json`,
        graphql: `${URL}/graphql`,
        setup: 'pending',
        setupTokenMode: 'auto',
        setupTokenExpiresAt: EXPIRES.toISOString(),
        startMs: 1234,
      });
      expect(JSON.stringify(fields)).to.not.include(TOKEN);
      expect(startupRecord(info(done)).fields).to.deep.include({ setup: 'done' });
      expect(startupRecord(info(done)).msg).to.equal(`Nimbus API listening on ${URL}`);
      expect(startupRecord(info(pendingOpen, false)).fields).to.deep.include({ webUi: null });
    });
  });

  describe('announceStartup', () => {
    function capture(format: 'json' | 'pretty', startup: StartupInfo) {
      const terminal: string[] = [];
      const records: { fields: unknown; msg: string }[] = [];
      announceStartup(
        {
          format,
          logger: { info: ((fields: unknown, msg: string) => records.push({ fields, msg })) as never },
          terminal: { write: (text: string) => terminal.push(text) },
        },
        startup,
      );
      return { terminal: terminal.join(''), records };
    }

    it('pretty: the block on the terminal, with the issued token, and nothing in the log', () => {
      const { terminal, records } = capture('pretty', info(pendingAuto));
      expect(terminal)
        .to.equal(startupBanner(info(pendingAuto)))
        .and.include(TOKEN);
      expect(records).to.deep.equal([]);
    });

    it('json: one record without the token, and the issued token alone on the terminal', () => {
      const { terminal, records } = capture('json', info(pendingAuto));
      expect(records).to.have.length(1);
      expect(JSON.stringify(records)).to.not.include(TOKEN);
      expect(terminal)
        .to.equal(setupTokenNotice(info(pendingAuto)))
        .and.include(TOKEN);
      expect(terminal).to.include('valid until 2030-01-02T03:04:05.000Z');
    });

    it('json: nothing on the terminal when no token was issued by this start', () => {
      for (const setup of [earlierAuto, pendingFixed, pendingOpen, done, null]) {
        const { terminal, records } = capture('json', info(setup));
        expect(terminal).to.equal('');
        expect(records).to.have.length(1);
      }
    });
  });
});
