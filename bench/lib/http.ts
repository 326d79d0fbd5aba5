/**
 * Overview: a small JSON client for the bench's own calls (sign-ins, revocations, polls, the
 *   sessions-lost check): node:http over kept-alive connections, with the answer's timing.
 * Architecture: benchmark tooling (outside src/); loopback only.
 * Dependencies: node:http.
 * Concepts: `receivedAt` is performance.now() once the whole answer has arrived, so the time
 *   between two answers (a revocation's 204 and a replica's first 401) is measured on one clock;
 *   a call never throws for an HTTP status, only for a connection error or its timeout.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface Reply {
  readonly status: number;
  readonly json: unknown;
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly ms: number;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly timeoutMs?: number;
}

export function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const url = new URL(path, base);
  if (url.hostname !== '127.0.0.1') throw new Error(`the bench only talks to 127.0.0.1, not ${url.hostname}`);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {};
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise<Reply>((resolve, reject) => {
    const sentAt = performance.now();
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const receivedAt = performance.now();
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? (JSON.parse(text) as unknown) : null;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, json, sentAt, receivedAt, ms: receivedAt - sentAt });
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Closes the kept-alive connections (at the end of a run, so nothing holds the event loop). */
export function closeConnections(): void {
  agent.destroy();
}
