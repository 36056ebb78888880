// Runs every *.test.ts under src/ and test/ with node:test (Node 20 has no glob for --test).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
// --setup: install what tests need from Debian (Chromium for the browser test, docker-registry for
// the resolve-images round trip) when missing.
// Failure is not fatal here (the browser test then reports itself skipped); CI runs the
// installer directly so a missing browser fails the build there.
if (args.includes('--setup')) {
  const s = spawnSync('bash', ['scripts/install-chromium.sh'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (s.status !== 0) console.error('test: Chromium is not available; the browser test will be skipped');
  // Debian's docker-registry for the real-registry test of `msp resolve-images`.
  const r = spawnSync('bash', ['scripts/install-docker-registry.sh'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0)
    console.error('test: docker-registry is not available; the real-registry test will be skipped');
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
// MSP_TEST_COUNTS=<file> and MSP_TEST_COUNT_REPORTER=<module> (set by `npm test`,
// scripts/test-all.mjs): also count the results into that file, for the combined summary line.
const reporters =
  process.env.MSP_TEST_COUNTS && process.env.MSP_TEST_COUNT_REPORTER
    ? [
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        `--test-reporter=${process.env.MSP_TEST_COUNT_REPORTER}`,
        '--test-reporter-destination=stdout',
      ]
    : ['--test-reporter=spec'];
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...reporters, ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: '' },
});
process.exit(r.status ?? 1);
