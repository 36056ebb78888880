/**
 * Fuzz test: mutates the example specs (test/spec/fuzz-cases.ts: deleted keys, swapped value
 * types, unknown keys, odd strings with `${`, `{{` and unicode, huge numbers, nulls, deep
 * nesting, duplicated lines/keys, tabs, cuts, raw bytes) and checks that parseSpec never throws,
 * never hangs (a generous 2 s per case) and that every diagnostic has a code, a message, a path
 * and a position. A few thousand cases, stopped after ~15 s; the seed is printed so a failure
 * can be replayed with FUZZ_SEED=<seed>. Larger runs: scripts/fuzz-spec.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkResult, fuzzCase, loadExamples, runCase, showInput } from './fuzz-cases.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 15_000);
const MAX_MS_PER_CASE = 2000;

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
      const problems = checkResult(o.input, o.result);
      if (o.ms > MAX_MS_PER_CASE) problems.push(`took ${o.ms.toFixed(0)} ms`);
      if (problems.length > 0) throw new Error(`${problems.join('\n')}\ninput:\n${showInput(o.input)}`);
    }),
    { numRuns: RUNS, seed, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
  );
  const secs = (performance.now() - t0) / 1000;
  t.diagnostic(
    `seed ${seed}: ${ran} cases in ${secs.toFixed(1)} s (${(ran / secs).toFixed(0)} cases/s), ${valid} valid, ${codes.size} distinct codes, slowest ${slowest.toFixed(0)} ms`,
  );
  assert.ok(!details.failed, fc.defaultReportMessage(details) ?? 'failed');
  assert.ok(ran >= 500, `only ${ran} cases ran within the time limit`);
  // The mutations reach past the YAML layer into the shape check and the rules.
  for (const c of ['SPEC_WRONG_TYPE', 'SPEC_UNKNOWN_KEY', 'SPEC_MISSING_KEY'])
    assert.ok(codes.has(c), `no ${c} seen`);
  assert.ok(valid > 0, 'some mutations keep the spec valid');
});
