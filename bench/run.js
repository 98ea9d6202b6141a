#!/usr/bin/env node
/*
 * `npm run bench [large|throughput|cash|balances|addin|journal|payables|receipts|receipts-sheet|purchase|sales|sales-load|receivables|behaviour]`: builds the server and the
 * benchmarks, then runs them against the real server in its own process and
 * prints one table. Figures are from this run on this machine, not timed tests.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
for (const config of ['tsconfig.build.json', 'tsconfig.bench.json']) {
  const r = spawnSync(tsc, ['-p', config], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const r = spawnSync(process.execPath, [path.join(root, 'dist', 'bench', 'bench', 'main.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
