/**
 * Error markers in fixture files, shared by the spec, platform and fleet fixture tests
 * (docs/validation.md): a line that should fail carries `# ERROR: CODE[, CODE…]`, a line that
 * should warn `# WARNING: CODE[, CODE…]`. The set of (line, code) pairs a run produces must equal
 * the markers exactly; a diagnostic's line is its `range.start.line`.
 */
import assert from 'node:assert/strict';
import { type Diagnostic, formatPath } from '../../src/diagnostics/diagnostic.ts';

const MARKER = /#\s*(ERROR|WARNING):\s*([A-Z0-9_]+(?:\s*,\s*[A-Z0-9_]+)*)\s*$/;

/** The markers of one file: `line CODE` pairs per severity. */
export interface Markers {
  errors: Set<string>;
  warnings: Set<string>;
}

export function readMarkers(text: string): Markers {
  const errors = new Set<string>();
  const warnings = new Set<string>();
  text.split('\n').forEach((line, i) => {
    const m = MARKER.exec(line);
    if (m)
      for (const code of m[2]!.split(',').map((c) => c.trim()))
        (m[1] === 'ERROR' ? errors : warnings).add(`${i + 1} ${code}`);
  });
  return { errors, warnings };
}

/** `line CODE` pairs of the diagnostics of one severity. */
export function linePairs(diags: readonly Diagnostic[], severity: 'error' | 'warning'): Set<string> {
  return new Set(
    diags.filter((d) => d.severity === severity).map((d) => `${d.range?.start.line ?? '?'} ${d.code}`),
  );
}

/** Pairs sorted by line, then code, for readable assertion diffs. */
export function sortedPairs(s: Iterable<string>): string[] {
  return [...s].sort(
    (a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || (a < b ? -1 : a > b ? 1 : 0),
  );
}

/** One line per diagnostic, for assertion messages. */
export function describe(diags: readonly Diagnostic[]): string {
  return diags
    .map(
      (d) =>
        `  ${d.range ? `${d.range.start.line}:${d.range.start.column}` : '-'} ${d.severity} ${d.code} ${formatPath(d.path)}: ${d.message}`,
    )
    .join('\n');
}

/**
 * The one fixture check: every diagnostic has a position, and the (line, code) pairs of the
 * errors and of the warnings equal the file's markers exactly.
 */
export function assertMatchesMarkers(name: string, diags: readonly Diagnostic[], markers: Markers): void {
  for (const d of diags) {
    assert.ok(d.range, `${name}: diagnostic without a range:\n${describe([d])}`);
    assert.ok(d.range.start.line >= 1 && d.range.start.column >= 1, `${name}: bad position`);
  }
  const why = `${name}: diagnostics were\n${describe(diags)}`;
  assert.deepEqual(sortedPairs(linePairs(diags, 'error')), sortedPairs(markers.errors), why);
  assert.deepEqual(sortedPairs(linePairs(diags, 'warning')), sortedPairs(markers.warnings), why);
}
