/**
 * Overview: the kinds of value settings are made of: durations, intervals, counts, booleans and
 *   the trusted-proxy list.
 * Architecture: bootstrap configuration; used by the schema.
 * Dependencies: zod, ipaddr.js.
 * Concepts: durations are written as "30s", "15m", "1h", "7d" (or plain seconds); values coming
 *   from the environment are strings, so counts and booleans are coerced; `trustProxy: true` is
 *   refused (it would trust any X-Forwarded-For a client sends).
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const DURATION = /^(\d+)\s*(s|m|h|d)?$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** A duration in whole seconds, from a number of seconds or a string like "15m". */
export const duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return value;
  } else {
    const match = DURATION.exec(value.trim());
    if (match) return Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1);
  }
  ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30s, 15m, 1h or 7d' });
  return z.NEVER;
});

export const positiveDuration = duration.refine((s) => s > 0, 'must be longer than 0 s');
// Node timers overflow past 2^31-1 ms (~24.8 days) and would then fire at once, again and again.
export const interval = positiveDuration.refine((s) => s <= 24 * 86400, 'must be at most 24d');
const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** A dotted-quad IPv4 or an IPv6 address, optionally with a prefix length (what proxy-addr takes). */
function isProxyAddress(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return false;
  const v4 = ipaddr.IPv4.isValidFourPartDecimal(address);
  if (!v4 && !ipaddr.IPv6.isValid(address)) return false;
  return prefix === undefined || Number(prefix) <= (v4 ? 32 : 128);
}
/**
 * Which proxies' X-Forwarded-For to believe: off, a hop count, or their addresses and subnets.
 * `true` would believe whatever a client writes first in the header, so it is refused.
 */
export const trustProxy = z.union([z.boolean(), z.number(), z.string()]).transform((value, ctx) => {
  const text = String(value).trim();
  if (value === false || text === 'false' || text === '0' || text === '') return false as const;
  if (/^\d+$/.test(text)) {
    if (Number(text) <= 100) return Number(text);
    ctx.addIssue({ code: 'custom', message: 'a hop count must be at most 100' });
    return z.NEVER;
  }
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !PROXY_PRESETS.has(e) && !isProxyAddress(e));
  if (value === true || text === 'true' || bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message:
        (value === true || text === 'true'
          ? 'true would trust any X-Forwarded-For a client sends'
          : `${bad.join(', ')} is not an address, a subnet or loopback/linklocal/uniquelocal`) +
        '; give the number of proxies in front of Nimbus (e.g. 1) or their addresses/subnets (e.g. 10.0.0.0/8, loopback)',
    });
    return z.NEVER;
  }
  return entries;
});
export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');
