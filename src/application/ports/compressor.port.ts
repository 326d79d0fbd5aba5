/**
 * Overview: the Compressor port: gzip and gunzip of byte arrays.
 * Architecture: application port; adapter: node:zlib.
 * Dependencies: none.
 * Concepts: archives are stored compressed; the application never imports a platform module.
 */

export const CompressorToken = Symbol.for('nimbus.Compressor');

export interface Compressor {
  /** The gzip encoding of `data`. */
  gzip(data: Uint8Array): Promise<Uint8Array>;
  /** The bytes a gzip stream encodes; rejects on corrupt input. */
  gunzip(data: Uint8Array): Promise<Uint8Array>;
}
