// `npm test`: the msp suite (scripts/test.mjs, with the Chromium setup) and the runtime SDK's
// suite (packages/runtime, with its PostgreSQL and Redis), one after the other, and ONE summary
// line at the end for both: `N passed, M failed, K skipped`. Both suites always run (a failure in
// the first does not hide the second's results); the exit code is 1 when either failed.
//
// Counts come from a TAP copy of each run's results (MSP_TEST_TAP, read by both runners) next to
// the usual spec output; a suite that stopped before running its tests (build, typecheck or
// server setup failed) counts as failed and is named.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { combinedSummary, tapTotals } from './test-summary.mjs';

const dir = mkdtempSync(join(tmpdir(), 'msp-test-summary-'));
const suites = [
  { name: 'msp', cmd: process.execPath, args: ['scripts/test.mjs', '--setup'], tap: join(dir, 'msp.tap') },
  { name: 'runtime', cmd: 'npm', args: ['run', '--silent', 'test:runtime'], tap: join(dir, 'runtime.tap') },
];

const results = [];
try {
  for (const s of suites) {
    const r = spawnSync(s.cmd, s.args, { stdio: 'inherit', env: { ...process.env, MSP_TEST_TAP: s.tap } });
    const totals = existsSync(s.tap) ? tapTotals(readFileSync(s.tap, 'utf8')) : undefined;
    results.push({ ...s, status: r.status ?? 1, totals });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\n${combinedSummary(results)}`);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
