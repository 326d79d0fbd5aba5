/**
 * Overview: the request and response schemas of the REST API: the route declarations use them
 *   to validate requests and to generate the OpenAPI document, so the two cannot drift apart.
 * Architecture: HTTP delivery adapter (Express).
 * Dependencies: zod (with zod-openapi's `.meta` ids for components).
 * Concepts: requests are strict objects (unknown fields are rejected); lengths are bounded.
 */
import { z } from 'zod';

const email = z.string().max(320).meta({ example: 'admin@example.com' });
const password = z.string().max(1024).meta({ format: 'password' });

export const LoginRequest = z.strictObject({ email, password }).meta({ id: 'LoginRequest' });

export const ChangePasswordRequest = z
  .strictObject({ currentPassword: password, newPassword: password })
  .meta({ id: 'ChangePasswordRequest' });

export const RefreshRequest = z
  .strictObject({ refreshToken: z.string().min(1).max(4096) })
  .meta({ id: 'RefreshRequest' });

export const InitializeSetupRequest = z
  .strictObject({
    adminEmail: email,
    adminPassword: password,
    organizationName: z.string().max(200).meta({ example: 'Acme Cloud' }),
    setupToken: z.string().max(512).optional(),
  })
  .meta({ id: 'InitializeSetupRequest' });

/** Session ids are the IdGenerator's UUIDs: anything else is refused before any use case runs. */
export const SessionIdParams = z.object({
  id: z
    .uuid({ error: 'must be a session id (a UUID)' })
    .meta({ description: 'Session id, from GET /auth/sessions' }),
});

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    providerId: z.string(),
    role: z.enum(['admin', 'member']),
    createdAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'User' });

export const TokenPair = z
  .object({
    tokenType: z.literal('Bearer'),
    accessToken: z.string(),
    expiresIn: z.number().int().meta({ description: 'Seconds until the access token expires' }),
    refreshToken: z.string(),
    refreshExpiresIn: z.number().int().meta({ description: 'Seconds until the refresh token expires' }),
    sessionId: z.string(),
  })
  .meta({ id: 'TokenPair' });

export const LoginResponse = TokenPair.extend({ user: User }).meta({ id: 'LoginResponse' });

export const SetupStatus = z
  .object({
    initialized: z.boolean(),
    organizationName: z.string().nullable(),
    isolationStrategy: z.literal('schema-per-tenant-rls'),
    setupTokenRequired: z.boolean(),
  })
  .meta({ id: 'SetupStatus' });

export const InitializeSetupResponse = z
  .object({
    provider: z.object({ id: z.string(), name: z.string() }),
    admin: User,
    tokens: TokenPair,
  })
  .meta({ id: 'InitializeSetupResponse' });

export const Session = z
  .object({
    id: z.string(),
    createdAt: z.string().meta({ format: 'date-time' }),
    lastUsedAt: z.string().meta({ format: 'date-time' }),
    expiresAt: z.string().meta({ format: 'date-time' }),
    absoluteExpiresAt: z.string().meta({
      format: 'date-time',
      description:
        'The latest the session can last however often it refreshes (login + auth.sessionMaxLifetime)',
    }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: 'Session' });

export const SessionList = z.object({ sessions: z.array(Session) }).meta({ id: 'SessionList' });

export const SessionsEnded = z
  .object({ count: z.number().int().meta({ description: 'How many sessions ended' }) })
  .meta({ id: 'SessionsEnded' });

export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'INVALID_CREDENTIALS' }),
      message: z.string(),
      traceId: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });

export const Probe = z
  .object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()).optional() })
  .meta({ id: 'Probe' });
