/**
 * The repository stands on its own: no source, test, script or doc cites the design notes or
 * reference files that live outside it (the sibling `shared` folder, its direction/style notes
 * and its `*-REFERENCE` files). Facts they held are written in docs/ and cited from there.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

// Built from parts so this file does not match itself.
const FORBIDDEN = new RegExp(
  [
    '(SPEC|STACKS|TOOLING)-' + 'REFERENCE',
    'DIRECTION' + '\\.md',
    'STYLE' + '\\.md',
    '\\.\\./' + 'shared',
  ].join('|'),
);
const ROOTS = ['src', 'test', 'packages', 'scripts', 'docs', 'examples'];
const FILES = ['README.md', 'ARCHITECTURE.md', 'BENCHMARKS.md'];
const SKIP = new Set(['node_modules', 'dist', '.git']);

function walk(dir: string, out: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

test('no file cites design notes outside the repository', () => {
  const files = [...ROOTS.flatMap((r) => walk(r, [])), ...FILES];
  assert.ok(files.length > 100, `expected to scan the repository, found ${files.length} files`);
  const hits: string[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    text.split('\n').forEach((line, i) => {
      if (FORBIDDEN.test(line)) hits.push(`${f}:${i + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  assert.deepEqual(hits, [], 'cite docs/ or ARCHITECTURE.md instead');
});
