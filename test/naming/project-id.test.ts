/**
 * GCP project ID derivation for `msp init` / `init-env`:
 * `<service>-<env>-<hex suffix>` from random bytes, suffix length >= 2, at most 30 characters.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { DEFAULT_SUFFIX_LENGTH, makeProjectID } from '../../src/naming/project-id.ts';
import { minimalSpec, parse } from '../spec/helpers.ts';

test('the default suffix is 4 lowercase hex characters', () => {
  assert.equal(DEFAULT_SUFFIX_LENGTH, 4);
  const r = makeProjectID('msp-test', 'dev', Uint8Array.from([0xab, 0xcd, 0xef]));
  assert.deepEqual(r, { value: 'msp-test-dev-abcd' });
});

test('100 generated IDs contain both ids, are distinct, and validate as projectIDs', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 100; i++) {
    const r = makeProjectID('msp-test', 'dev', randomBytes(8), 8);
    assert.ok('value' in r);
    assert.match(r.value, /^msp-test-dev-[0-9a-f]{8}$/);
    ids.add(r.value);
  }
  assert.equal(ids.size, 100);
  const [one] = ids;
  const spec = minimalSpec({ id: 'msp-test' }).replace('msp-test-dev-3f9a', one!);
  assert.deepEqual(parse(spec).diagnostics, []);
});

test('odd suffix lengths keep the first characters of the hex', () => {
  const r = makeProjectID('svc', 'prod', Uint8Array.from([0x12, 0x34]), 3);
  assert.deepEqual(r, { value: 'svc-prod-123' });
});

test('a suffix shorter than 2 characters is refused', () => {
  assert.deepEqual(makeProjectID('svc', 'dev', randomBytes(4), 1), {
    error: 'suffix length must be at least 2 characters long',
  });
});

test('exactly 30 characters is allowed; 31 is refused with the intended message', () => {
  // 20-character service id + "-" + 4-character env + "-" + 4 = 30.
  const ok = makeProjectID('abcdefghijklmnopqrst', 'prod', randomBytes(4));
  assert.ok('value' in ok && ok.value.length === 30);
  const long = makeProjectID('abcdefghijklmnopqrst', 'stage', Uint8Array.from([0, 0, 0, 0]));
  assert.deepEqual(long, {
    error:
      'project ID "abcdefghijklmnopqrst-stage-0000" must be no longer than 30 characters, try a shorter service ID or environment ID',
  });
});

test('not enough random bytes for the suffix is an error, not a short suffix', () => {
  assert.ok('error' in makeProjectID('svc', 'dev', Uint8Array.from([1]), 4));
});
