/**
 * Bugs the fuzz runs found (test/spec/fuzz.test.ts, scripts/fuzz-spec.ts), each replayed from the
 * counterexample fast-check reported (see the seed in its name), plus a plain-spec version that
 * says what the right answer is. A new fuzz finding gets its case here before the fix.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkGenerates,
  checkResult,
  type FuzzCase,
  loadExamples,
  runCase,
  withProcessWarnings,
} from './fuzz-cases.ts';
import { describe, errorsOf, parse } from './helpers.ts';

const examples = loadExamples();

/** Replays one fuzz case: parseSpec must not throw, every invariant holds, a valid spec generates. */
function replay(c: FuzzCase): ReturnType<typeof runCase> {
  const o = runCase(c, examples);
  assert.deepEqual([...checkResult(o.input, o.result), ...o.warnings, ...checkGenerates(o.result)], []);
  return o;
}

const acme = examples.find((e) => e.text.includes('id: acme-api'));
assert.ok(acme, 'the acme-api example is among the fuzz examples');

test('seed 991228040: a zone with a space is a located SPEC_DOMAIN_ZONE_INVALID error, not a generate failure', () => {
  const o = replay({
    example: 2,
    struct: [{ kind: 'duplicateItem', walk: [0] }],
    text: [{ kind: 'insertText', at: 942379745, text: ' ' }],
  } as FuzzCase);
  assert.ok(typeof o.input === 'string');
  const r = parse(acme.text.replace('zone: acme.com', 'zone: acme. com'));
  const e = errorsOf(r).find((d) => d.code === 'SPEC_DOMAIN_ZONE_INVALID');
  assert.ok(e, describe(r.diagnostics));
  assert.deepEqual(e.path.slice(-3), ['domain', 'cloudflare', 'zone']);
  assert.ok(e.range && e.range.start.line > 1);
});

test('seed 992951828: a zone holding a Terraform interpolation is a located SPEC_DOMAIN_ZONE_INVALID error', () => {
  replay({
    example: 0,
    struct: [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation, on purpose
      { kind: 'set', walk: [1148542358, 0, 144303482, 666267991, 440267281], value: '${var.x}' },
    ],
    text: [],
  } as FuzzCase);
  for (const zone of [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation, on purpose
    '"${var.x}"',
    'Acme.com',
    'com',
    'acme..com',
    '-acme.com',
    'acme.com.',
    'https://acme.com',
  ]) {
    const r = parse(acme.text.replace('zone: acme.com', `zone: ${zone}`));
    const e = errorsOf(r).find((d) => d.code === 'SPEC_DOMAIN_ZONE_INVALID' && d.path.at(-1) === 'zone');
    assert.ok(e, `zone ${zone}:\n${describe(r.diagnostics)}`);
  }
  for (const zone of ['acme.com', 'a-1.example.co.uk', '1password.com']) {
    const r = parse(acme.text.replace('zone: acme.com', `zone: ${zone}`));
    assert.deepEqual(errorsOf(r), [], `zone ${zone}`);
  }
});

test('a subdomain and zone too long together for a DNS name is a SPEC_DOMAIN_TOO_LONG error at validate', () => {
  const zone = [63, 63, 63, 61].map((n) => 'z'.repeat(n)).join('.'); // 253 characters, a valid zone
  const r = parse(acme.text.replace('zone: acme.com', `zone: ${zone}`));
  const e = errorsOf(r).find((d) => d.code === 'SPEC_DOMAIN_TOO_LONG');
  assert.ok(e, describe(r.diagnostics));
  assert.deepEqual(e.path.slice(-3), ['domain', 'cloudflare', 'subdomain']);
});

test('seed 992270929: a mapping with a toString or valueOf key where a word is expected is an error, not a TypeError', () => {
  for (const v of ['{toString: 1}', '{valueOf: x, toString: y}', '{constructor: 1}', '[toString]']) {
    for (const [key, re] of [
      ['category', /category: \w+/],
      ['type', /type: (?:subscription|rollout)/],
    ] as const) {
      const text = acme.text.replace(re, `${key}: ${v}`);
      assert.notEqual(text, acme.text);
      const r = parse(text);
      assert.ok(errorsOf(r).length > 0, `${key}: ${v}`);
      for (const d of r.diagnostics) assert.ok(d.range, `${d.code} located`);
    }
  }
});

test('seed 291223001: a key tagged !!binary is a located SPEC_COMPLEX_KEY error with no process warning', () => {
  replay({
    example: 3,
    struct: [],
    text: [{ kind: 'insertText', at: 772271018, text: '!!binary ' }],
  } as FuzzCase);
  for (const key of ['!!binary dir', '!!binary aGVsbG8=', '!!timestamp 2001-12-14']) {
    const text = acme.text.replace(/^ {4}projectID:/m, `    ${key}:`);
    const o: { value: ReturnType<typeof parse>; warnings: string[] } = withProcessWarnings(() => parse(text));
    assert.deepEqual(o.warnings, []);
    const e = errorsOf(o.value).find((d) => d.code === 'SPEC_COMPLEX_KEY');
    assert.ok(e, `${key}:\n${describe(o.value.diagnostics)}`);
    const line: number = text.slice(0, text.indexOf(key)).split('\n').length;
    assert.equal(e.range?.start.line, line);
  }
});
