/**
 * Fixture-driven tests of the platform-config rules, like the spec's (docs/validation.md):
 * every `test/fixtures/platform/valid/*.yaml` parses with no errors and exactly the warnings its
 * `# WARNING: CODE` markers name; in `test/fixtures/platform/invalid/*.yaml` the (line, code)
 * pairs of the errors equal the `# ERROR: CODE` markers exactly. That every platform code is
 * produced somewhere is checked by test/diagnostics/catalogue.test.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe as group, test } from 'node:test';
import { parsePlatformConfig } from '../../src/platform/parse.ts';
import { assertMatchesMarkers, readMarkers } from '../support/markers.ts';

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
  assertMatchesMarkers(f.name, r.diagnostics, f);
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
});
