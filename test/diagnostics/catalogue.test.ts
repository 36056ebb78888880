/**
 * The diagnostic catalogue (src/diagnostics/codes/): every entry is complete and sits in the
 * table of its stage.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CODE_TABLES, catalogue } from '../../src/diagnostics/codes/index.ts';

const PREFIX = {
  spec: /^SPEC_[A-Z0-9_]+$/,
  platform: /^PLATFORM_[A-Z0-9_]+$/,
  fleet: /^FLEET_[A-Z0-9_]+$/,
  terraform: /^TF_[A-Z0-9_]+$/,
  images: /^IMAGE_[A-Z0-9_]+$/,
  io: /^IO_[A-Z0-9_]+$/,
  cli: /^INTERNAL_ERROR$/,
} as const;

test('every code sits in the table of its stage, once', () => {
  const seen = new Set<string>();
  for (const e of catalogue()) {
    assert.match(e.code, PREFIX[e.stage], `${e.code} is in the ${e.stage} table`);
    assert.ok(!seen.has(e.code), `${e.code} is declared twice`);
    seen.add(e.code);
  }
  assert.equal(
    seen.size,
    Object.values(CODE_TABLES).reduce((n, t) => n + Object.keys(t).length, 0),
  );
});

test('every entry says what it means, gives an example and a fix', () => {
  for (const e of catalogue()) {
    for (const k of ['meaning', 'example', 'fix'] as const)
      assert.ok(e[k].trim().length >= 8, `${e.code}: ${k} is missing or too short`);
    assert.ok(/[.)`]$/.test(e.fix.trim()), `${e.code}: the fix is a sentence`);
    for (const old of e.formerly ?? []) {
      assert.notEqual(old, e.code, `${e.code} names itself as a former code`);
      assert.match(old, /^[A-Z][A-Z0-9_]+$/, `${e.code}: former code ${old}`);
    }
  }
});
