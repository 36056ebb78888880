import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { swapTrees } from '../../src/io/write-service.ts';
import { cli, copyExamples, snapshotTree } from '../support/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('generate on a copy of the fleet', () => {
  let fleet: ReturnType<typeof copyExamples>;
  before(() => {
    fleet = copyExamples();
  });
  after(() => fleet.cleanup());

  test('twice in a row gives byte-identical files, and the second run skips unchanged services', async () => {
    const a = await cli(['generate', '--all', '--force', '--root', fleet.dir], ROOT);
    assert.equal(a.code, 0, a.stderr);
    const first = snapshotTree(join(fleet.dir, 'services'));
    const b = await cli(['generate', '--all', '--force', '--root', fleet.dir], ROOT);
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual(snapshotTree(join(fleet.dir, 'services')), first);
    const c = await cli(['generate', '--all', '--root', fleet.dir], ROOT);
    assert.match(c.stdout, /4 services: 4 unchanged/);
  });

  test('--check passes right after generate and fails with a readable diff after a spec edit', async () => {
    assert.equal((await cli(['generate', '--all', '--root', fleet.dir], ROOT)).code, 0);
    assert.equal((await cli(['generate', '--all', '--check', '--root', fleet.dir], ROOT)).code, 0);
    const spec = join(fleet.dir, 'services', 'acme-api', 'service.yaml');
    const before = readFileSync(spec, 'utf8');
    try {
      writeFileSync(spec, before.replace('projectID: acme-api-dev-3f9a', 'projectID: acme-api-dev-4e0b'));
      const r = await cli(['generate', '--all', '--check', '--root', fleet.dir], ROOT);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^--- a\/services\/acme-api\/terraform\/dev\/stacks\/project\/main\.tf\.json/m);
      assert.match(r.stdout, /^-\s+"project_id": "acme-api-dev-3f9a"$/m);
      assert.match(r.stdout, /^\+\s+"project_id": "acme-api-dev-4e0b"$/m);
      assert.match(r.stderr, /stale/);
    } finally {
      writeFileSync(spec, before);
    }
  });

  test('a spec error leaves the previous output untouched and exits 1', async () => {
    assert.equal((await cli(['generate', '--all', '--root', fleet.dir], ROOT)).code, 0);
    const out = join(fleet.dir, 'services', 'nightly-sync', 'terraform');
    const snap = snapshotTree(out);
    const spec = join(fleet.dir, 'services', 'nightly-sync', 'service.yaml');
    const text = readFileSync(spec, 'utf8');
    try {
      writeFileSync(spec, text.replace('cpu: 1', 'cpu: 99'));
      const r = await cli(['generate', 'nightly-sync', '--root', fleet.dir], ROOT);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /service\.yaml:\d+:\d+: error SPEC_CPU_TOO_HIGH/);
      assert.deepEqual(snapshotTree(out), snap);
    } finally {
      writeFileSync(spec, text);
    }
  });

  test('a failure before the swap keeps every previous file', async () => {
    assert.equal((await cli(['generate', '--all', '--root', fleet.dir], ROOT)).code, 0);
    const snap = snapshotTree(join(fleet.dir, 'services'));
    // The service's swap, stopped by a failure once its new trees are written.
    const swap = swapTrees(join(fleet.dir, 'services', 'acme-api'), [
      { name: 'terraform', files: [{ path: 'dev/stacks/project/main.tf.json', content: '{}' }] },
      { name: 'docs', files: [{ path: 'operations.md', content: 'new' }] },
    ]);
    assert.equal(swap.next().value, 'written');
    assert.throws(() => swap.throw(new Error('disk full')), /disk full/);
    assert.deepEqual(snapshotTree(join(fleet.dir, 'services')), snap);
    assert.equal((await cli(['generate', '--all', '--check', '--root', fleet.dir], ROOT)).code, 0);
  });

  test('generated files that no longer belong are removed; nothing outside terraform/ is touched', async () => {
    const spec = join(fleet.dir, 'services', 'search-grpc', 'service.yaml');
    const text = readFileSync(spec, 'utf8');
    assert.equal((await cli(['generate', 'search-grpc', '--root', fleet.dir, '--force'], ROOT)).code, 0);
    assert.ok(existsSync(join(fleet.dir, 'services', 'search-grpc', 'terraform', 'test')));
    const keep = join(fleet.dir, 'services', 'search-grpc', 'NOTES.txt');
    writeFileSync(keep, 'hand-written');
    // Drop the `test` environment (the first one) from the spec.
    const withoutTest = text.replace(/ {2}- id: test[\s\S]*?(?= {2}- id: prod)/, '');
    try {
      writeFileSync(spec, withoutTest);
      assert.equal((await cli(['generate', 'search-grpc', '--root', fleet.dir], ROOT)).code, 0);
      assert.ok(!existsSync(join(fleet.dir, 'services', 'search-grpc', 'terraform', 'test')));
      assert.equal(readFileSync(keep, 'utf8'), 'hand-written');
    } finally {
      writeFileSync(spec, text);
    }
  });
});

describe('crash safety', () => {
  test('killing generate --all at random points, or running two at once, never leaves mixed or partial files nor loses custom files (short campaign)', () => {
    // The long campaign: node scripts/kill-generate.mjs --services 60 --kills 40
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'scripts', 'kill-generate.mjs'),
        ...['--services', '20', '--kills', '6', '--concurrent', '4', '--seed', '7'],
      ],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /"mixedOrPartial":0/);
  });
});
