// `npm test`: the msp suite (scripts/test.mjs, with the Chromium setup) and the runtime SDK's
// suite (packages/runtime, with its PostgreSQL and Redis), one after the other, and ONE summary
// line at the end for both: `N passed, M failed, K skipped`. Both suites always run (a failure in
// the first does not hide the second's results); the exit code is 1 when either failed.
//
// Counts come from scripts/test-count-reporter.mjs, which both runners add next to the usual spec
// output when MSP_TEST_COUNTS is set; a suite that stopped before running its tests (build,
// typecheck or server setup failed) counts as failed and is named.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { combinedSummary, readCounts } from './test-summary.mjs';

const reporter = fileURLToPath(new URL('./test-count-reporter.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'msp-test-summary-'));
const suites = [
  {
    name: 'msp',
    cmd: process.execPath,
    args: ['scripts/test.mjs', '--setup'],
    counts: join(dir, 'msp.json'),
  },
  {
    name: 'runtime',
    cmd: 'npm',
    args: ['run', '--silent', 'test:runtime'],
    counts: join(dir, 'runtime.json'),
  },
];

const results = [];
try {
  for (const s of suites) {
    const r = spawnSync(s.cmd, s.args, {
      stdio: 'inherit',
      env: { ...process.env, MSP_TEST_COUNTS: s.counts, MSP_TEST_COUNT_REPORTER: reporter },
    });
    const totals = existsSync(s.counts) ? readCounts(readFileSync(s.counts, 'utf8')) : undefined;
    results.push({ ...s, status: r.status ?? 1, totals });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\n${combinedSummary(results)}`);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
