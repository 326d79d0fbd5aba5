/**
 * Overview: ObjectStore on S3 or an S3-compatible server (MinIO in the compose stack).
 * Architecture: storage adapter for the application's ObjectStore port (external profile).
 * Dependencies: @aws-sdk/client-s3, @aws-sdk/lib-storage (streamed multipart uploads).
 * Concepts: one bucket; bodies of unknown length go up in 5 MiB parts and the object appears
 *   only when the upload completes (S3's own atomicity); an endpoint that cannot be reached,
 *   or answers 5xx after the SDK's retries, is a ServiceUnavailableError ('The object store').
 */
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  S3Client,
  type BucketLocationConstraint,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectBody, ObjectStore, ObjectSummary, StoredObject } from '../../application/index.js';
import { assertSafeObjectKey, ServiceUnavailableError } from '../../domain/index.js';

export interface S3ObjectStoreOptions {
  /** e.g. `http://minio:9000`; omitted for AWS itself. */
  readonly endpoint?: string;
  readonly region: string;
  /** Omitted: the SDK's default chain (environment, instance role, ...). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** `bucket` in the path instead of the host name: true for MinIO. */
  readonly forcePathStyle?: boolean;
  readonly bucket: string;
  /** Keys per ListObjectsV2 page (S3 answers at most 1000). */
  readonly listPageSize?: number;
  /** Attempts per request, retries included (SDK default: 3). */
  readonly maxAttempts?: number;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly listPageSize: number;

  constructor(private readonly options: S3ObjectStoreOptions) {
    this.bucket = options.bucket;
    this.listPageSize = options.listPageSize ?? 1000;
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      forcePathStyle: options.forcePathStyle ?? false,
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
      // Default checksums use aws-chunked trailers, which S3-compatible servers (older MinIO,
      // s3rver) reject; TLS and S3's own MD5 checks on parts already guard the bytes.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // A server that accepts but never answers must not hang an archive run (or shutdown).
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    });
  }

  /** Creates the bucket unless it exists; idempotent (also when another replica races us). */
  async ensureBucket(): Promise<void> {
    await guard(async () => {
      try {
        await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
        return;
      } catch (error) {
        if (status(error) !== 404) throw error;
      }
      const location =
        this.options.region === 'us-east-1'
          ? {}
          : {
              CreateBucketConfiguration: {
                LocationConstraint: this.options.region as BucketLocationConstraint,
              },
            };
      try {
        await this.client.send(new CreateBucketCommand({ Bucket: this.bucket, ...location }));
      } catch (error) {
        if (errorName(error) !== 'BucketAlreadyOwnedByYou') throw error;
      }
    });
  }

  async put(key: string, body: ObjectBody, options: { readonly contentType: string }): Promise<void> {
    assertSafeObjectKey(key);
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: body instanceof Uint8Array ? body : toReadable(body),
        ContentType: options.contentType,
      },
    });
    await guard(() => upload.done());
  }

  async get(key: string): Promise<StoredObject | null> {
    assertSafeObjectKey(key);
    return guard(async () => {
      try {
        const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
        // In Node the body is an IncomingMessage: an AsyncIterable of Buffers.
        const body = response.Body as AsyncIterable<Uint8Array> | undefined;
        return {
          key,
          contentType: response.ContentType ?? 'application/octet-stream',
          size: response.ContentLength ?? 0,
          body: body ? guardStream(body) : emptyBody(),
        };
      } catch (error) {
        if (errorName(error) === 'NoSuchKey') return null;
        throw error;
      }
    });
  }

  async list(prefix: string): Promise<ObjectSummary[]> {
    return guard(async () => {
      const found: ObjectSummary[] = [];
      let token: string | undefined;
      do {
        const page: ListObjectsV2CommandOutput = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix === '' ? undefined : prefix,
            MaxKeys: this.listPageSize,
            ContinuationToken: token,
          }),
        );
        for (const item of page.Contents ?? []) {
          if (item.Key === undefined) continue;
          found.push({ key: item.Key, size: item.Size ?? 0, lastModified: item.LastModified ?? new Date(0) });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      // S3 and MinIO answer in key order already; some compatible servers (s3rver) answer in
      // storage order, where `a-b` comes after the `a/` folder.
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    });
  }

  async delete(key: string): Promise<void> {
    assertSafeObjectKey(key);
    await guard(async () => {
      try {
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
      } catch (error) {
        if (errorName(error) !== 'NoSuchKey') throw error;
      }
    });
  }

  /** Closes the client's sockets (shutdown). */
  close(): void {
    this.client.destroy();
  }
}

async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isOutage(error)) throw new ServiceUnavailableError('The object store');
    throw error;
  }
}

async function* guardStream(body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  try {
    yield* body;
  } catch (error) {
    if (isOutage(error)) throw new ServiceUnavailableError('The object store');
    throw error;
  }
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}

/** lib-storage reads Node streams, not bare async iterables. */
function toReadable(body: AsyncIterable<Uint8Array>): Readable {
  return Readable.from(body, { objectMode: false });
}

function isOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (error.name === 'TimeoutError') return true;
  if (error instanceof AggregateError) return error.errors.some(isOutage);
  const httpStatus = status(error);
  return httpStatus !== undefined && httpStatus >= 500;
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
