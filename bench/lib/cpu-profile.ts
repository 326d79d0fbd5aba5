/**
 * Overview: summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions and the
 *   packages that spent the most CPU time themselves.
 * Architecture: benchmark tooling (outside src/).
 * Dependencies: node:fs.
 * Concepts: self time = samples whose top frame is the function; a package's time also holds the
 *   Node core and native work it called (writev under pg is pg's); `(idle)` is excluded, so
 *   shares are of the time the main thread was busy.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  readonly name: string;
  readonly selfMs: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  readonly functions: readonly HotSpot[];
  readonly packages: readonly HotSpot[];
}

function packageOf(url: string): string | null {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) return modules[1];
  const dist = /\/dist\/(.+?)\/[^/]+$/.exec(url);
  return dist?.[1] ? `nimbus ${dist[1]}` : null;
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/');
}

function top(map: Map<string, number>, busyMs: number, count: number): HotSpot[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, selfMs]) => ({ name, selfMs, share: selfMs / busyMs }));
}

export function summariseProfile(file: string, count = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  /** The nearest package on the stack, or the top frame's name (GC, Node core alone). */
  const ownerOf = (id: number, topName: string): string => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) {
      const owner = packageOf(byId.get(cur)?.callFrame.url ?? '');
      if (owner) return owner;
    }
    return topName.startsWith('(') ? topName : 'node (core)';
  };
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let busyMs = 0;
  let idleMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    if (frame.functionName === '(idle)') {
      idleMs += ms;
      return;
    }
    busyMs += ms;
    const name = `${frame.functionName || '(anonymous)'}${frame.url ? ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const pkg = ownerOf(id, frame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  });
  return { busyMs, idleMs, functions: top(functions, busyMs, count), packages: top(packages, busyMs, count) };
}

export function formatProfile(summary: ProfileSummary): string {
  const line = (h: HotSpot) =>
    `  ${(h.share * 100).toFixed(1).padStart(5)}%  ${h.selfMs.toFixed(0).padStart(7)} ms  ${h.name}`;
  return [
    `main thread busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms`,
    'time by package (with the Node core work it called):',
    ...summary.packages.slice(0, 12).map(line),
    'self time by function:',
    ...summary.functions.map(line),
  ].join('\n');
}
