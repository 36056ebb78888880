// The combined summary line of `npm test` (scripts/test-all.mjs), from each suite's TAP results.

/** The totals of a TAP stream: node's test runner ends it with `# pass N`, `# fail N`, … lines. */
export function tapTotals(text) {
  const n = (key) => {
    const all = [...text.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))];
    return all.length > 0 ? Number(all[all.length - 1][1]) : undefined;
  };
  const pass = n('pass');
  if (pass === undefined) return undefined;
  return {
    pass,
    fail: (n('fail') ?? 0) + (n('cancelled') ?? 0),
    skipped: (n('skipped') ?? 0) + (n('todo') ?? 0),
  };
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
