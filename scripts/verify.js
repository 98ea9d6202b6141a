#!/usr/bin/env node
/*
 * `npm run verify [-- --json]`: builds the server (incremental, quick when
 * nothing changed) and checks the invariants on the database at DATABASE_URL.
 * Exit code 0: every check holds; 1: a check failed; 2: it could not check.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const build = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(2);
const r = spawnSync(process.execPath, [path.join(root, 'dist', 'server', 'verify-main.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 2);
