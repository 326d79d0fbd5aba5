/**
 * Overview: which Node.js versions Nimbus supports and recommends, from the release schedule.
 * Architecture: bootstrap; `nimbus doctor` reports it.
 * Dependencies: the CLI adapter's finding type.
 * Concepts: one table of end-of-life dates; a release line past its end of life gets no security
 *   fixes, so it is a warning; below the minimum it is a failure.
 */
import type { DoctorCheck } from '../adapters/cli/cli.js';

/** End of life of each Node.js release line (github.com/nodejs/Release, schedule.json). */
export const NODE_END_OF_LIFE: Readonly<Record<number, string>> = {
  18: '2025-04-30',
  19: '2023-06-01',
  20: '2026-04-30',
  21: '2024-06-01',
  22: '2027-04-30',
  23: '2025-06-01',
  24: '2028-04-30',
  25: '2026-06-01',
  26: '2029-04-30',
};
export const RECOMMENDED_NODE = 24;
/** The oldest Node.js Nimbus runs on at all (package.json `engines`). */
const MINIMUM_NODE = [20, 19] as const;

export function nodeCheck(version: string, today: Date): DoctorCheck {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const name = 'Node.js';
  if (major < MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor < MINIMUM_NODE[1]))
    return {
      name,
      status: 'fail',
      detail: `${version} is too old: Nimbus needs ${MINIMUM_NODE.join('.')} or later; install Node.js ${RECOMMENDED_NODE} LTS`,
    };
  const end = NODE_END_OF_LIFE[major];
  if (end === undefined)
    return { name, status: 'ok', detail: `${version} (newer than this check's schedule)` };
  if (end <= today.toISOString().slice(0, 10))
    return {
      name,
      status: 'warn',
      detail: `${version} reached its end of life on ${end} and gets no security fixes: install Node.js ${RECOMMENDED_NODE} LTS`,
    };
  return { name, status: 'ok', detail: `${version}, supported until ${end}` };
}
