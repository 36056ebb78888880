/**
 * Fixture-driven rule tests (see docs/validation.md):
 * - every `test/fixtures/spec/valid/*.yaml` produces no errors, and exactly the warnings its
 *   `# WARNING: CODE` markers name (most have none);
 * - in `test/fixtures/spec/invalid/*.yaml`, each line that should fail carries
 *   `# ERROR: CODE[, CODE…]`; the set of (line, code) error pairs must equal the markers exactly
 *   (a diagnostic's line is its `range.start.line`).
 * A `# platform: <path from repo root>` line selects a platform config instead of the built-in one.
 * Key paths and MSP's wording are checked in paths.test.ts and msp-invalid-examples.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe as group, test } from 'node:test';
import { describe, type Fixture, linePairs, parse, REPO, readFixtures } from './helpers.ts';

function check(f: Fixture) {
  const r = parse(f.text, { file: f.name, ...(f.platform ? { platform: f.platform } : {}) });
  for (const d of r.diagnostics) {
    assert.ok(d.range, `${f.name}: diagnostic without a range:\n${describe([d])}`);
    assert.ok(d.range.start.line >= 1 && d.range.start.column >= 1, `${f.name}: bad position`);
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  const why = `${f.name}: diagnostics were\n${describe(r.diagnostics)}`;
  assert.deepEqual(sorted(linePairs(r.diagnostics, 'error')), sorted(f.errors), why);
  assert.deepEqual(sorted(linePairs(r.diagnostics, 'warning')), sorted(f.warnings), why);
  return r;
}

group('valid fixtures', () => {
  const fixtures = readFixtures('valid');
  test('there are valid fixtures', () => assert.ok(fixtures.length >= 10));
  for (const f of fixtures)
    test(f.name, () => {
      assert.equal(f.errors.size, 0, `${f.name}: valid fixtures carry no ERROR markers`);
      const r = check(f);
      assert.ok(r.value, `${f.name}: a valid spec resolves to a value`);
    });
});

group('invalid fixtures', () => {
  const fixtures = readFixtures('invalid');
  for (const f of fixtures)
    test(f.name, () => {
      assert.ok(f.errors.size > 0, `${f.name}: an invalid fixture needs at least one ERROR marker`);
      const r = check(f);
      assert.equal(r.value, undefined);
    });

  test('every diagnostic code of the spec stage is exercised by a fixture marker', () => {
    // Codes written literally in the spec pipeline, plus the shape codes built from a prefix.
    const sources = ['spec/rules.ts', 'pipeline/parse-spec.ts'].map((f) =>
      readFileSync(join(REPO, 'src', f), 'utf8'),
    );
    const codes = new Set<string>();
    for (const s of sources) for (const m of s.matchAll(/'(SPEC_[A-Z_]+)'/g)) codes.add(m[1]!);
    for (const c of ['UNKNOWN_KEY', 'MISSING_KEY', 'WRONG_TYPE', 'INVALID_VALUE']) codes.add(`SPEC_${c}`);
    for (const c of [
      'DUPLICATE_KEY',
      'YAML_TAB',
      'YAML_SYNTAX',
      'YAML_INDENT',
      'NOT_A_MAPPING',
      'TOO_DEEP',
      'ALIAS_LIMIT',
    ])
      codes.add(`SPEC_${c}`);
    // Needs files next to the spec: see sibling-files.test.ts.
    // The folder check needs the spec's path on disk: see test/cli/first-hour.test.ts.
    const elsewhere = new Set(['SPEC_BIGQUERY_SCHEMA_MISSING', 'SPEC_ID_DIR_MISMATCH']);
    // Warnings are marked in valid fixtures.
    const marked = new Set<string>();
    for (const f of fixtures) for (const p of f.errors) marked.add(p.split(' ')[1]!);
    for (const f of readFixtures('valid')) for (const p of f.warnings) marked.add(p.split(' ')[1]!);
    const missing = [...codes].filter((c) => !marked.has(c) && !elsewhere.has(c)).sort();
    assert.deepEqual(missing, [], 'codes without an invalid fixture');
  });
});
