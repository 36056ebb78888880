/**
 * Larger fuzz run of the spec pipeline (the CI run is test/spec/fuzz.test.ts):
 *   node --import tsx scripts/fuzz-spec.ts --runs 100000 [--seed 42] [--seeds 1] [--max-ms 2000]
 * The seed defaults to one from the clock (printed, so a failure can be replayed); `--seeds N`
 * runs N consecutive seeds from it, `--runs` cases each. `npm test` runs fixed seeds only.
 * Mutates the example specs (see test/spec/fuzz-cases.ts), checks that parseSpec never throws,
 * that every spec that validates generates Terraform passing the provider-schema check,
 * returns within --max-ms per case and that every diagnostic has a code, a message, a path and
 * a position. Prints counts, throughput, the slowest case, and each failure with its input.
 * Exit code 1 when any case failed.
 */
import fc from 'fast-check';
import {
  checkGenerates,
  checkResult,
  type FuzzCase,
  fuzzCase,
  loadExamples,
  runCase,
  showInput,
} from '../test/spec/fuzz-cases.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n)) {
    console.error(`--${name} needs a number`);
    process.exit(2);
  }
  return n;
}

const runs = arg('runs', 10_000);
const seed = arg('seed', Date.now() % 2 ** 31);
const maxMs = arg('max-ms', 2000);
const maxFailures = arg('max-failures', 10);
const seedCount = arg('seeds', 1);

// `| head` closes the pipe early: stop quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const examples = loadExamples();
function* cases(): Generator<{ c: FuzzCase; seed: number }> {
  for (let k = 0; k < seedCount; k++) {
    const s = (seed + k) % 2 ** 31;
    for (const c of fc.sample(fuzzCase(examples.length), { numRuns: runs, seed: s })) yield { c, seed: s };
  }
}
const counts = { cases: 0, valid: 0, withErrors: 0, withWarnings: 0, diagnostics: 0 };
const firstCodes = new Map<string, number>();
const failures: { c: FuzzCase; seed: number; input: string; problems: string[] }[] = [];
let slowest = { ms: 0, input: '' };
let totalMs = 0;
const t0 = performance.now();

for (const { c, seed: caseSeed } of cases()) {
  counts.cases++;
  let problems: string[];
  let input: string | Uint8Array = '';
  try {
    const o = runCase(c, examples);
    input = o.input;
    totalMs += o.ms;
    if (o.ms > slowest.ms) slowest = { ms: o.ms, input: showInput(o.input).slice(0, 300) };
    problems = [...checkResult(o.input, o.result), ...o.warnings, ...checkGenerates(o.result)];
    if (o.ms > maxMs) problems.push(`took ${o.ms.toFixed(0)} ms (limit ${maxMs})`);
    const errors = o.result.diagnostics.filter((d) => d.severity === 'error');
    counts.diagnostics += o.result.diagnostics.length;
    if (o.result.value) counts.valid++;
    if (errors.length > 0) {
      counts.withErrors++;
      firstCodes.set(errors[0]!.code, (firstCodes.get(errors[0]!.code) ?? 0) + 1);
    }
    if (o.result.diagnostics.some((d) => d.severity === 'warning')) counts.withWarnings++;
  } catch (e) {
    problems = [`parseSpec threw: ${(e as Error)?.stack ?? String(e)}`];
  }
  if (problems.length > 0) {
    failures.push({ c, seed: caseSeed, input: showInput(input), problems });
    if (failures.length >= maxFailures) break;
  }
  if (counts.cases % 10_000 === 0)
    console.error(
      `… ${counts.cases} cases, ${failures.length} failures, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
}

const secs = (performance.now() - t0) / 1000;
console.log(
  `seed ${seed}${seedCount > 1 ? `..${seed + seedCount - 1}` : ''}: ${counts.cases} cases in ${secs.toFixed(1)} s (${(counts.cases / secs).toFixed(0)} cases/s; parseSpec alone ${(counts.cases / (totalMs / 1000)).toFixed(0)} cases/s)`,
);
console.log(
  `valid ${counts.valid}, with errors ${counts.withErrors}, with warnings ${counts.withWarnings}, diagnostics ${counts.diagnostics}`,
);
console.log(`slowest case: ${slowest.ms.toFixed(1)} ms`);
console.log('first error code of invalid cases:');
for (const [code, n] of [...firstCodes].sort((a, b) => b[1] - a[1]))
  console.log(`  ${String(n).padStart(7)}  ${code}`);
for (const f of failures) {
  console.log(`\nFAILURE (${f.problems.length} problem${f.problems.length === 1 ? '' : 's'}):`);
  for (const p of f.problems) console.log(`  - ${p}`);
  console.log(`  seed: ${f.seed}`);
  console.log(`  case: ${JSON.stringify(f.c).slice(0, 2000)}`);
  console.log(`  input:\n${f.input.replace(/^/gm, '    | ')}`);
}
console.log(failures.length === 0 ? '\nno failures' : `\n${failures.length} failure(s)`);
process.exitCode = failures.length === 0 ? 0 : 1;
