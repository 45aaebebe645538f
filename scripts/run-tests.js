#!/usr/bin/env node
// Runs one project's tests with Node's test runner, TypeScript compiled on the fly by SWC
// (decorator metadata included, which Nest needs). Usage, from a project folder:
//   node ../../scripts/run-tests.js            unit specs (src/**/*.spec.ts) and integration tests (test/**/*.test.ts)
//   node ../../scripts/run-tests.js --unit     only the specs
// Writes {passed, failed, skipped} to <repo>/.switchyard/test-results/<project>.json for the summary line.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cwd = process.cwd();
const project = path.relative(root, cwd).replace(/[\\/]/g, '-') || 'root';
const onlyUnit = process.argv.includes('--unit');

function walk(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'generated' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(spec|test)\.ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

const files = [...walk(path.join(cwd, 'src'), []), ...(onlyUnit ? [] : walk(path.join(cwd, 'test'), []))].sort();
const resultsDir = path.join(root, '.switchyard', 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });
const resultFile = path.join(resultsDir, `${project}.json`);
if (files.length === 0) {
  fs.writeFileSync(resultFile, JSON.stringify({ project, passed: 0, failed: 0, skipped: 0 }));
  console.log(`${project}: no tests`);
  process.exit(0);
}

const concurrency = Number(process.env.TEST_CONCURRENCY || 2);
const args = [
  '--require', '@swc-node/register',
  '--enable-source-maps',
  '--test',
  `--test-concurrency=${concurrency}`,
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${resultFile}.tap`,
  ...files.map((f) => path.relative(cwd, f)),
];
const child = spawn(process.execPath, args, {
  cwd,
  stdio: 'inherit',
  env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json'), NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL || 'silent' },
});
child.on('exit', (code, signal) => {
  let passed = 0, failed = 0, skipped = 0;
  try {
    const tap = fs.readFileSync(`${resultFile}.tap`, 'utf8');
    const grab = (name) => Number((tap.match(new RegExp(`^# ${name} (\\d+)`, 'm')) || [0, 0])[1]);
    passed = grab('pass'); failed = grab('fail') + grab('cancelled'); skipped = grab('skipped') + grab('todo');
  } catch { failed = 1; }
  if ((code !== 0 || signal) && failed === 0) failed = 1;
  fs.writeFileSync(resultFile, JSON.stringify({ project, passed, failed, skipped }));
  console.log(`${project}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(code ?? 1);
});
