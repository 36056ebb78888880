import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { quickFixFor, suggestionOf } from './quick-fix.ts';

/** A diagnostic pointing at the first occurrence of `at` in `text`, with a hint. */
function diag(text: string, at: string, hint: string | undefined): Diagnostic {
  const start = text.indexOf(at);
  const pos = (o: number) => ({ line: 1, column: o + 1, offset: o });
  return {
    severity: 'error',
    code: 'SPEC_UNKNOWN_KEY',
    message: 'm',
    path: [],
    ...(hint ? { hint } : {}),
    range: { file: 'f', start: pos(start), end: pos(start + at.length) },
  };
}

const apply = (text: string, f: { start: number; end: number; newText: string }) =>
  text.slice(0, f.start) + f.newText + text.slice(f.end);

test('reads the suggestion of both hint forms', () => {
  assert.equal(suggestionOf('Did you mean `instances`?'), 'instances');
  assert.equal(suggestionOf('Did you mean "projects/p/secrets/s"?'), 'projects/p/secrets/s');
  assert.equal(suggestionOf('Did you mean "a\\"b"?'), 'a"b');
  assert.equal(suggestionOf('Add `instances`.'), undefined);
  assert.equal(suggestionOf(undefined), undefined);
});

test('a key or plain value is replaced plainly', () => {
  const t = 'instancs:\n  cpu: 1\n';
  const f = quickFixFor(diag(t, 'instancs', 'Did you mean `instances`?'), t)!;
  assert.equal(apply(t, f), 'instances:\n  cpu: 1\n');
  assert.equal(f.title, 'Change to "instances"');
});

test('quoted values keep their quotes', () => {
  const d = 'category: "tset"\n';
  assert.equal(apply(d, quickFixFor(diag(d, '"tset"', 'Did you mean "test"?'), d)!), 'category: "test"\n');
  const s = "category: 'tset'\n";
  assert.equal(apply(s, quickFixFor(diag(s, "'tset'", 'Did you mean "test"?'), s)!), "category: 'test'\n");
});

test('a suggestion YAML would not read back as that string is quoted', () => {
  for (const [from, to, want] of [
    ['memory: 4GB', '4Gi', 'memory: 4Gi'],
    ['v: ye', 'yes', 'v: "yes"'],
    ['v: 1.O', '1.0', 'v: "1.0"'],
    ['v: abc', 'a: b', 'v: "a: b"'],
  ] as const) {
    const value = from.split(': ')[1]!;
    assert.equal(apply(from, quickFixFor(diag(from, value, `Did you mean "${to}"?`), from)!), want);
  }
});

test('no fix without a suggestion, on a block, on several lines, or when already equal', () => {
  const t = 'a:\n  - x\n';
  assert.equal(quickFixFor(diag(t, 'x', 'Remove it.'), t), undefined);
  assert.equal(quickFixFor(diag(t, '- x', 'Did you mean `y`?'), t), undefined);
  assert.equal(quickFixFor(diag(t, 'a:\n  - x', 'Did you mean `y`?'), t), undefined);
  assert.equal(quickFixFor(diag(t, 'x', 'Did you mean `x`?'), t), undefined);
});
