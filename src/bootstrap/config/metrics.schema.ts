/**
 * Overview: the metrics settings: where the management port serving GET /metrics listens.
 * Architecture: bootstrap configuration; a section of the schema.
 * Dependencies: zod, the value kinds (fields.ts).
 * Concepts: port 0 turns the metrics off; loopback by default, since the figures are for the
 *   operator's scraper, not for API clients; the port must differ from the API's.
 */
import { z } from 'zod';
import { int } from './fields.js';

export const metricsSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: int(0, 65535).default(9464),
  })
  .strict()
  .prefault({});

/** The rule across sections: metrics and API never share a port. */
export function checkMetricsPort(
  config: { readonly metrics: { readonly port: number }; readonly server: { readonly port: number } },
  ctx: z.RefinementCtx,
): void {
  if (config.metrics.port !== 0 && config.metrics.port === config.server.port)
    ctx.addIssue({
      code: 'custom',
      path: ['metrics', 'port'],
      message: 'must differ from server.port (the metrics have a port of their own), or be 0 for off',
    });
}
