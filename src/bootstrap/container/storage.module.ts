/**
 * Overview: builds the object store the profile table chooses (S3, a local folder, or memory)
 *   and binds it with the compressor.
 * Architecture: bootstrap, Inversify module of the storage adapter family.
 * Dependencies: inversify, the storage and system adapters.
 * Concepts: the S3 bucket is ensured when the runtime starts; a store that is down then is
 *   logged, not fatal: the archive job fails and retries on its schedule; the S3 adapter (and the
 *   AWS SDK) is loaded only when the profile chooses it.
 */
import path from 'node:path';
import { ContainerModule } from 'inversify';
import { CompressorToken, ObjectStoreToken, type ObjectStore } from '../../application/index.js';
import { FilesystemObjectStore } from '../../adapters/storage/filesystem-object-store.js';
import { InMemoryObjectStore } from '../../adapters/storage/in-memory-object-store.js';
import { NodeCompressor } from '../../adapters/system/node-compressor.js';
import type { NimbusConfig } from '../config/config.schema.js';
import type { Logger } from '../logger.js';
import type { AdapterChoice } from '../profiles.js';

export async function createObjectStore(
  config: NimbusConfig,
  kind: AdapterChoice['objectStore'],
  logger: Logger,
): Promise<ObjectStore> {
  if (kind === 'memory') return new InMemoryObjectStore();
  if (kind === 'filesystem')
    return new FilesystemObjectStore(path.join(path.resolve(config.dataDir), 'objects'));
  // The AWS SDK weighs ~30 MB of memory and ~0.3 s of start-up: loaded only by a profile that uses S3.
  const { S3ObjectStore } = await import('../../adapters/storage/s3-object-store.js');
  const s3 = config.storage.s3;
  const store = new S3ObjectStore({
    endpoint: s3.endpoint,
    region: s3.region,
    bucket: s3.bucket,
    forcePathStyle: s3.forcePathStyle,
    credentials:
      s3.accessKeyId && s3.secretAccessKey
        ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
        : undefined,
  });
  try {
    await store.ensureBucket();
  } catch (error) {
    logger.error(
      { err: error, bucket: s3.bucket, endpoint: s3.endpoint },
      'object store bucket could not be ensured',
    );
  }
  return store;
}

export function storageModule(store: ObjectStore): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ObjectStoreToken).toConstantValue(store);
    bind(CompressorToken).toConstantValue(new NodeCompressor());
  });
}
