/**
 * Overview: the management HTTP server: GET /metrics answers the Prometheus text, anything else 404.
 * Architecture: metrics adapter; started and closed by bootstrap, apart from the API's port.
 * Dependencies: node:http, the Prometheus instruments.
 * Concepts: a port of its own (loopback by default) keeps the figures away from API clients and
 *   out of the API's middleware, limits and request metrics.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PrometheusMetrics } from './prometheus-metrics.js';

export interface MetricsServer {
  readonly server: Server;
  /** http://host:port/metrics, with localhost for a wildcard address. */
  readonly url: string;
  /** Stops listening and closes its connections; idempotent. */
  close(): Promise<void>;
}

export async function startMetricsServer(
  metrics: Pick<PrometheusMetrics, 'exposition' | 'contentType'>,
  address: { readonly host: string; readonly port: number },
  onError: (error: Error) => void = () => undefined,
): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    metrics.exposition().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        onError(error as Error);
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
      },
    );
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const wildcard = address.host === '0.0.0.0' || address.host === '::';
  const host = wildcard ? 'localhost' : address.host.includes(':') ? `[${address.host}]` : address.host;
  let closing: Promise<void> | null = null;
  return {
    server,
    url: `http://${host}:${port}/metrics`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
