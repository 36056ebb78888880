/**
 * `npm test` ends with one line for both suites (scripts/test-all.mjs): the counts are summed
 * from each suite's count reporter (scripts/test-count-reporter.mjs), and a suite that never ran its tests is a failure, named.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
// @ts-expect-error: a plain .mjs script without type declarations
import { combinedSummary, readCounts } from '../../scripts/test-summary.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

test('the count reporter counts passed, failed and skipped tests of a real run, not suites', () => {
  const dir = mkdtempSync(join(tmpdir(), 'msp-count-'));
  try {
    const file = join(dir, 'sample.test.mjs');
    writeFileSync(
      file,
      [
        "import { describe, test } from 'node:test';",
        "describe('a suite', () => {",
        "  test('passes', () => {});",
        "  test('fails', () => { throw new Error('no'); });",
        "  test('is skipped', { skip: true }, () => {});",
        "  test('is a todo', { todo: true }, () => {});",
        '});',
        "test('passes too', () => {});",
        '',
      ].join('\n'),
    );
    const counts = join(dir, 'counts.json');
    const r = spawnSync(
      process.execPath,
      [
        '--test',
        '--test-force-exit',
        `--test-reporter=${join(ROOT, 'scripts', 'test-count-reporter.mjs')}`,
        '--test-reporter-destination=stdout',
        file,
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', MSP_TEST_COUNTS: counts } },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.deepEqual(readCounts(readFileSync(counts, 'utf8')), { pass: 2, fail: 1, skipped: 2 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('counts that are not complete are no counts', () => {
  assert.equal(readCounts('{"pass":1}'), undefined);
  assert.equal(readCounts(''), undefined);
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
