/**
 * Overview: the configuration schema: every setting, its default and its rule.
 * Architecture: bootstrap (composition root) configuration.
 * Dependencies: zod, the value kinds (fields.ts).
 * Concepts: durations are written as "30s", "15m", "1h", "7d" (or plain seconds); unknown keys
 *   are rejected so a typo never silently falls back to a default.
 */
import { z } from 'zod';
import { duration, int, interval, positiveDuration, trustProxy } from './fields.js';
import { checkMetricsPort, metricsSchema } from './metrics.schema.js';
import { storageSchema } from './storage.schema.js';
import { temporalSchema } from './temporal.schema.js';

export const configSchema = z
  .object({
    env: z.enum(['development', 'production', 'test']).default('development'),
    profile: z.enum(['embedded', 'external', 'memory']).default('embedded'),
    dataDir: z.string().min(1).default('.nimbus'),
    database: z
      .object({
        url: z.string().url().optional(),
        poolSize: int(1, 200).default(10),
        embeddedPort: int(0, 65535).default(0),
      })
      .strict()
      .prefault({}),
    server: z
      .object({
        host: z.string().min(1).default('0.0.0.0'),
        port: int(0, 65535).default(8000),
        trustProxy: trustProxy.default(false),
        /** A list, or one comma-separated string (NIMBUS_CORS_ORIGINS); each an origin URL. */
        corsOrigins: z
          .union([z.array(z.string()), z.string()])
          .transform((value) =>
            (typeof value === 'string' ? value.split(',') : value).map((s) => s.trim()).filter(Boolean),
          )
          .pipe(z.array(z.string().url()))
          .default([]),
        shutdownGrace: positiveDuration.default(10),
        bodyLimit: z
          .string()
          .regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 16kb')
          .default('16kb'),
        refreshRateLimit: int(1, 1_000_000).default(600),
        setupRateLimit: int(1, 1_000_000).default(20),
        /** The web UI's production build; default: frontend/dist/browser in the installation. */
        webUiDir: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    metrics: metricsSchema,
    auth: z
      .object({
        jwtSecret: z.string().optional(),
        issuer: z.string().min(1).default('nimbus'),
        audience: z.string().min(1).default('nimbus-api'),
        accessTokenTtl: positiveDuration.default(3600),
        refreshTokenTtl: positiveDuration.default(7 * 86400),
        refreshGrace: duration.default(10),
        /** A session's absolute lifetime from login: refreshing slides its expiry, never past this. */
        sessionMaxLifetime: positiveDuration.default(30 * 86400),
        clockSkew: duration.default(30),
        maxSessionsPerUser: int(0, 10_000).default(10),
        onSessionLimit: z.enum(['evict-oldest', 'deny']).default('evict-oldest'),
        sessionRetention: duration.default(7 * 86400),
        /** Live sessions each API process answers from memory (LRU); 0 checks PostgreSQL every time. */
        sessionCacheSize: int(0, 10_000_000).default(50_000),
        /** A fixed one-time setup token, or `auto` for one issued at start (stored as a hash). */
        setupToken: z.string().min(1).optional(),
        setupTokenTtl: positiveDuration.default(86400),
        argon2: z
          .object({
            memoryKiB: int(1024, 4 * 1024 * 1024).default(19456),
            iterations: int(1, 100).default(2),
            parallelism: int(1, 64).default(1),
          })
          .strict()
          .prefault({}),
        throttle: z
          .object({
            maxAttemptsPerEmailIp: int(1, 1_000_000).default(10),
            maxAttemptsPerIp: int(1, 1_000_000).default(100),
            window: positiveDuration.default(900),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    temporal: temporalSchema,
    jobs: z
      .object({
        cleanupInterval: interval.default(3600),
        archiveInterval: interval.default(3600),
        /** Sessions that ended longer ago than this are archived (keep it below auth.sessionRetention). */
        archiveAfter: duration.default(3600),
        archiveBatchSize: int(1, 1_000_000).default(10_000),
      })
      .strict()
      .prefault({}),
    audit: z
      .object({
        /** Auth events older than this are archived to object storage by the archive job, then deleted. */
        retention: positiveDuration.default(90 * 86400),
      })
      .strict()
      .prefault({}),
    storage: storageSchema,
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
        /** auto: readable lines on a terminal outside production, JSON lines otherwise. */
        format: z.enum(['auto', 'json', 'pretty']).default('auto'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  // Rules across settings, reported like any other bad setting (one line, the setting's path).
  .superRefine((config, ctx) => {
    if (config.profile === 'external' && !config.database.url)
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'url'],
        message: 'is required by the external profile (set DATABASE_URL)',
      });
    if (config.auth.sessionMaxLifetime < config.auth.refreshTokenTtl)
      ctx.addIssue({
        code: 'custom',
        path: ['auth', 'sessionMaxLifetime'],
        message: 'must be at least auth.refreshTokenTtl (a refresh token cannot outlive its session)',
      });
    checkMetricsPort(config, ctx);
    if (config.audit.retention <= config.auth.throttle.window)
      ctx.addIssue({
        code: 'custom',
        path: ['audit', 'retention'],
        message:
          'must be longer than auth.throttle.window, or a throttled attempt could be counted on an event already archived',
      });
    if (config.jobs.archiveAfter >= config.auth.sessionRetention)
      ctx.addIssue({
        code: 'custom',
        path: ['jobs', 'archiveAfter'],
        message:
          'must be shorter than auth.sessionRetention, or cleanup would delete sessions before they are archived',
      });
  });

export type NimbusConfig = z.output<typeof configSchema>;
export type NimbusConfigInput = z.input<typeof configSchema>;
