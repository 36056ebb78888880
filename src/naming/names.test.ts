import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fitName } from './names.ts';

test('fitName keeps names that fit and shortens the others deterministically, keeping the suffix', () => {
  assert.equal(fitName('acme-api-prod-us-central1', 63, '-https'), 'acme-api-prod-us-central1-https');
  const long = 'abcdefghijklmnopqrst-stage-northamerica-northeast1';
  const a = fitName(long, 63, '-security-policy');
  assert.equal(a, fitName(long, 63, '-security-policy'));
  assert.equal(a.length <= 63, true);
  assert.match(a, /^abcdefghijklmnopqrst-stage-northamerica-[0-9a-f]{6}-security-policy$/);
  assert.notEqual(fitName(`${long}x`, 63, '-security-policy'), a);
});

test('property: fitName output is within the limit, RFC 1035 for RFC 1035 input, and unchanged when it fits', () => {
  const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,80}[a-z0-9]$/).filter((s) => !s.includes('--'));
  fc.assert(
    fc.property(
      label,
      fc.constantFrom('', '-https', '-security-policy'),
      fc.integer({ min: 30, max: 63 }),
      (s, suffix, max) => {
        const out = fitName(s, max, suffix);
        assert.ok(out.length <= max, out);
        assert.match(out, /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/);
        if ((s + suffix).length <= max) assert.equal(out, s + suffix);
        else assert.ok(out.endsWith(suffix));
      },
    ),
    { numRuns: 300 },
  );
});
