#!/usr/bin/env node
// Precompiles every project's runtime TypeScript (libs/*/src, services/*/src, tools/*/src, without specs) into a
// sibling dist/ folder, so `npm start` and `npm run bench` run plain JavaScript: no SWC compiler in the process
// (~80 MB of resident memory per process). Tests keep running from source through @swc-node/register.
//
// Same transform as the tests: @swc-node/register's own tsconfig → SWC conversion (read-default-tsconfig) and
// @swc-node/core, fed each project's tsconfig.json. dist/ mirrors src/ file for file (so `__dirname`-relative paths
// such as `../prisma/migrations` still resolve), with a source map beside each file. Incremental: a file is
// compiled only when its output is older than the source or than the build configuration; outputs whose source
// is gone are removed. At run time `@switchyard/*` resolve to dist through the `switchyard-dist` export condition
// (`node --conditions=switchyard-dist`, see RUN_ARGS).
//
// Usage: node scripts/build-dist.js [--quiet] [--force]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const GROUPS = ['libs', 'services', 'tools'];
/** Node flags a precompiled process needs: `@switchyard/*` packages then load ./dist/index.js, not ./src/index.ts. */
const RUN_ARGS = ['--conditions=switchyard-dist'];

const isTestFile = (name) => /\.(spec|test)\.ts$/.test(name) || name.endsWith('.d.ts');

/** Projects with a src/ folder, as { name, dir, src, dist, tsconfig }. */
function projects() {
  const found = [];
  for (const group of GROUPS) {
    const groupDir = path.join(root, group);
    if (!fs.existsSync(groupDir)) continue;
    for (const name of fs.readdirSync(groupDir).sort()) {
      const dir = path.join(groupDir, name);
      const src = path.join(dir, 'src');
      if (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(src)) continue;
      const own = path.join(dir, 'tsconfig.json');
      found.push({ name: `${group}/${name}`, dir, src, dist: path.join(dir, 'dist'), tsconfig: fs.existsSync(own) ? own : path.join(root, 'tsconfig.base.json') });
    }
  }
  return found;
}

/** Relative paths (from src) of the files to build: runtime .ts files, and .json files outside fixtures/. */
function sourceFiles(src) {
  const out = [];
  const walk = (dir, rel) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || entry.name === 'fixtures' || entry.name === '__tests__') continue;
        walk(path.join(dir, entry.name), relPath);
      } else if (entry.isFile()) {
        if (entry.name.endsWith('.ts') ? !isTestFile(entry.name) : entry.name.endsWith('.json')) out.push(relPath);
      }
    }
  };
  walk(src, '');
  return out;
}

function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** Writes through a temporary file and a rename, so a concurrent reader or build never sees half a file. */
function writeAtomic(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/** Removes dist files whose source is gone (renamed, deleted, or now a spec), then empty folders. */
function prune(dist, wanted) {
  let removed = 0;
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
        if (fs.readdirSync(file).length === 0) fs.rmdirSync(file);
      } else if (!wanted.has(file)) {
        fs.rmSync(file, { force: true });
        removed++;
      }
    }
  };
  walk(dist);
  return removed;
}

function build({ quiet = false, force = false } = {}) {
  const started = Date.now();
  const { readDefaultTsConfig, tsCompilerOptionsToSwcConfig } = require('@swc-node/register/read-default-tsconfig');
  const { transformSync } = require('@swc-node/core');
  const swcVersionFile = require.resolve('@swc/core/package.json');
  let compiled = 0;
  let copied = 0;
  let removed = 0;
  const failures = [];
  for (const project of projects()) {
    const configTime = Math.max(mtimeMs(__filename), mtimeMs(project.tsconfig), mtimeMs(path.join(root, 'tsconfig.base.json')), mtimeMs(swcVersionFile));
    let compilerOptions = null;
    const wanted = new Set();
    for (const rel of sourceFiles(project.src)) {
      const srcFile = path.join(project.src, rel);
      const isJson = rel.endsWith('.json');
      const outFile = path.join(project.dist, isJson ? rel : rel.replace(/\.ts$/, '.js'));
      wanted.add(outFile);
      if (!isJson) wanted.add(`${outFile}.map`);
      const outTime = mtimeMs(outFile);
      if (!force && outTime >= mtimeMs(srcFile) && outTime >= configTime && (isJson || fs.existsSync(`${outFile}.map`))) continue;
      if (isJson) {
        writeAtomic(outFile, fs.readFileSync(srcFile));
        copied++;
        continue;
      }
      if (!compilerOptions) {
        compilerOptions = { ...readDefaultTsConfig(project.tsconfig) };
        delete compilerOptions.files;
      }
      const mapName = `${path.basename(outFile)}.map`;
      const swcConfig = tsCompilerOptionsToSwcConfig(compilerOptions, srcFile);
      // Maps point at the source on disk (no embedded copy), relative to the output file.
      swcConfig.sourcemap = true;
      swcConfig.swc = { ...swcConfig.swc, sourceFileName: path.relative(path.dirname(outFile), srcFile).split(path.sep).join('/'), inlineSourcesContent: false };
      try {
        const { code, map } = transformSync(fs.readFileSync(srcFile, 'utf8'), srcFile, swcConfig);
        if (map) writeAtomic(`${outFile}.map`, map);
        writeAtomic(outFile, map ? `${code}\n//# sourceMappingURL=${mapName}\n` : code);
        compiled++;
      } catch (error) {
        failures.push(`${path.relative(root, srcFile)}: ${error && error.message ? error.message : String(error)}`);
      }
    }
    removed += prune(project.dist, wanted);
  }
  if (failures.length) {
    throw new Error(`build-dist: ${failures.length} file(s) failed to compile:\n${failures.join('\n')}`);
  }
  if (!quiet && (compiled || copied || removed)) {
    process.stdout.write(`[build-dist] ${compiled} compiled, ${copied} copied, ${removed} removed in ${Date.now() - started} ms\n`);
  }
  return { compiled, copied, removed };
}

module.exports = { build, RUN_ARGS, projects };

if (require.main === module) {
  try {
    build({ quiet: process.argv.includes('--quiet'), force: process.argv.includes('--force') });
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
