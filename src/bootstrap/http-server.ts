/**
 * Overview: listens with node:http and drains on close: in-flight requests finish within the
 *   grace period, kept-alive connections close, no new request is served.
 * Architecture: bootstrap; used by the server bootstrap.
 * Dependencies: node:http.
 * Concepts: once draining begins, every response (in flight or new on a kept-alive socket)
 *   closes its connection; after the grace period the remaining connections are cut.
 */
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DrainingServer {
  readonly server: Server;
  /** http://host:port, with localhost for a wildcard address. */
  readonly url: string;
  /** Stops accepting and resolves once every connection is closed (at most `graceMs` later). */
  drain(graceMs: number): Promise<void>;
}

export async function listenDraining(
  app: RequestListener,
  address: { readonly host: string; readonly port: number },
): Promise<DrainingServer> {
  const server = createServer(app);
  server.keepAliveTimeout = 5000;
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  server.prependListener('request', (_req, res) => {
    if (draining) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = address.host === '0.0.0.0' || address.host === '::' ? 'localhost' : address.host;
  return {
    server,
    url: `http://${host}:${port}`,
    async drain(graceMs) {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}
