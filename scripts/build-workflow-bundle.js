/**
 * Overview: the last step of `npm run build` (and of `npm run worker`'s build, when stale):
 *   bundles the compiled workflows (dist/adapters/workflows/temporal/workflows.js) into
 *   workflows-bundle.js beside them, so the worker starts without running webpack.
 * Architecture: build script; runs after the back-end compile, on the compiled adapter module it
 *   calls.
 * Dependencies: <outDir>/adapters/workflows/temporal/workflow-bundle.js (from
 *   src/adapters/workflows/temporal/workflow-bundle.ts), hence @temporalio/worker.
 * Concepts: `node scripts/build-workflow-bundle.js [outDir]`, outDir defaulting to dist; a failed
 *   bundle fails the build (exit 1) with the bundler's message.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const outDir = path.resolve(process.argv[2] ?? 'dist');
const modulePath = path.join(outDir, 'adapters/workflows/temporal/workflow-bundle.js');

try {
  const started = performance.now();
  const { writeWorkflowBundle } = await import(pathToFileURL(modulePath).href);
  const written = await writeWorkflowBundle();
  const ms = Math.round(performance.now() - started);
  console.log(
    `workflow bundle: ${path.relative(process.cwd(), written.path)} (${Math.round(written.bytes / 1024)} KiB, ${ms} ms)`,
  );
} catch (error) {
  console.error(`workflow bundle: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
