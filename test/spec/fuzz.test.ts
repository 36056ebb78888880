/**
 * Fuzz test: mutates the example specs (test/spec/fuzz-cases.ts: deleted keys, swapped value
 * types, unknown keys, odd strings with `${`, `{{` and unicode, huge numbers, nulls, deep
 * nesting, duplicated lines/keys, tabs, cuts, raw bytes) and checks that parseSpec never throws,
 * never hangs (a generous 2 s per case) and that every diagnostic has a code, a message, a path
 * and a position. Every valid mutation must also generate Terraform that passes the schema check. 2,000 cases; the seed is printed so a failure
 * can be replayed with FUZZ_SEED=<seed>. Larger runs: scripts/fuzz-spec.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkGenerates, checkResult, fuzzCase, loadExamples, runCase, showInput } from './fuzz-cases.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
// A hang guard, not a speed target: a case this slow means a runaway loop or backtracking.
const MAX_MS_PER_CASE = 5000;

test(`parseSpec survives ${RUNS} mutated example specs`, (t) => {
  const examples = loadExamples();
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
  let ran = 0;
  let slowest = 0;
  let valid = 0;
  const codes = new Set<string>();
  const t0 = performance.now();
  const details = fc.check(
    fc.property(fuzzCase(examples.length), (c) => {
      ran++;
      const o = runCase(c, examples);
      slowest = Math.max(slowest, o.ms);
      if (o.result.value) valid++;
      for (const d of o.result.diagnostics) codes.add(d.code);
      const problems = [...checkResult(o.input, o.result), ...checkGenerates(o.result)];
      if (o.ms > MAX_MS_PER_CASE) problems.push(`took ${o.ms.toFixed(0)} ms`);
      if (problems.length > 0) throw new Error(`${problems.join('\n')}\ninput:\n${showInput(o.input)}`);
    }),
    { numRuns: RUNS, seed },
  );
  const secs = (performance.now() - t0) / 1000;
  t.diagnostic(
    `seed ${seed}: ${ran} cases in ${secs.toFixed(1)} s (${(ran / secs).toFixed(0)} cases/s), ${valid} valid, ${codes.size} distinct codes, slowest ${slowest.toFixed(0)} ms`,
  );
  assert.ok(!details.failed, fc.defaultReportMessage(details) ?? 'failed');
  assert.equal(ran, RUNS);
  // The mutations reach past the YAML layer into the shape check and the rules.
  for (const c of ['SPEC_WRONG_TYPE', 'SPEC_UNKNOWN_KEY', 'SPEC_MISSING_KEY'])
    assert.ok(codes.has(c), `no ${c} seen`);
  assert.ok(valid > 0, 'some mutations keep the spec valid');
});
