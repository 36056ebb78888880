/**
 * The diagnostic catalogue (src/diagnostics/codes/): every entry is complete and sits in the
 * table of its stage, and every declared code is produced by a test: a fixture marker (checked by
 * the fixture tests), a case in cases.ts (run here), or a named test file that asserts it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  CODE_TABLES,
  catalogue,
  type DiagnosticCode,
  isDiagnosticCode,
} from '../../src/diagnostics/codes/index.ts';
import { CASES } from './cases.ts';

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

/**
 * Codes marked `# ERROR:`/`# WARNING:` in a fixture (or listed in a fleet fixture's `expected.txt`);
 * the fixture tests check they are produced.
 */
function markedCodes(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'expected.txt')
        // Fleet fixtures list diagnostics without a line as `<severity> <file> <code>`.
        for (const m of readFileSync(p, 'utf8').matchAll(/^(?:error|warning) \S+ ([A-Z0-9_]+)$/gm))
          out.add(m[1]!);
      else
        for (const m of readFileSync(p, 'utf8').matchAll(
          /#\s*(?:ERROR|WARNING):\s*([A-Z0-9_]+(?:\s*,\s*[A-Z0-9_]+)*)/g,
        ))
          for (const c of m[1]!.split(',')) out.add(c.trim());
    }
  };
  walk(join(import.meta.dirname, '..', 'fixtures'));
  return out;
}

/**
 * Codes no case can produce on every machine, each with the test that produces and asserts it
 * where the machine allows: IO_LEFTOVER needs a leftover folder the process cannot delete, which
 * only `chattr +i` makes for root (the test skips, loudly, where chattr is missing).
 */
const EXERCISED_IN: Partial<Record<DiagnosticCode, string>> = {
  IO_LEFTOVER: 'test/generate/ownership.test.ts',
};

describe('every declared code is produced by a test', () => {
  const marked = markedCodes();
  const REPO = join(import.meta.dirname, '..', '..');
  for (const e of catalogue()) {
    const run = CASES[e.code];
    if (run)
      test(`${e.code}: its case produces it`, async () => {
        const diags = await run();
        for (const d of diags) assert.ok(isDiagnosticCode(d.code), `undeclared code ${d.code}`);
        assert.ok(
          diags.some((d) => d.code === e.code),
          `${e.code} not produced; got ${diags.map((d) => d.code).join(', ') || 'nothing'}`,
        );
      });
  }
  test('each code has a fixture marker, a case, or a test that asserts it', () => {
    const missing: string[] = [];
    for (const e of catalogue()) {
      const where = EXERCISED_IN[e.code];
      const covered =
        marked.has(e.code) ||
        CASES[e.code] !== undefined ||
        (where !== undefined && new RegExp(`\\b${e.code}\\b`).test(readFileSync(join(REPO, where), 'utf8')));
      if (!covered) missing.push(e.code);
    }
    assert.deepEqual(missing, [], 'declared codes no test produces: add a fixture marker or a case');
  });
  test('fixture markers name declared codes only', () => {
    for (const c of marked) assert.ok(isDiagnosticCode(c), `a fixture marks ${c}, which no table declares`);
  });
});
