/**
 * Overview: the object storage settings: the S3 (or MinIO) bucket the external profile archives to.
 * Architecture: bootstrap configuration; a section of the schema.
 * Dependencies: zod, the value kinds (fields.ts).
 * Concepts: the embedded profile writes under <dataDir>/objects and needs none of these.
 */
import { z } from 'zod';
import { bool } from './fields.js';

export const storageSchema = z
  .object({
    /** S3 / MinIO, used by the external profile; the embedded one uses <dataDir>/objects. */
    s3: z
      .object({
        endpoint: z.string().url().optional(),
        region: z.string().min(1).default('us-east-1'),
        accessKeyId: z.string().min(1).optional(),
        secretAccessKey: z.string().min(1).optional(),
        bucket: z.string().min(3).default('nimbus'),
        forcePathStyle: bool.default(true),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});
