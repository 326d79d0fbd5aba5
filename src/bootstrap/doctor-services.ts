/**
 * Overview: the doctor's checks of what a start leans on besides its own folder and port: a
 *   PostgreSQL pid file left by a crash, and (on a profile that uses them) the Temporal server
 *   and the S3 endpoint.
 * Architecture: bootstrap; part of `nimbus doctor`.
 * Dependencies: node:fs, node:net, the profile table.
 * Concepts: reachability is a TCP connection within two seconds, nothing more: the doctor starts,
 *   creates and sends nothing; a check a profile does not need answers "not used".
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import type { DoctorCheck } from '../adapters/cli/cli.js';
import type { NimbusConfig } from './config/config.schema.js';
import { adaptersFor } from './profiles.js';

const CONNECT_MS = 2000;

/** Null when a TCP connection to host:port opens within two seconds, else its error code. */
function unreachable(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (outcome: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timed out'), CONNECT_MS);
    socket.once('connect', () => done(null));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function postmasterCheck(config: NimbusConfig): DoctorCheck {
  const name = 'PostgreSQL pid';
  if (adaptersFor(config).database !== 'embedded')
    return { name, status: 'ok', detail: `not used by the ${config.profile} profile` };
  const file = path.join(path.resolve(config.dataDir), 'postgres', 'postmaster.pid');
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  } catch {
    return { name, status: 'ok', detail: 'no PostgreSQL running on the data folder' };
  }
  if (Number.isInteger(pid) && pid > 0 && isRunning(pid))
    return {
      name,
      status: 'ok',
      detail: `PostgreSQL ${pid} runs on the data folder; a start connects to it`,
    };
  return {
    name,
    status: 'warn',
    detail: `${file} names process ${pid}, which is not running (a crash left it): PostgreSQL replaces it at the next start; if that start fails, delete the file`,
  };
}

export async function temporalCheck(config: NimbusConfig): Promise<DoctorCheck> {
  const name = 'Temporal';
  if (adaptersFor(config).jobRunner !== 'temporal')
    return { name, status: 'ok', detail: `not used: the ${config.profile} profile runs its jobs in process` };
  const { address } = config.temporal;
  const at = address.lastIndexOf(':');
  const host = at > 0 ? address.slice(0, at).replace(/^\[|\]$/g, '') : address;
  const port = at > 0 ? Number(address.slice(at + 1)) : 7233;
  const problem = await unreachable(host, port);
  return problem
    ? {
        name,
        status: 'fail',
        detail: `cannot reach Temporal at ${address} (${problem}): start it, or set TEMPORAL_ADDRESS`,
      }
    : { name, status: 'ok', detail: `${address} answers` };
}

export async function objectStoreCheck(config: NimbusConfig): Promise<DoctorCheck> {
  const name = 'object store';
  const kind = adaptersFor(config).objectStore;
  if (kind === 'memory') return { name, status: 'ok', detail: 'in memory' };
  if (kind === 'filesystem')
    return { name, status: 'ok', detail: `${path.join(path.resolve(config.dataDir), 'objects')}` };
  const { endpoint, region } = config.storage.s3;
  const url = new URL(endpoint ?? `https://s3.${region}.amazonaws.com`);
  const port = Number(url.port || (url.protocol === 'http:' ? 80 : 443));
  const problem = await unreachable(url.hostname, port);
  return problem
    ? {
        name,
        status: 'fail',
        detail: `cannot reach S3 at ${url.origin} (${problem}): start it, or set S3_ENDPOINT`,
      }
    : { name, status: 'ok', detail: `${url.origin} answers (bucket ${config.storage.s3.bucket})` };
}
