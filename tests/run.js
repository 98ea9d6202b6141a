#!/usr/bin/env node
/*
 * `npm test`: type-check, build the web assets the browser tests load, run the
 * whole suite on SQLite, then the server suite again on PostgreSQL when
 * DATABASE_URL names one. Says plainly what it skipped and why.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const skipped = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function run(title, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${title}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) ok = false;
  return r.status === 0;
}

function jest(title, args, env) {
  const out = path.join(os.tmpdir(), `jxc-jest-${process.pid}-${Date.now()}.json`);
  run(title, bin('jest'), [...args, '--json', `--outputFile=${out}`], env);
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
    totals.skipped += r.numPendingTests;
    fs.rmSync(out);
  } else {
    totals.failed += 1;
  }
}

const pgUrl = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL || '') ? process.env.DATABASE_URL : null;
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

run('type check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
run('build web assets (admin page, task pane)', bin('webpack'), ['--mode', 'development']);
if (!fs.existsSync(chromium)) {
  skipped.push(`browser tests: no Chromium at ${chromium} (install it with: apt-get install -y chromium)`);
}
jest('tests on SQLite', process.argv.slice(2), { DATABASE_URL: '' });
if (pgUrl) {
  jest(`server tests on PostgreSQL (${new URL(pgUrl).host})`, ['tests/server', ...process.argv.slice(2)], { DATABASE_URL: pgUrl });
} else {
  skipped.push('server tests on PostgreSQL: DATABASE_URL does not name a postgres:// server (.ci/run sets one)');
}

process.stdout.write('\n');
for (const s of skipped) process.stdout.write(`SKIPPED ${s}\n`);
process.stdout.write(`${ok ? 'OK' : 'FAILED'}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
