/**
 * Fixture-driven tests of the platform-config rules, like the spec's (docs/validation.md):
 * every `test/fixtures/platform/valid/*.yaml` parses with no errors and exactly the warnings its
 * `# WARNING: CODE` markers name; in `test/fixtures/platform/invalid/*.yaml` the (line, code)
 * pairs of the errors equal the `# ERROR: CODE` markers exactly.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe as group, test } from 'node:test';
import { parsePlatformConfig } from '../../src/platform/parse.ts';
import { codesOf, describe, linePairs, readMarkers, sortedPairs } from '../support/markers.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'platform');

function fixtures(kind: 'valid' | 'invalid') {
  return readdirSync(join(DIR, kind))
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(DIR, kind, name), 'utf8');
      return { name: `${kind}/${name}`, text, ...readMarkers(text) };
    });
}

function check(f: ReturnType<typeof fixtures>[number]) {
  const r = parsePlatformConfig(f.text, f.name);
  for (const d of r.diagnostics)
    assert.ok(d.range, `${f.name}: diagnostic without a range:\n${describe([d])}`);
  const why = `${f.name}: diagnostics were\n${describe(r.diagnostics)}`;
  assert.deepEqual(sortedPairs(linePairs(r.diagnostics, 'error')), sortedPairs(f.errors), why);
  assert.deepEqual(sortedPairs(linePairs(r.diagnostics, 'warning')), sortedPairs(f.warnings), why);
  return r;
}

group('platform fixtures', () => {
  const valid = fixtures('valid');
  const invalid = fixtures('invalid');
  for (const f of valid)
    test(f.name, () => {
      assert.equal(f.errors.size, 0, `${f.name}: valid fixtures carry no ERROR markers`);
      assert.ok(check(f).value, `${f.name}: a valid config resolves to a value`);
    });
  for (const f of invalid)
    test(f.name, () => {
      assert.ok(f.errors.size > 0, `${f.name}: an invalid fixture needs at least one ERROR marker`);
      assert.equal(check(f).value, undefined);
    });

  test('every platform diagnostic code is exercised by a fixture marker', () => {
    const src = join(import.meta.dirname, '..', '..', 'src', 'platform');
    const codes = new Set<string>();
    for (const n of readdirSync(src).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')))
      for (const m of readFileSync(join(src, n), 'utf8').matchAll(/'(PLATFORM_[A-Z_]+)'/g)) codes.add(m[1]!);
    const marked = new Set([...valid, ...invalid].flatMap((f) => codesOf([...f.errors, ...f.warnings])));
    // Raised per service (paths into service.yaml): see test/cli/placeholders.test.ts.
    const elsewhere = new Set(['PLATFORM_NOT_PROVIDED']);
    assert.deepEqual([...codes].filter((c) => !marked.has(c) && !elsewhere.has(c)).sort(), []);
  });
});
