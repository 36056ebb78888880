/**
 * Fuzz test: mutates the example specs (test/spec/fuzz-cases.ts: deleted keys, swapped value
 * types, unknown keys, odd strings with `${`, `{{` and unicode, huge numbers, nulls, deep
 * nesting, duplicated lines/keys, tabs, cuts, raw bytes) and checks that parseSpec never throws,
 * never hangs (a generous 2 s per case) and that every diagnostic has a code, a message, a path
 * and a position. Every valid mutation must also generate Terraform that passes the schema check.
 *
 * Deterministic: a fixed list of seeds (2,000 cases in all), so `npm test` passes or fails the
 * same way every time. The list holds seeds that once found bugs (their cases are also replayed
 * in fuzz-regressions.test.ts). `FUZZ_SEED=<seed>` (with `FUZZ_RUNS`, default 2,000) replays
 * one seed instead. Random seeds and long runs: scripts/fuzz-spec.ts (README.md).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkGenerates, checkResult, fuzzCase, loadExamples, runCase, showInput } from './fuzz-cases.ts';

/** Seeds and how many cases of each; a seed that found a bug runs at least past that case. */
const FIXED: readonly { seed: number; runs: number }[] = [
  { seed: 991228040, runs: 400 }, // zone with a space: valid spec, then TF_NAME_INVALID (case 105)
  { seed: 992951828, runs: 1000 }, // zone `${var.x}`: same (case 980)
  { seed: 20261203, runs: 600 },
];
const SEEDS = process.env.FUZZ_SEED
  ? [{ seed: Number(process.env.FUZZ_SEED), runs: Number(process.env.FUZZ_RUNS ?? 2000) }]
  : FIXED;
const RUNS = SEEDS.reduce((n, s) => n + s.runs, 0);
// A hang guard, not a speed target: a case this slow means a runaway loop or backtracking.
const MAX_MS_PER_CASE = 5000;

test(`parseSpec survives ${RUNS} mutated example specs`, (t) => {
  const examples = loadExamples();
  let ran = 0;
  let slowest = 0;
  let valid = 0;
  const codes = new Set<string>();
  for (const { seed, runs } of SEEDS) {
    const t0 = performance.now();
    const before = ran;
    const details = fc.check(
      fc.property(fuzzCase(examples.length), (c) => {
        ran++;
        const o = runCase(c, examples);
        slowest = Math.max(slowest, o.ms);
        if (o.result.value) valid++;
        for (const d of o.result.diagnostics) codes.add(d.code);
        const problems = [...checkResult(o.input, o.result), ...o.warnings, ...checkGenerates(o.result)];
        if (o.ms > MAX_MS_PER_CASE) problems.push(`took ${o.ms.toFixed(0)} ms`);
        if (problems.length > 0) throw new Error(`${problems.join('\n')}\ninput:\n${showInput(o.input)}`);
      }),
      { numRuns: runs, seed },
    );
    const secs = (performance.now() - t0) / 1000;
    const n = ran - before;
    t.diagnostic(`seed ${seed}: ${n} cases in ${secs.toFixed(1)} s (${(n / secs).toFixed(0)} cases/s)`);
    assert.ok(
      !details.failed,
      `seed ${seed} (replay: FUZZ_SEED=${seed} FUZZ_RUNS=${runs})\n${fc.defaultReportMessage(details) ?? 'failed'}`,
    );
  }
  t.diagnostic(
    `${ran} cases, ${valid} valid, ${codes.size} distinct codes, slowest ${slowest.toFixed(0)} ms`,
  );
  assert.equal(ran, RUNS);
  // The mutations reach past the YAML layer into the shape check and the rules.
  for (const c of ['SPEC_WRONG_TYPE', 'SPEC_UNKNOWN_KEY', 'SPEC_MISSING_KEY'])
    assert.ok(codes.has(c), `no ${c} seen`);
  assert.ok(valid > 0, 'some mutations keep the spec valid');
});
