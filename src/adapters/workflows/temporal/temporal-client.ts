/**
 * Overview: connects to a Temporal server (address, namespace, TLS, API key) and returns a Client,
 *   failing within the connect timeout with ServiceUnavailableError('Temporal at <address>').
 * Architecture: workflows adapter (Temporal), the client factory behind TemporalWorkflowScheduler
 *   and the worker's health check.
 * Dependencies: @temporalio/client, the domain's ServiceUnavailableError.
 * Concepts: an API key turns TLS on unless TLS is configured explicitly (the configuration
 *   refuses an API key with TLS off, so a bearer key is never sent in clear text); TLS options
 *   carry PEM bytes: a private CA, a client certificate and key (mTLS, e.g. Temporal Cloud) and
 *   the name to check the server certificate against; the worker reuses `connectWithin` and
 *   `tlsConfig` for its native connection.
 */
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { ServiceUnavailableError } from '../../../domain/index.js';

export interface TemporalTlsOptions {
  /** Overrides the name checked against the server certificate (SNI). */
  readonly serverName?: string;
  /** PEM CA certificate(s) the server certificate must chain to (default: the system's roots). */
  readonly serverRootCACertificate?: Uint8Array;
  /** Client certificate and key for mTLS (PEM bytes). */
  readonly clientCertPair?: { readonly crt: Uint8Array; readonly key: Uint8Array };
}

export interface TemporalConnectionOptions {
  /** host:port of the Temporal frontend, e.g. localhost:7233. */
  readonly address: string;
  readonly namespace: string;
  /** Default: on when an API key is set, off otherwise. */
  readonly tls?: boolean | TemporalTlsOptions;
  readonly apiKey?: string;
  readonly connectTimeoutMs: number;
}

export function tlsConfig(options: TemporalConnectionOptions): TLSConfig | boolean {
  const tls = options.tls ?? options.apiKey !== undefined;
  if (tls === false && options.apiKey !== undefined)
    throw new Error('Temporal: an API key is never sent without TLS; turn TLS on or remove the key');
  if (typeof tls === 'boolean') return tls;
  return {
    ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
    ...(tls.serverRootCACertificate ? { serverRootCACertificate: tls.serverRootCACertificate } : {}),
    ...(tls.clientCertPair ? { clientCertPair: { ...tls.clientCertPair } } : {}),
  };
}

export function temporalUnavailable(address: string, cause: unknown): ServiceUnavailableError {
  const error = new ServiceUnavailableError(`Temporal at ${address}`);
  error.cause = cause;
  return error;
}

/**
 * Awaits a connection for at most `connectTimeoutMs`; a connection that arrives too late is
 * closed. Every failure becomes ServiceUnavailableError naming the address.
 */
export async function connectWithin<T extends { close(): Promise<void> }>(
  connecting: Promise<T>,
  options: Pick<TemporalConnectionOptions, 'address' | 'connectTimeoutMs'>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${options.connectTimeoutMs} ms`)),
      options.connectTimeoutMs,
    );
  });
  try {
    return await Promise.race([connecting, late]);
  } catch (cause) {
    connecting.then((connection) => connection.close()).catch(() => undefined);
    throw temporalUnavailable(options.address, cause);
  } finally {
    clearTimeout(timer);
  }
}

/** Connects eagerly (the server answers GetSystemInfo) and returns a Client on `namespace`. */
export async function connectTemporal(options: TemporalConnectionOptions): Promise<Client> {
  const connection = await connectWithin(
    Connection.connect({
      address: options.address,
      tls: tlsConfig(options),
      apiKey: options.apiKey,
      connectTimeout: options.connectTimeoutMs,
    }),
    options,
  );
  return new Client({ connection, namespace: options.namespace });
}
