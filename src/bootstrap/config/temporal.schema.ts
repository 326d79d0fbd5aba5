/**
 * Overview: the Temporal settings of the worker: server address, namespace, TLS and API key, and
 *   how long a stopping worker waits.
 * Architecture: bootstrap configuration; a section of the schema.
 * Dependencies: zod, the value kinds (fields.ts).
 * Concepts: TLS settings that contradict each other are refused (a key without TLS, half of mTLS).
 */
import { z } from 'zod';
import { bool, positiveDuration } from './fields.js';

export const temporalSchema = z
  .object({
    address: z.string().min(1).default('localhost:7233'),
    namespace: z.string().min(1).default('default'),
    /** Default: on when an API key or any tls* setting is given. */
    tls: bool.optional(),
    /** PEM files: a private CA for the server's certificate; a client certificate and key (mTLS). */
    tlsCaFile: z.string().min(1).optional(),
    tlsCertFile: z.string().min(1).optional(),
    tlsKeyFile: z.string().min(1).optional(),
    /** The name the server certificate is checked against, when it is not the address's host. */
    tlsServerName: z.string().min(1).optional(),
    apiKey: z.string().min(1).optional(),
    connectTimeout: positiveDuration.default(10),
    /** How long activities may run on after the worker is asked to stop; then they are cancelled. */
    shutdownGrace: positiveDuration.default(10),
    /** When a stopping worker gives up on them: keep it below the container's stop grace period. */
    shutdownForce: positiveDuration.default(20),
  })
  .strict()
  .superRefine((t, ctx) => {
    const problem = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if (t.apiKey !== undefined && t.tls === false)
      problem('apiKey', 'needs TLS, but temporal.tls is false: the key would be sent in clear text');
    for (const key of ['tlsCaFile', 'tlsCertFile', 'tlsKeyFile', 'tlsServerName'] as const)
      if (t.tls === false && t[key] !== undefined) problem(key, 'is set, but temporal.tls is false');
    if (t.tlsCertFile !== undefined && t.tlsKeyFile === undefined)
      problem('tlsKeyFile', 'is required with temporal.tlsCertFile (mTLS needs both)');
    if (t.tlsKeyFile !== undefined && t.tlsCertFile === undefined)
      problem('tlsCertFile', 'is required with temporal.tlsKeyFile (mTLS needs both)');
    if (t.shutdownForce <= t.shutdownGrace)
      problem('shutdownForce', 'must be longer than temporal.shutdownGrace');
  })
  .prefault({});
