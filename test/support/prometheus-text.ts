/**
 * Overview: a strict parser of the Prometheus text exposition format (0.0.4) for the tests, and
 *   a reader of one sample's value.
 * Architecture: test harness.
 * Dependencies: none.
 * Concepts: a family is declared by `# TYPE` before its samples and never again; a sample
 *   belongs to the family just declared (histograms: _bucket, _sum, _count); names, label names,
 *   escapes and numbers must be well-formed; histogram buckets rise and `+Inf` equals `_count`.
 *   Any other line throws, naming the line.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help?: string;
  readonly samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// Go's ParseFloat, which Prometheus uses: NaN and Inf(inity) in any case (prom-client writes `Nan`).
const NUMBER = /^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]?inf(?:inity)?|nan)$/i;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<Family['type'], readonly string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function number(text: string, where: string): number {
  if (!NUMBER.test(text)) throw new Error(`${where}: ${JSON.stringify(text)} is not a number`);
  if (/inf/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  return /nan/i.test(text) ? NaN : Number(text);
}

/** Parses `{a="x",b="y\"z"}` from `text` at `start` (the brace); returns labels and the end index. */
function labelsAt(text: string, start: number, where: string): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = start + 1;
  for (;;) {
    if (text[i] === '}') return [labels, i + 1];
    const eq = text.indexOf('=', i);
    const name = eq === -1 ? '' : text.slice(i, eq);
    if (!LABEL.test(name) || text[eq + 1] !== '"') throw new Error(`${where}: bad label at ${i}`);
    if (name in labels) throw new Error(`${where}: label ${name} twice`);
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j += 1) {
      if (text[j] !== '\\') {
        value += text[j];
        continue;
      }
      const escaped = text[(j += 1)];
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else throw new Error(`${where}: bad escape \\${escaped}`);
    }
    if (j >= text.length) throw new Error(`${where}: unterminated label value`);
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i += 1;
    else if (text[i] !== '}') throw new Error(`${where}: expected , or } at ${i}`);
  }
}

function checkHistogram(family: Family): void {
  const series = new Map<string, Sample[]>();
  const keyOf = (s: Sample) =>
    JSON.stringify(
      Object.entries(s.labels)
        .filter(([k]) => k !== 'le')
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  for (const s of family.samples)
    if (s.name.endsWith('_bucket')) series.set(keyOf(s), [...(series.get(keyOf(s)) ?? []), s]);
  for (const [key, buckets] of series) {
    let previous = -Infinity;
    for (const b of buckets) {
      if (b.labels.le === undefined) throw new Error(`${family.name}: a bucket without le`);
      if (b.value < previous) throw new Error(`${family.name}${key}: buckets do not rise`);
      previous = b.value;
    }
    const inf = buckets.find((b) => b.labels.le === '+Inf');
    const count = family.samples.find((s) => s.name === `${family.name}_count` && keyOf(s) === key);
    if (!inf || !count || inf.value !== count.value)
      throw new Error(`${family.name}${key}: +Inf bucket and _count disagree`);
  }
}

/** Every family of the exposition by name; throws on the first malformed line. */
export function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition does not end with a newline');
  const families = new Map<string, Family>();
  let current: Family | null = null;
  const help = new Map<string, string>();
  text
    .slice(0, -1)
    .split('\n')
    .forEach((line, index) => {
      const where = `line ${index + 1} (${line})`;
      if (line === '') return;
      if (line.startsWith('#')) {
        const [, keyword, name = '', ...rest] = line.split(' ');
        if (keyword === 'HELP') {
          if (!NAME.test(name)) throw new Error(`${where}: bad metric name`);
          help.set(name, rest.join(' '));
          const family = families.get(name);
          if (family) family.help = rest.join(' ');
        } else if (keyword === 'TYPE') {
          const type = rest.join(' ');
          if (!NAME.test(name) || !TYPES.has(type) || rest.length !== 1)
            throw new Error(`${where}: bad TYPE`);
          if (families.has(name)) throw new Error(`${where}: ${name} declared twice`);
          current = { name, type: type as Family['type'], help: help.get(name), samples: [] };
          families.set(name, current);
        }
        return;
      }
      const brace = line.search(/[{ ]/);
      const name = brace === -1 ? line : line.slice(0, brace);
      if (!NAME.test(name)) throw new Error(`${where}: bad metric name`);
      let labels: Record<string, string> = {};
      let rest = line.slice(name.length);
      if (rest.startsWith('{')) {
        const [parsed, end] = labelsAt(line, name.length, where);
        labels = parsed;
        rest = line.slice(end);
      }
      const fields = rest.split(' ');
      if (fields[0] !== '' || fields.length < 2 || fields.length > 3) throw new Error(`${where}: bad sample`);
      const value = number(fields[1] ?? '', where);
      if (fields[2] !== undefined && !/^-?\d+$/.test(fields[2])) throw new Error(`${where}: bad timestamp`);
      const family = current as Family | null;
      if (!family || !SUFFIXES[family.type].some((suffix) => name === family.name + suffix))
        throw new Error(`${where}: sample outside its family's TYPE block`);
      family.samples.push({ name, labels, value });
    });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

/** The value of the one sample named `name` whose labels include `labels`; 0 when none. */
export function valueOf(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number {
  const samples = [...families.values()]
    .flatMap((f) => f.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (samples.length > 1)
    throw new Error(`${name} ${JSON.stringify(labels)} matches ${samples.length} samples`);
  return samples[0]?.value ?? 0;
}
