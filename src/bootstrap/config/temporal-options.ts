/**
 * Overview: the Temporal connection options of the configuration, with its TLS files read.
 * Architecture: bootstrap, configuration parsing (for the worker and its health check).
 * Dependencies: node:fs, the configuration loader's environment names.
 * Concepts: an unreadable TLS file, or one holding no PEM block, is a configuration error: one
 *   line per file, naming the setting and its environment variable.
 */
import { readFileSync } from 'node:fs';
import type { TemporalConnectionOptions } from '../../adapters/workflows/temporal/temporal-client.js';
import type { NimbusConfig } from './config.schema.js';
import { ConfigError, ENV_KEYS } from './load-config.js';

type TlsFileKey = 'tlsCaFile' | 'tlsCertFile' | 'tlsKeyFile';

/**
 * The connection options of `config.temporal`, with its TLS files read. Throws ConfigError, one
 * line per file, when a file cannot be read or holds no PEM block.
 */
export function temporalOptionsOf(
  config: NimbusConfig,
  readFile: (file: string) => Buffer = readFileSync,
): TemporalConnectionOptions {
  const { temporal } = config;
  const problems: string[] = [];
  const pem = (key: TlsFileKey): Uint8Array | undefined => {
    const file = temporal[key];
    if (file === undefined) return undefined;
    const envName = Object.keys(ENV_KEYS).find((name) => ENV_KEYS[name] === `temporal.${key}`);
    const label = `temporal.${key}${envName ? ` (${envName})` : ''}`;
    try {
      const bytes = readFile(file);
      if (bytes.toString('latin1').includes('-----BEGIN ')) return bytes;
      problems.push(`${label}: ${file} holds no PEM block (-----BEGIN ...)`);
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0]?.replace(/, \w+ '.*'$/, '');
      problems.push(`${label}: cannot read ${file} (${reason})`);
    }
    return undefined;
  };
  const ca = pem('tlsCaFile');
  const crt = pem('tlsCertFile');
  const key = pem('tlsKeyFile');
  if (problems.length > 0) throw new ConfigError(problems);
  const custom = ca || crt || temporal.tlsServerName;
  return {
    address: temporal.address,
    namespace: temporal.namespace,
    // The schema refuses tls: false with any tls* setting, and a certificate without its key.
    tls:
      temporal.tls === false || !custom
        ? temporal.tls
        : {
            ...(temporal.tlsServerName ? { serverName: temporal.tlsServerName } : {}),
            ...(ca ? { serverRootCACertificate: ca } : {}),
            ...(crt && key ? { clientCertPair: { crt, key } } : {}),
          },
    apiKey: temporal.apiKey,
    connectTimeoutMs: temporal.connectTimeout * 1000,
  };
}
