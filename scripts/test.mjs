// Runs every *.test.ts under src/ and test/ with node:test (Node 20 has no glob for --test).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runNodeTests } from './node-test.mjs';

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
// --setup: install what tests need from Debian when missing. Failure is not fatal here (the test
// then reports itself skipped); CI runs the installers directly so a missing package fails the
// build there.
const SETUP = [
  ['scripts/install-chromium.sh', 'Chromium', 'the browser test'],
  ['scripts/install-docker-registry.sh', 'docker-registry', 'the real-registry test of msp resolve-images'],
];
if (args.includes('--setup'))
  for (const [script, what, test] of SETUP) {
    const s = spawnSync('bash', [script], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (s.status !== 0) console.error(`test: ${what} is not available; ${test} will be skipped`);
  }
const filters = args.filter((a) => !a.startsWith('--'));

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

if (!noBuild) {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
let files = [...walk('src', []), ...walk('test', [])].sort();
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
process.exit(runNodeTests(files));
