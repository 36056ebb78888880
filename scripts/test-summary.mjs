// The combined summary line of `npm test` (scripts/test-all.mjs), from each suite's counts.

/**
 * The counts scripts/test-count-reporter.mjs wrote (`{"pass":N,"fail":N,"skipped":N}`), or
 * undefined when the file does not hold them.
 * @param {string} text
 */
export function readCounts(text) {
  try {
    const c = JSON.parse(text);
    return [c?.pass, c?.fail, c?.skipped].every(Number.isInteger)
      ? { pass: c.pass, fail: c.fail, skipped: c.skipped }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * ONE line for every suite: `npm test: N passed, M failed, K skipped (…per suite…)`. A suite whose
 * results are missing (it stopped before running its tests) or that exited non-zero without a
 * failed test counts as one failure, and is named.
 * @param {{ name: string, status: number, totals?: { pass: number, fail: number, skipped: number } }[]} results
 */
export function combinedSummary(results) {
  const sum = (k) => results.reduce((a, r) => a + (r.totals?.[k] ?? 0), 0);
  const broken = results.filter((r) => r.totals === undefined || (r.status !== 0 && r.totals.fail === 0));
  const detail = results
    .map((r) =>
      r.totals === undefined
        ? `${r.name}: did not run its tests, exit ${r.status}`
        : `${r.name}: ${r.totals.pass} passed, ${r.totals.fail} failed, ${r.totals.skipped} skipped${r.status !== 0 && r.totals.fail === 0 ? `, exit ${r.status}` : ''}`,
    )
    .join('; ');
  return `npm test: ${sum('pass')} passed, ${sum('fail') + broken.length} failed, ${sum('skipped')} skipped (${detail})`;
}
