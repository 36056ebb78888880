/**
 * `npm test` ends with one line for both suites (scripts/test-all.mjs): the counts are summed
 * from each suite's TAP results, and a suite that never ran its tests is a failure, named.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
// @ts-expect-error: a plain .mjs script without type declarations
import { combinedSummary, tapTotals } from '../../scripts/test-summary.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

const TAP = `TAP version 13
# Subtest: a
ok 1 - a
# Subtest: b
not ok 2 - b
1..2
# tests 7
# suites 2
# pass 4
# fail 1
# cancelled 1
# skipped 1
# todo 0
# duration_ms 12.5
`;

test('the totals of a TAP stream count cancelled tests as failed and todo as skipped', () => {
  assert.deepEqual(tapTotals(TAP), { pass: 4, fail: 2, skipped: 1 });
  assert.equal(tapTotals('TAP version 13\n'), undefined);
});

test('npm test prints one combined line: passed, failed and skipped of both suites', () => {
  assert.equal(
    combinedSummary([
      { name: 'msp', status: 0, totals: { pass: 1200, fail: 0, skipped: 2 } },
      { name: 'runtime', status: 1, totals: { pass: 150, fail: 3, skipped: 0 } },
    ]),
    'npm test: 1350 passed, 3 failed, 2 skipped (msp: 1200 passed, 0 failed, 2 skipped; runtime: 150 passed, 3 failed, 0 skipped)',
  );
});

test('a suite that stopped before its tests (typecheck, server setup) is counted as a failure and named', () => {
  const line = combinedSummary([
    { name: 'msp', status: 0, totals: { pass: 10, fail: 0, skipped: 0 } },
    { name: 'runtime', status: 2 },
  ]);
  assert.equal(
    line,
    'npm test: 10 passed, 1 failed, 0 skipped (msp: 10 passed, 0 failed, 0 skipped; runtime: did not run its tests, exit 2)',
  );
});

test('npm test runs scripts/test-all.mjs, and CI still calls npm test', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.scripts.test, 'node scripts/test-all.mjs');
  assert.match(readFileSync(join(ROOT, '.ci', 'run'), 'utf8'), /^npm test$/m);
  const all = readFileSync(join(ROOT, 'scripts', 'test-all.mjs'), 'utf8');
  assert.match(all, /'scripts\/test\.mjs', '--setup'/);
  assert.match(all, /'test:runtime'/);
});
