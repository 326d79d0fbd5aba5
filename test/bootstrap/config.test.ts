/**
 * Overview: configuration loading (defaults < YAML < environment), its error messages, the
 *   production secret rule (SECURITY T9) and the resolution of the signing secret and setup token.
 * Architecture: bootstrap tests, no database.
 * Dependencies: loadConfig, secrets.ts, chai, node:fs.
 * Concepts: every bad setting is reported on its own line naming the key and the environment
 *   variable it came from; outside production a missing secret is generated once per data folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig, type LoadConfigOptions } from '../../src/bootstrap/config/load-config.js';
import { authSettingsFrom } from '../../src/bootstrap/use-cases.js';
import { resolveSigningSecret } from '../../src/bootstrap/secrets.js';

const NOWHERE = '/nonexistent';
/** A random ASCII secret of `length` bytes. */
const randomSecret = (length = 32) => randomBytes(48).toString('base64url').slice(0, length);

function configError(options: LoadConfigOptions): ConfigError {
  try {
    loadConfig(options);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  expect.fail('expected loadConfig to throw a ConfigError');
}

describe('configuration', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'nimbus-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeYaml = (text: string, name = 'nimbus.yaml') => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  describe('defaults', () => {
    it('uses the documented defaults when nothing is configured', () => {
      const config = loadConfig({ env: {}, cwd: NOWHERE });
      expect(config.profile).to.equal('embedded');
      expect(config.env).to.equal('development');
      expect(config.dataDir).to.equal('.nimbus');
      expect(config.auth).to.deep.include({
        accessTokenTtl: 3600,
        refreshTokenTtl: 604800,
        refreshGrace: 10,
        maxSessionsPerUser: 10,
        onSessionLimit: 'evict-oldest',
      });
      expect(config.auth.argon2).to.deep.equal({ memoryKiB: 19456, iterations: 2, parallelism: 1 });
      expect(config.auth.jwtSecret).to.equal(undefined);
    });

    it('reads ./nimbus.yaml from the working directory when NIMBUS_CONFIG is not set', () => {
      writeYaml('auth:\n  maxSessionsPerUser: 4\n');
      expect(loadConfig({ env: {}, cwd: dir }).auth.maxSessionsPerUser).to.equal(4);
    });
  });

  describe('layering', () => {
    it('lets a YAML file (passed as `file`) override the defaults', () => {
      const file = writeYaml(
        'profile: memory\nauth:\n  accessTokenTtl: 30m\n  onSessionLimit: deny\n  argon2:\n    iterations: 3\n',
        'custom.yaml',
      );
      const config = loadConfig({ env: {}, cwd: NOWHERE, file });
      expect(config.profile).to.equal('memory');
      expect(config.auth.accessTokenTtl).to.equal(1800);
      expect(config.auth.onSessionLimit).to.equal('deny');
      expect(config.auth.argon2).to.deep.equal({ memoryKiB: 19456, iterations: 3, parallelism: 1 });
    });

    it('finds the YAML file through NIMBUS_CONFIG, relative to the working directory', () => {
      writeYaml('auth:\n  refreshGrace: 20\n', 'settings.yaml');
      const config = loadConfig({ env: { NIMBUS_CONFIG: 'settings.yaml' }, cwd: dir });
      expect(config.auth.refreshGrace).to.equal(20);
    });

    it('names a configuration file it cannot read, and one that is not YAML, in one line each', () => {
      mkdirSync(path.join(dir, 'folder.yaml'));
      expect(configError({ env: { NIMBUS_CONFIG: 'folder.yaml' }, cwd: dir }).problems).to.deep.equal([
        `${path.join(dir, 'folder.yaml')}: cannot be read (it is a folder); fix its permissions or set NIMBUS_CONFIG`,
      ]);
      const bad = writeYaml('auth: [unclosed\n');
      const problems = configError({ env: { NIMBUS_CONFIG: bad }, cwd: NOWHERE }).problems;
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(new RegExp(`^${bad}: is not valid YAML \\(`));
    });

    it('lets environment variables override the YAML file', () => {
      const file = writeYaml('auth:\n  accessTokenTtl: 30m\n  maxSessionsPerUser: 4\n');
      const config = loadConfig({
        env: { NIMBUS_CONFIG: file, NIMBUS_ACCESS_TOKEN_TTL: '15m', NIMBUS_ARGON2_MEMORY_KIB: '2048' },
        cwd: NOWHERE,
      });
      expect(config.auth.accessTokenTtl).to.equal(900);
      expect(config.auth.maxSessionsPerUser).to.equal(4);
      expect(config.auth.argon2.memoryKiB).to.equal(2048);
    });

    it('ignores empty environment variables', () => {
      const config = loadConfig({ env: { NIMBUS_ACCESS_TOKEN_TTL: '', NIMBUS_PROFILE: '' }, cwd: NOWHERE });
      expect(config.auth.accessTokenTtl).to.equal(3600);
      expect(config.profile).to.equal('embedded');
    });
  });

  describe('durations', () => {
    const cases: [string | number, number][] = [
      ['30s', 30],
      ['15m', 900],
      ['1h', 3600],
      ['7d', 604800],
      ['45', 45],
      [120, 120],
    ];
    for (const [written, seconds] of cases) {
      it(`reads ${JSON.stringify(written)} as ${seconds} s`, () => {
        const config = loadConfig({
          env: {},
          cwd: NOWHERE,
          overrides: { auth: { accessTokenTtl: written } },
        });
        expect(config.auth.accessTokenTtl).to.equal(seconds);
      });
    }

    it('reads durations from the environment and from YAML alike', () => {
      const file = writeYaml('auth:\n  refreshTokenTtl: 2d\n');
      const config = loadConfig({ env: { NIMBUS_CONFIG: file, NIMBUS_REFRESH_GRACE: '1m' }, cwd: NOWHERE });
      expect(config.auth.refreshTokenTtl).to.equal(172800);
      expect(config.auth.refreshGrace).to.equal(60);
    });

    for (const bad of ['forever', '1.5h', '-5', '10w', '0s']) {
      it(`refuses ${JSON.stringify(bad)} as an access-token lifetime`, () => {
        const error = configError({ env: { NIMBUS_ACCESS_TOKEN_TTL: bad }, cwd: NOWHERE });
        expect(error.message).to.include('auth.accessTokenTtl (from NIMBUS_ACCESS_TOKEN_TTL)');
      });
    }
  });

  describe('errors', () => {
    it('names the key and the environment variable of a bad value', () => {
      const error = configError({ env: { NIMBUS_ACCESS_TOKEN_TTL: 'forever' }, cwd: NOWHERE });
      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.match(
        /^auth\.accessTokenTtl \(from NIMBUS_ACCESS_TOKEN_TTL\): .*duration/,
      );
      expect(error.message).to.include('auth.accessTokenTtl (from NIMBUS_ACCESS_TOKEN_TTL)');
    });

    it('reports several bad keys on several lines, each with its source', () => {
      const error = configError({
        env: {
          NIMBUS_ACCESS_TOKEN_TTL: 'forever',
          NIMBUS_ON_SESSION_LIMIT: 'panic',
          NIMBUS_ARGON2_MEMORY_KIB: 'lots',
          PORT: '70000',
        },
        cwd: NOWHERE,
      });
      expect(error.problems).to.have.length(4);
      const lines = error.message.split('\n').slice(1);
      expect(lines).to.have.length(4);
      for (const expected of [
        'auth.accessTokenTtl (from NIMBUS_ACCESS_TOKEN_TTL)',
        'auth.onSessionLimit (from NIMBUS_ON_SESSION_LIMIT)',
        'auth.argon2.memoryKiB (from NIMBUS_ARGON2_MEMORY_KIB)',
        'server.port (from PORT)',
      ]) {
        expect(
          lines.filter((line) => line.includes(expected)),
          expected,
        ).to.have.length(1);
      }
    });

    it('names the key of a bad value that came from the YAML file', () => {
      const file = writeYaml('auth:\n  maxSessionsPerUser: -1\n');
      const error = configError({ env: {}, cwd: NOWHERE, file });
      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.match(/^auth\.maxSessionsPerUser: /);
    });

    it('rejects unknown YAML keys, naming them (top level and nested)', () => {
      const file = writeYaml('profiel: memory\nauth:\n  jwtSecert: abc\n');
      const error = configError({ env: {}, cwd: NOWHERE, file });
      expect(error.message).to.include('profiel');
      expect(error.message).to.include('auth.jwtSecert');
      expect(error.message).to.include('unknown setting');
    });

    it('explains malformed YAML, naming the file', () => {
      const file = writeYaml('auth:\n  accessTokenTtl: [15m\n  refreshGrace: 10\n');
      const error = configError({ env: {}, cwd: NOWHERE, file });
      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.include(file).and.include('YAML');
    });

    it('refuses a YAML file that is not a mapping', () => {
      const file = writeYaml('- just\n- a list\n');
      expect(configError({ env: {}, cwd: NOWHERE, file }).message).to.include('mapping');
    });

    it('fails when NIMBUS_CONFIG names a file that does not exist', () => {
      const missing = path.join(dir, 'missing.yaml');
      const error = configError({ env: { NIMBUS_CONFIG: missing }, cwd: NOWHERE });
      expect(error.message).to.include('NIMBUS_CONFIG').and.include(missing);
    });
  });

  describe('trustProxy (R5)', () => {
    const trust = (value: string) =>
      loadConfig({ env: { NIMBUS_TRUST_PROXY: value }, cwd: NOWHERE }).server.trustProxy;

    it('refuses true, saying what to write instead', () => {
      for (const value of ['true']) {
        const error = configError({ env: { NIMBUS_TRUST_PROXY: value }, cwd: NOWHERE });
        expect(error.message).to.include('server.trustProxy (from NIMBUS_TRUST_PROXY)');
        expect(error.message).to.include('would trust any X-Forwarded-For');
        expect(error.message).to.include('number of proxies');
      }
      const file = writeYaml('server:\n  trustProxy: true\n');
      expect(configError({ env: {}, cwd: NOWHERE, file }).message).to.include(
        'would trust any X-Forwarded-For',
      );
    });

    it('takes off, a hop count, or a list of addresses, subnets and presets', () => {
      expect(loadConfig({ env: {}, cwd: NOWHERE }).server.trustProxy).to.equal(false);
      expect(trust('false')).to.equal(false);
      expect(trust('0')).to.equal(false);
      expect(trust('1')).to.equal(1);
      expect(trust('10.0.0.0/8, loopback,2001:db8::/32, 192.0.2.7')).to.deep.equal([
        '10.0.0.0/8',
        'loopback',
        '2001:db8::/32',
        '192.0.2.7',
      ]);
    });

    it('refuses something that is neither, naming it', () => {
      const error = configError({ env: { NIMBUS_TRUST_PROXY: 'loopback, proxy.internal' }, cwd: NOWHERE });
      expect(error.message).to.include('proxy.internal is not an address');
      // Forms proxy-addr would reject at start-up, and a hop count past 100.
      for (const odd of ['127.1', '1.5', '10.0.0.0/33', '101'])
        expect(configError({ env: { NIMBUS_TRUST_PROXY: odd }, cwd: NOWHERE }).message, odd).to.include(
          'server.trustProxy',
        );
    });
  });

  describe('the signing secret in production (T9)', () => {
    const productionEnvs: [string, NodeJS.ProcessEnv][] = [
      ['NIMBUS_ENV=production', { NIMBUS_ENV: 'production' }],
      ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ];
    const LABEL = 'auth.jwtSecret (NIMBUS_JWT_SECRET)';

    for (const [name, production] of productionEnvs) {
      describe(name, () => {
        it('refuses a missing secret, naming the setting', () => {
          const error = configError({ env: { ...production }, cwd: NOWHERE });
          expect(error.message).to.include(LABEL).and.include('required');
        });

        it('refuses a placeholder secret, however long', () => {
          const error = configError({
            env: { ...production, NIMBUS_JWT_SECRET: 'change-me-to-something-long-and-random-please' },
            cwd: NOWHERE,
          });
          expect(error.message).to.include(LABEL).and.include('placeholder');
        });

        it('refuses a 31-byte secret', () => {
          const error = configError({
            env: { ...production, NIMBUS_JWT_SECRET: randomSecret(31) },
            cwd: NOWHERE,
          });
          expect(error.message).to.include(LABEL).and.include('32 bytes');
        });

        it('accepts a 32-byte random secret', () => {
          const secret = randomSecret(32);
          const config = loadConfig({ env: { ...production, NIMBUS_JWT_SECRET: secret }, cwd: NOWHERE });
          expect(config.env).to.equal('production');
          expect(config.auth.jwtSecret).to.equal(secret);
        });
      });
    }

    it('refuses a short secret written in the YAML file too, naming the setting', () => {
      const file = writeYaml(`env: production\nauth:\n  jwtSecret: ${randomSecret(20)}\n`);
      expect(configError({ env: {}, cwd: NOWHERE, file }).message).to.include(LABEL);
    });

    it('treats an empty NIMBUS_ENV like an unset one, so NODE_ENV=production still applies', () => {
      // Empty variables are ignored everywhere else (compose files often pass `NIMBUS_ENV: ""`).
      const error = configError({ env: { NODE_ENV: 'production', NIMBUS_ENV: '' }, cwd: NOWHERE });
      expect(error.message).to.include(LABEL);
    });

    it('accepts a missing secret outside production', () => {
      for (const env of [{}, { NIMBUS_ENV: 'development' }, { NIMBUS_ENV: 'test' }]) {
        const config = loadConfig({ env, cwd: NOWHERE });
        expect(config.auth.jwtSecret).to.equal(undefined);
      }
    });

    it('lets NIMBUS_ENV=development win over NODE_ENV=production', () => {
      expect(
        loadConfig({ env: { NODE_ENV: 'production', NIMBUS_ENV: 'development' }, cwd: NOWHERE }).env,
      ).to.equal('development');
    });
  });

  describe('the absolute session lifetime', () => {
    it('defaults to 30 days and reaches the auth settings from NIMBUS_SESSION_MAX_LIFETIME', () => {
      expect(loadConfig({ env: {}, cwd: NOWHERE }).auth.sessionMaxLifetime).to.equal(30 * 86400);
      const config = loadConfig({ env: { NIMBUS_SESSION_MAX_LIFETIME: '60d' }, cwd: NOWHERE });
      expect(authSettingsFrom(config).sessionMaxLifetimeSeconds).to.equal(60 * 86400);
    });

    it('is refused when shorter than the refresh token lifetime, naming both settings', () => {
      const error = configError({
        env: { NIMBUS_SESSION_MAX_LIFETIME: '1h', NIMBUS_REFRESH_TOKEN_TTL: '2h' },
        cwd: NOWHERE,
      });
      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.match(/^auth\.sessionMaxLifetime.*at least auth\.refreshTokenTtl/);
      expect(
        loadConfig({
          env: { NIMBUS_SESSION_MAX_LIFETIME: '2h', NIMBUS_REFRESH_TOKEN_TTL: '2h' },
          cwd: NOWHERE,
        }).auth.sessionMaxLifetime,
      ).to.equal(7200);
    });
  });

  describe('the external profile', () => {
    it('is refused without DATABASE_URL, naming it', () => {
      const error = configError({ env: { NIMBUS_PROFILE: 'external' }, cwd: NOWHERE });
      expect(error.message).to.equal(
        'Invalid configuration:\n  - database.url: is required by the external profile (set DATABASE_URL)',
      );
    });

    it('is accepted with DATABASE_URL', () => {
      const config = loadConfig({
        env: { NIMBUS_PROFILE: 'external', DATABASE_URL: 'postgres://u:p@db.example:5432/nimbus' },
        cwd: NOWHERE,
      });
      expect(config.database.url).to.equal('postgres://u:p@db.example:5432/nimbus');
    });
  });
});

describe('secrets', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'nimbus-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const configFor = (overrides: Record<string, unknown>) => loadConfig({ env: {}, cwd: NOWHERE, overrides });

  describe('resolveSigningSecret', () => {
    it('returns the configured secret as is', async () => {
      const secret = randomSecret(40);
      expect(await resolveSigningSecret(configFor({ dataDir: dir, auth: { jwtSecret: secret } }))).to.equal(
        secret,
      );
    });

    it('creates <dataDir>/jwt-secret (mode 600) on the embedded profile and reuses it across restarts', async () => {
      const dataDir = path.join(dir, 'data'); // not created yet
      const config = configFor({ dataDir });
      const first = await resolveSigningSecret(config);
      const file = path.join(dataDir, 'jwt-secret');
      expect(statSync(file).mode & 0o777).to.equal(0o600);
      expect(Buffer.byteLength(first)).to.be.at.least(32);
      expect(await resolveSigningSecret(configFor({ dataDir }))).to.equal(first);
    });

    it('keeps different secrets for different data folders', async () => {
      const a = await resolveSigningSecret(configFor({ dataDir: path.join(dir, 'a') }));
      const b = await resolveSigningSecret(configFor({ dataDir: path.join(dir, 'b') }));
      expect(a).to.not.equal(b);
    });

    it('never hands out an empty secret from a damaged jwt-secret file', async () => {
      // A crash between create and write leaves an empty file (writeFile is not atomic).
      writeFileSync(path.join(dir, 'jwt-secret'), '', { mode: 0o600 });
      const outcome = await resolveSigningSecret(configFor({ dataDir: dir })).then(
        (secret) => secret,
        (error: unknown) => error,
      );
      if (typeof outcome === 'string') expect(Buffer.byteLength(outcome)).to.be.at.least(32);
      else expect(outcome).to.be.instanceOf(Error);
    });

    it('gives the memory profile a fresh random secret each time, writing nothing', async () => {
      const config = configFor({ profile: 'memory', dataDir: dir });
      const first = await resolveSigningSecret(config);
      const second = await resolveSigningSecret(config);
      expect(Buffer.byteLength(first)).to.be.at.least(32);
      expect(second).to.not.equal(first);
      expect(() => statSync(path.join(dir, 'jwt-secret'))).to.throw();
    });
  });

  describe('the setup token policy', () => {
    it('is none without a setup token, fixed for a value, issued (24 h by default) for auto', () => {
      expect(authSettingsFrom(configFor({})).setupToken).to.deep.equal({ kind: 'none' });
      expect(
        authSettingsFrom(configFor({ auth: { setupToken: 'one-time-token-123' } })).setupToken,
      ).to.deep.equal({
        kind: 'fixed',
        token: 'one-time-token-123',
      });
      expect(authSettingsFrom(configFor({ auth: { setupToken: 'auto' } })).setupToken).to.deep.equal({
        kind: 'issued',
        ttlSeconds: 86400,
      });
      expect(
        authSettingsFrom(configFor({ auth: { setupToken: 'auto', setupTokenTtl: '1h' } })).setupToken,
      ).to.deep.equal({ kind: 'issued', ttlSeconds: 3600 });
    });
  });
});

describe('configuration of background jobs', () => {
  const load = (env: NodeJS.ProcessEnv) => ({ env, cwd: '/nonexistent' });

  it('refuses an archive delay at or beyond the session retention (cleanup would win the race)', () => {
    const error = configError(load({ NIMBUS_ARCHIVE_AFTER: '7d', NIMBUS_SESSION_RETENTION: '7d' }));
    expect(error.message).to.include('jobs.archiveAfter (from NIMBUS_ARCHIVE_AFTER): must be shorter');
    expect(loadConfig(load({ NIMBUS_ARCHIVE_AFTER: '6d' })).jobs.archiveAfter).to.equal(6 * 86400);
  });

  it('refuses job intervals beyond 24 days, where Node timers overflow', () => {
    const error = configError(load({ NIMBUS_CLEANUP_INTERVAL: '30d' }));
    expect(error.message).to.include(
      'jobs.cleanupInterval (from NIMBUS_CLEANUP_INTERVAL): must be at most 24d',
    );
    expect(loadConfig(load({ NIMBUS_ARCHIVE_INTERVAL: '24d' })).jobs.archiveInterval).to.equal(24 * 86400);
  });
});

describe('configuration of the audit trail', () => {
  const load = (env: NodeJS.ProcessEnv) => ({ env, cwd: '/nonexistent' });

  it('keeps auth events 90 days by default, and reads audit.retention from NIMBUS_AUDIT_RETENTION', () => {
    expect(loadConfig(load({})).audit).to.deep.equal({ retention: 90 * 86400 });
    expect(loadConfig(load({ NIMBUS_AUDIT_RETENTION: '400d' })).audit.retention).to.equal(400 * 86400);
  });

  it('refuses a retention of 0, and one not longer than the login-throttle window, naming both', () => {
    expect(configError(load({ NIMBUS_AUDIT_RETENTION: '0' })).message).to.include(
      'audit.retention (from NIMBUS_AUDIT_RETENTION)',
    );
    const error = configError(load({ NIMBUS_AUDIT_RETENTION: '15m' }));
    expect(error.message).to.include(
      'audit.retention (from NIMBUS_AUDIT_RETENTION): must be longer than auth.throttle.window',
    );
    expect(loadConfig(load({ NIMBUS_AUDIT_RETENTION: '16m' })).audit.retention).to.equal(960);
  });

  it('refuses unknown keys under audit', () => {
    const error = configError({ env: {}, cwd: '/nonexistent', overrides: { audit: { retension: '1d' } } });
    expect(error.message).to.include('audit.retension: unknown setting');
  });
});

describe('configuration of the Temporal connection and worker', () => {
  const load = (env: NodeJS.ProcessEnv, file?: string) => ({ env, cwd: '/nonexistent', file });

  it('defaults to a 10 s grace and a 20 s force time for stopping, no TLS files', () => {
    const { temporal } = loadConfig(load({}));
    expect(temporal).to.deep.include({ shutdownGrace: 10, shutdownForce: 20 });
    for (const key of ['tls', 'tlsCaFile', 'tlsCertFile', 'tlsKeyFile', 'tlsServerName', 'apiKey'])
      expect(temporal[key as keyof typeof temporal], key).to.equal(undefined);
  });

  it('reads the TLS files, the server name and the stop times from NIMBUS_TEMPORAL_* variables', () => {
    const { temporal } = loadConfig(
      load({
        NIMBUS_TEMPORAL_TLS_CA_FILE: '/etc/nimbus/ca.pem',
        NIMBUS_TEMPORAL_TLS_CERT_FILE: '/etc/nimbus/client.pem',
        NIMBUS_TEMPORAL_TLS_KEY_FILE: '/etc/nimbus/client.key',
        NIMBUS_TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
        NIMBUS_TEMPORAL_SHUTDOWN_GRACE: '5s',
        NIMBUS_TEMPORAL_SHUTDOWN_FORCE: '25s',
      }),
    );
    expect(temporal).to.deep.include({
      tlsCaFile: '/etc/nimbus/ca.pem',
      tlsCertFile: '/etc/nimbus/client.pem',
      tlsKeyFile: '/etc/nimbus/client.key',
      tlsServerName: 'temporal.internal',
      shutdownGrace: 5,
      shutdownForce: 25,
    });
  });

  it('refuses an API key with TLS off, in one line naming the key and its variable', () => {
    const error = configError(load({ TEMPORAL_API_KEY: 'secret-key', TEMPORAL_TLS: 'false' }));
    expect(error.problems).to.deep.equal([
      'temporal.apiKey (from TEMPORAL_API_KEY): needs TLS, but temporal.tls is false: the key would be sent in clear text',
    ]);
    expect(error.message).to.not.include('secret-key');
    expect(loadConfig(load({ TEMPORAL_API_KEY: 'k' })).temporal.tls).to.equal(undefined);
    expect(loadConfig(load({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'true' })).temporal.tls).to.equal(true);
  });

  it('refuses the same in the YAML file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nimbus-config-'));
    try {
      const file = path.join(dir, 'nimbus.yaml');
      writeFileSync(file, 'temporal:\n  apiKey: k\n  tls: false\n');
      expect(configError(load({}, file)).problems).to.deep.equal([
        'temporal.apiKey: needs TLS, but temporal.tls is false: the key would be sent in clear text',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a client certificate without its key (and the reverse), and TLS files with TLS off', () => {
    expect(configError(load({ NIMBUS_TEMPORAL_TLS_CERT_FILE: '/c.pem' })).problems).to.deep.equal([
      'temporal.tlsKeyFile: is required with temporal.tlsCertFile (mTLS needs both)',
    ]);
    expect(configError(load({ NIMBUS_TEMPORAL_TLS_KEY_FILE: '/k.pem' })).problems).to.deep.equal([
      'temporal.tlsCertFile: is required with temporal.tlsKeyFile (mTLS needs both)',
    ]);
    expect(
      configError(load({ TEMPORAL_TLS: '0', NIMBUS_TEMPORAL_TLS_CA_FILE: '/ca.pem' })).problems,
    ).to.deep.equal([
      'temporal.tlsCaFile (from NIMBUS_TEMPORAL_TLS_CA_FILE): is set, but temporal.tls is false',
    ]);
  });

  it('refuses a force time that is not longer than the grace time', () => {
    const error = configError(
      load({ NIMBUS_TEMPORAL_SHUTDOWN_GRACE: '30s', NIMBUS_TEMPORAL_SHUTDOWN_FORCE: '30s' }),
    );
    expect(error.problems).to.deep.equal([
      'temporal.shutdownForce (from NIMBUS_TEMPORAL_SHUTDOWN_FORCE): must be longer than temporal.shutdownGrace',
    ]);
  });
});
