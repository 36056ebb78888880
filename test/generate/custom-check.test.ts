/**
 * Custom Terraform next to the generated stacks is checked by `msp generate` (and `--check`):
 * the example fleet's custom file passes and is kept; a broken one fails the service with the
 * error at its line and column, and nothing is written.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, copyExamples, snapshotTree } from '../support/cli.ts';

const CUSTOM = join(
  'services',
  'nightly-sync',
  'terraform',
  'prod',
  'stacks',
  'cloudrun',
  'custom-exports-bucket.tf.json',
);

test('the example custom file is kept across --force and passes the check; a typo in it is reported at its line', async () => {
  const fleet = copyExamples();
  try {
    const file = join(fleet.dir, CUSTOM);
    const original = readFileSync(file, 'utf8');
    const r = await cli(['generate', 'nightly-sync', '--force', '--root', fleet.dir], fleet.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), original);

    writeFileSync(
      file,
      original.replace('"role": "roles/storage.objectAdmin"', '"rol": "roles/storage.objectAdmin"'),
    );
    const before = snapshotTree(join(fleet.dir, 'services', 'nightly-sync', 'terraform'));
    const bad = await cli(['generate', 'nightly-sync', '--force', '--root', fleet.dir], fleet.dir);
    assert.equal(bad.code, 1, bad.stderr);
    const line = original.split('\n').findIndex((l) => l.includes('"role": "roles/storage.objectAdmin"')) + 1;
    assert.match(
      bad.stderr,
      new RegExp(`custom-exports-bucket\\.tf\\.json:${line}:9: error TF_UNKNOWN_ATTRIBUTE`),
    );
    assert.match(bad.stderr, /Did you mean "role"\?/);
    assert.match(bad.stderr, /not written: custom Terraform next to the generated stacks fails/);
    assert.deepEqual(snapshotTree(join(fleet.dir, 'services', 'nightly-sync', 'terraform')), before);

    const check = await cli(['generate', '--all', '--check', '--root', fleet.dir], fleet.dir);
    assert.equal(check.code, 1, 'generate --check fails on a broken custom file');
  } finally {
    fleet.cleanup();
  }
});
