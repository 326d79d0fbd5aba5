/**
 * Overview: T8 and I4 for the readable (pretty) log format: the same secrets are redacted as in
 *   JSON lines (logged fields at any depth, child bindings, an error's own fields), and control
 *   characters in a message cannot start a forged line or drive the terminal.
 * Architecture: security test of the bootstrap logger, in process, no database.
 * Dependencies: the logger, node:stream, chai.
 * Concepts: the pretty format is pino-pretty applied to lines pino has already redacted; these
 *   tests check what reaches the terminal, with and without colour.
 */
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { CENSOR, createLogger, type LoggerOptions } from '../../src/bootstrap/logger.js';

function prettyLogger(options: Omit<LoggerOptions, 'format'> = {}) {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger('debug', sink, { format: 'pretty', ...options });
  return { logger, text: () => chunks.join('') };
}

const SECRETS = {
  password: 'pw-6b1f0e-correct-horse',
  refreshToken: 'rt-3c9d2a-refresh',
  setupToken: 'st-8e7f6a-setup',
  apiKey: 'ak-5d4c3b-key',
  authorization: 'Bearer jw-1a2b3c-token',
  cookie: 'sid=ck-9f8e7d-cookie',
};

describe('redaction in the readable log format (T8)', () => {
  for (const colorize of [false, true]) {
    it(`writes readable lines with a time and a level and none of the secrets (colour ${colorize ? 'on' : 'off'})`, () => {
      const { logger, text } = prettyLogger({ colorize });
      logger.info({ password: SECRETS.password, user: { email: 'kept@example.com' } }, 'login attempt');
      logger.debug({ result: { tokens: [{ refreshToken: SECRETS.refreshToken }] } }, 'issued');
      logger.child({ setupToken: SECRETS.setupToken }).warn('setup pending');
      logger.error(
        {
          err: Object.assign(new Error('the disk is on fire'), {
            config: { apiKey: SECRETS.apiKey, headers: { Authorization: SECRETS.authorization } },
          }),
          request: { headers: { cookie: SECRETS.cookie } },
        },
        'job failed',
      );
      const output = text();
      for (const [name, secret] of Object.entries(SECRETS))
        expect(output, `the ${name} reached the terminal`).to.not.include(secret);
      // Redacted, not dropped: the fields are there with the censor in place of their values.
      expect(output.split(CENSOR).length - 1).to.be.at.least(Object.keys(SECRETS).length);
      // eslint-disable-next-line no-control-regex
      const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
      expect(plain).to.match(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: login attempt .*kept@example\.com/m);
      expect(plain).to.match(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: setup pending/m);
      expect(plain).to.match(/^\[\d\d:\d\d:\d\d\.\d{3}\] ERROR: job failed/m);
      expect(plain, 'the error keeps its message and stack').to.include('the disk is on fire');
      expect(plain).to.include('log-secrets-pretty.test');
      expect(plain.trimStart().startsWith('{'), 'not a JSON line').to.equal(false);
      if (colorize) expect(output).to.include('\u001b[');
      else expect(output).to.not.include('\u001b[');
    });
  }

  it('keeps a message with control characters on one line, escaped (I4)', () => {
    const { logger, text } = prettyLogger({ colorize: false });
    const evil = 'x\n[12:00:00.000] FATAL: forged\r\u001b[31m\u009b';
    logger.info(`login refused for ${evil}`);
    logger.info({ email: evil }, 'login refused');
    const lines = text().split('\n').filter(Boolean);
    expect(lines).to.have.length(2);
    expect(lines.some((l) => /^\[12:00:00\.000\] FATAL/.test(l))).to.equal(false);
    // eslint-disable-next-line no-control-regex
    expect(text()).to.not.match(/[\r\u001b]/);
    expect(lines[0]).to.include('x\\n[12:00:00.000] FATAL: forged\\r\\u001b[31m\\u009b');
  });
});
