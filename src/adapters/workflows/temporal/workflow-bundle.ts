/**
 * Overview: where the worker finds its workflow code: the bundle `npm run build` and
 *   `npm run worker` write beside the compiled workflows (workflows-bundle.js), else
 *   workflows.ts/.js bundled at start.
 * Architecture: workflows adapter (Temporal); used by worker.ts and by
 *   scripts/build-workflow-bundle.js (which loads the compiled copy of this module from dist/).
 * Dependencies: @temporalio/worker (bundleWorkflowCode), node:fs, node:path.
 * Concepts: paths are relative to this module, so dist/ finds dist/'s bundle and src/ (swc-node,
 *   tests) has none and bundles workflows.ts; a bundle older than the compiled workflows.js it
 *   came from is stale (the back end was compiled again without the bundle step, as `npm start`
 *   does) and is not used.
 */
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';

const here = fileURLToPath(import.meta.url);
/** workflows.ts under swc-node, workflows.js in dist/. */
export const WORKFLOWS_PATH = path.join(path.dirname(here), `workflows${path.extname(here)}`);
/** Written by `npm run build` and `npm run worker` (scripts/build-workflow-bundle.js). */
export const WORKFLOW_BUNDLE_PATH = path.join(path.dirname(here), 'workflows-bundle.js');

export type WorkflowSource = { workflowBundle: { codePath: string } } | { workflowsPath: string };

/** The prebuilt bundle when it is there and not older than the workflows, else the workflows. */
export function workflowSource(
  bundlePath: string = WORKFLOW_BUNDLE_PATH,
  workflowsPath: string = WORKFLOWS_PATH,
): WorkflowSource {
  if (existsSync(bundlePath) && statSync(bundlePath).mtimeMs >= statSync(workflowsPath).mtimeMs)
    return { workflowBundle: { codePath: bundlePath } };
  return { workflowsPath };
}

/** Bundles the workflows (the deterministic sandbox's bundler) into `outFile`, atomically. */
export async function writeWorkflowBundle(
  outFile: string = WORKFLOW_BUNDLE_PATH,
  workflowsPath: string = WORKFLOWS_PATH,
): Promise<{ path: string; bytes: number }> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  const partial = `${outFile}.${process.pid}.tmp`;
  writeFileSync(partial, code);
  renameSync(partial, outFile);
  return { path: outFile, bytes: Buffer.byteLength(code) };
}
