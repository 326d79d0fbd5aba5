/**
 * Overview: which format the logs take: the `log.format` setting (NIMBUS_LOG_FORMAT), its error
 *   message, and the `auto` rule (pretty only on a terminal outside production).
 * Architecture: bootstrap tests, no database, no process.
 * Dependencies: loadConfig, resolveLogFormat, chai.
 * Concepts: a person at a terminal reads lines; a pipe, a file or a log collector gets JSON.
 */
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/bootstrap/config/load-config.js';
import { resolveLogFormat } from '../../src/bootstrap/logger.js';

const NOWHERE = '/nonexistent';

describe('log format', () => {
  describe('the auto rule', () => {
    const cases = [
      { stdoutIsTty: true, env: 'development', expected: 'pretty' },
      { stdoutIsTty: true, env: 'test', expected: 'pretty' },
      { stdoutIsTty: true, env: 'production', expected: 'json' },
      { stdoutIsTty: false, env: 'development', expected: 'json' },
      { stdoutIsTty: false, env: 'production', expected: 'json' },
    ] as const;
    for (const { stdoutIsTty, env, expected } of cases) {
      it(`is ${expected} when stdout ${stdoutIsTty ? 'is' : 'is not'} a terminal in ${env}`, () => {
        expect(resolveLogFormat('auto', { stdoutIsTty, env })).to.equal(expected);
      });
    }

    it('is overridden by json or pretty, whatever the terminal and the environment', () => {
      for (const stdoutIsTty of [true, false]) {
        for (const env of ['development', 'production']) {
          expect(resolveLogFormat('json', { stdoutIsTty, env })).to.equal('json');
          expect(resolveLogFormat('pretty', { stdoutIsTty, env })).to.equal('pretty');
        }
      }
    });
  });

  describe('the setting', () => {
    it('defaults to auto', () => {
      expect(loadConfig({ env: {}, cwd: NOWHERE }).log.format).to.equal('auto');
    });

    it('is read from NIMBUS_LOG_FORMAT and from the YAML key log.format', () => {
      expect(loadConfig({ env: { NIMBUS_LOG_FORMAT: 'pretty' }, cwd: NOWHERE }).log.format).to.equal(
        'pretty',
      );
      const fromFile = loadConfig({ env: {}, cwd: NOWHERE, overrides: { log: { format: 'json' } } });
      expect(fromFile.log.format).to.equal('json');
    });

    it('refuses another value with one line naming the key and the variable', () => {
      let error: unknown = null;
      try {
        loadConfig({ env: { NIMBUS_LOG_FORMAT: 'colour' }, cwd: NOWHERE });
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^log\.format \(from NIMBUS_LOG_FORMAT\): .*"auto"\|"json"\|"pretty"/);
    });
  });
});
