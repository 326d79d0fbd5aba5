/**
 * Overview: a short, human name for a session's user agent ("Chrome on Linux").
 * Architecture: shared formatting helper (pure function), used by the Sessions and Activity pages.
 * Dependencies: none.
 * Concepts: only a hint for recognising one's devices; the raw string stays available.
 */

const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/HeadlessChrome\//, 'Headless Chrome'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Version\/[\d.]+.*Safari\//, 'Safari'],
  [/^curl\//i, 'curl'],
  [/node|undici|axios|python-requests|Go-http-client/i, 'API client'],
];

const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/Windows/, 'Windows'],
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

function find(table: readonly (readonly [RegExp, string])[], text: string): string | null {
  return table.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

export function describeUserAgent(userAgent: string | null): string {
  const ua = userAgent?.trim();
  if (!ua) return 'Unknown device';
  const browser = find(BROWSERS, ua);
  const system = find(SYSTEMS, ua);
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? (ua.length > 48 ? `${ua.slice(0, 47)}…` : ua);
}
