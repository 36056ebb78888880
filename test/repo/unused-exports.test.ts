/**
 * No unused exports: every name a module of src/ exports is imported by another module, a test,
 * a script or the runtime package (scripts/unused-exports.ts, `npm run check:exports`). A name
 * only its own module uses is not exported; a name nothing uses is deleted.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { unusedExports } from '../../scripts/unused-exports.ts';

test('every export of src/ is imported somewhere else', () => {
  assert.deepEqual(unusedExports(), [], 'unexport these (npm run check:exports lists them)');
});

test('the check follows named, type, namespace, re-exported and lazily imported uses', () => {
  const root = mkdtempSync(join(tmpdir(), 'msp-unused-'));
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  try {
    put(
      'src/a/lib.ts',
      [
        'export const named = 1;',
        'export type Shape = { x: number };',
        'export function viaNamespace() {}',
        'export const viaBarrel = 2;',
        'export async function lazy() {}',
        'export const onlyHere = 3;',
        'export interface Unused {}',
        'const local = 4;',
        'export { local };',
        'export const alsoUnused = onlyHere + local;',
      ].join('\n'),
    );
    put('src/a/barrel.ts', "export { viaBarrel } from './lib.ts';\nexport const barrelOnly = 0;\n");
    put(
      'src/b/use.ts',
      [
        "import { named, type Shape } from '../a/lib.ts';",
        "import * as lib from '../a/lib.ts';",
        "import { viaBarrel } from '../a/barrel.ts';",
        'export async function run(s: Shape) {',
        "  const { lazy } = await import('../a/lib.ts');",
        '  lib.viaNamespace();',
        '  return named + viaBarrel + s.x + (await lazy(), 0);',
        '}',
      ].join('\n'),
    );
    put('test/use.test.ts', "import { run } from '../src/b/use.ts';\nvoid run;\n");
    assert.deepEqual(unusedExports(root), [
      'src/a/barrel.ts: barrelOnly',
      'src/a/lib.ts: Unused',
      'src/a/lib.ts: alsoUnused',
      'src/a/lib.ts: local',
      'src/a/lib.ts: onlyHere',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
