import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { recoverInterrupted, replaceTrees, swapTrees } from './write-service.ts';

let dir: string;
const put = (path: string, text: string) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const read = (path: string) => readFileSync(join(dir, path), 'utf8');

describe('replaceTrees and recovery', () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'msp-swap-'));
    put('terraform/a.json', 'old-a');
    put('docs/operations.md', 'old-docs');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces several folders together and leaves nothing behind', () => {
    replaceTrees(dir, [
      { name: 'terraform', files: [{ path: 'x/b.json', content: 'new-b' }] },
      { name: 'docs', files: [{ path: 'operations.md', content: 'new-docs' }] },
    ]);
    assert.equal(read('terraform/x/b.json'), 'new-b');
    assert.equal(read('docs/operations.md'), 'new-docs');
    assert.deepEqual(readdirSync(dir).sort(), ['docs', 'terraform']);
  });

  it('pauses after each named step, in order', () => {
    const swap = swapTrees(dir, [{ name: 'terraform', files: [{ path: 'b.json', content: 'new' }] }]);
    const steps: string[] = [];
    for (let s = swap.next(); !s.done; s = swap.next()) steps.push(s.value);
    assert.deepEqual(steps, ['written', 'committed', 'moved-aside', 'moved-in']);
    assert.equal(read('terraform/b.json'), 'new');
  });

  it('a failure before the swap keeps the old folders', () => {
    const swap = swapTrees(dir, [{ name: 'terraform', files: [{ path: 'b.json', content: 'new' }] }]);
    assert.equal(swap.next().value, 'written');
    assert.ok(readdirSync(dir).some((n) => n.startsWith('.msp-tmp-terraform-')));
    assert.throws(() => swap.throw(new Error('boom')), /boom/);
    assert.equal(read('terraform/a.json'), 'old-a');
    assert.deepEqual(readdirSync(dir).sort(), ['docs', 'terraform']);
  });

  it('rolls back a swap killed before its commit marker', () => {
    // Killed after moving terraform aside, before the marker: the old tree comes back.
    put('.msp-tmp-terraform-1-a/b.json', 'new');
    put('.msp-tmp-docs-1-a/operations.md', 'new-docs');
    mkdirSync(join(dir, '.msp-old-terraform-1-a'));
    writeFileSync(join(dir, '.msp-old-terraform-1-a', 'a.json'), 'old-a');
    rmSync(join(dir, 'terraform'), { recursive: true });
    recoverInterrupted(dir);
    assert.equal(read('terraform/a.json'), 'old-a');
    assert.equal(read('docs/operations.md'), 'old-docs');
    assert.deepEqual(readdirSync(dir).sort(), ['docs', 'terraform']);
  });

  it('rolls forward a swap killed after its commit marker (one folder swapped, one not)', () => {
    writeFileSync(join(dir, '.msp-commit-1-a'), '');
    // terraform already swapped (old tree aside), docs still waiting in its temp folder.
    mkdirSync(join(dir, '.msp-old-terraform-1-a'));
    writeFileSync(join(dir, '.msp-old-terraform-1-a', 'a.json'), 'old-a');
    rmSync(join(dir, 'terraform'), { recursive: true });
    put('terraform/b.json', 'new-b');
    put('.msp-tmp-docs-1-a/operations.md', 'new-docs');
    recoverInterrupted(dir);
    assert.equal(read('terraform/b.json'), 'new-b');
    assert.equal(read('docs/operations.md'), 'new-docs');
    assert.deepEqual(readdirSync(dir).sort(), ['docs', 'terraform']);
  });
});
