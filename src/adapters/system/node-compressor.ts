/**
 * Overview: Compressor on node:zlib's gzip and gunzip.
 * Architecture: system adapter for the application's Compressor port.
 * Dependencies: node:zlib.
 * Concepts: zlib runs on libuv's thread pool, so compressing an archive never blocks the event
 *   loop; corrupt input rejects with zlib's own error.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Compressor } from '../../application/index.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export class NodeCompressor implements Compressor {
  async gzip(data: Uint8Array): Promise<Uint8Array> {
    return gzipAsync(data);
  }

  async gunzip(data: Uint8Array): Promise<Uint8Array> {
    return gunzipAsync(data);
  }
}
