/**
 * Fixture-driven rule tests (see docs/validation.md):
 * - every `test/fixtures/spec/valid/*.yaml` produces no errors, and exactly the warnings its
 *   `# WARNING: CODE` markers name (most have none);
 * - in `test/fixtures/spec/invalid/*.yaml`, each line that should fail carries
 *   `# ERROR: CODE[, CODE…]`; the set of (line, code) error pairs must equal the markers exactly
 *   (a diagnostic's line is its `range.start.line`).
 * A `# platform: <path from repo root>` line selects a platform config instead of the built-in one.
 * Key paths and MSP's wording are checked in paths.test.ts and msp-invalid-examples.test.ts; that
 * every declared code is produced somewhere is checked by test/diagnostics/catalogue.test.ts.
 */
import assert from 'node:assert/strict';
import { describe as group, test } from 'node:test';
import { assertMatchesMarkers } from '../support/markers.ts';
import { type Fixture, parse, readFixtures } from './helpers.ts';

function check(f: Fixture) {
  const r = parse(f.text, { file: f.name, ...(f.platform ? { platform: f.platform } : {}) });
  assertMatchesMarkers(f.name, r.diagnostics, f);
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
});
