/**
 * Overview: compiles the back end's sources (src/, tests excepted) to dist/ with swc, the
 *   transform the tests and `npm run dev` already run under: `npm start`'s back-end build (through
 *   scripts/build-if-changed.js) and the step of `npm run build` after its type-check.
 * Architecture: build script (plain Node ESM); type-checking is not its job (`npm run typecheck`,
 *   part of `npm test`, is).
 * Dependencies: typescript (reads tsconfig.build.json: the files and the compiler options),
 *   @swc/core, node:fs.
 * Concepts: the file list, outDir, rootDir, target, decorators and source maps all come from
 *   tsconfig.build.json, mapped as @swc-node/register maps them (ESM out, as "type": "module"
 *   makes tsc emit; legacy decorators with their design-type metadata; class fields with define
 *   semantics from ES2022 on); an output whose content is unchanged is not rewritten, so its time
 *   stays that of the change that made it. `node scripts/compile-backend.js [--project FILE]`.
 */
import { transform } from '@swc/core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';

/** tsconfig.build.json as tsc reads it, or a thrown Error naming what is wrong. */
function readProject(project) {
  const parsed = ts.getParsedCommandLineOfConfigFile(project, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`${project} cannot be read`);
  if (parsed.errors.length) {
    throw new Error(
      parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'),
    );
  }
  const { options } = parsed;
  if (!options.outDir || !options.rootDir) throw new Error(`${project} must set outDir and rootDir`);
  return { files: parsed.fileNames, options };
}

/** swc's name for a TypeScript target: es5, es2015 … es2024 (ESNext: the newest swc knows). */
function swcTarget(target) {
  const year = /^ES(\d+)$/.exec(ts.ScriptTarget[target] ?? '')?.[1];
  return year && Number(year) <= 2024 ? `es${year}` : 'es2024';
}

/** The swc options for one file, from the TypeScript compiler options. */
function swcOptions(options, filename, mapFile) {
  const target = options.target ?? ts.ScriptTarget.ES2022;
  return {
    filename,
    swcrc: false,
    configFile: false,
    isModule: true,
    jsc: {
      target: swcTarget(target),
      parser: { syntax: 'typescript', decorators: Boolean(options.experimentalDecorators) },
      transform: {
        legacyDecorator: Boolean(options.experimentalDecorators),
        decoratorMetadata: Boolean(options.emitDecoratorMetadata),
        useDefineForClassFields: options.useDefineForClassFields ?? target >= ts.ScriptTarget.ES2022,
      },
      keepClassNames: true,
      experimental: { keepImportAttributes: true },
    },
    module: { type: 'es6' },
    sourceMaps: Boolean(options.sourceMap),
    sourceFileName: path.relative(path.dirname(mapFile), filename),
    inlineSourcesContent: false,
  };
}

/** Only when the content differs. */
function writeIfChanged(file, content) {
  try {
    if (readFileSync(file, 'utf8') === content) return false;
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return true;
}

/** Compiles every file of the project; resolves to { files, written }. */
async function compileBackend(project) {
  const { files, options } = readProject(project);
  const outOf = (file) =>
    path.join(options.outDir, path.relative(options.rootDir, file)).replace(/\.[cm]?ts$/, '.js');
  const written = await Promise.all(
    files.map(async (file) => {
      const out = outOf(file);
      const mapFile = `${out}.map`;
      const { code, map } = await transform(readFileSync(file, 'utf8'), swcOptions(options, file, mapFile));
      if (!map) return writeIfChanged(out, code) ? 1 : 0;
      const linked = `${code}\n//# sourceMappingURL=${path.basename(mapFile)}\n`;
      return (writeIfChanged(out, linked) ? 1 : 0) + (writeIfChanged(mapFile, map) ? 1 : 0);
    }),
  );
  return { files: files.length, written: written.reduce((a, b) => a + b, 0) };
}

const { values } = parseArgs({ options: { project: { type: 'string', default: 'tsconfig.build.json' } } });
try {
  const started = performance.now();
  const { files, written } = await compileBackend(path.resolve(values.project));
  const ms = Math.round(performance.now() - started);
  console.log(`back end: ${files} files compiled with swc, ${written} outputs written (${ms} ms)`);
} catch (error) {
  console.error(`back end: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
