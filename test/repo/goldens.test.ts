/**
 * Every golden file, compared byte for byte through the one helper (test/support/goldens.ts).
 * Refresh after an intended change: `npm run goldens`, then review the diff.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareGolden, goldenSets, strayGoldens } from '../support/goldens.ts';

const sets = await goldenSets();

for (const set of sets)
  describe(`goldens: ${set.name}`, () => {
    test('the set is not empty', () => assert.ok(set.files.length > 0));
    for (const g of set.files) test(g.path, () => assert.equal(compareGolden(g), undefined));
    test('no stray generated file', () =>
      assert.deepEqual(strayGoldens(set), [], 'files no generator writes: run `npm run goldens`'));
  });

test('no golden is listed twice', () => {
  const paths = sets.flatMap((s) => s.files.map((f) => f.path));
  assert.deepEqual(
    paths.filter((p, i) => paths.indexOf(p) !== i),
    [],
  );
});
