// Benchmarks printed as numbers (never asserted in tests). `npm run bench` builds first.
// Usage: node scripts/bench.mjs [--runs N] [--only 'text|text']  (rows whose name contains a text)
// (`--only editor` runs only the editor measurement, scripts/bench-editor.ts.)
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
// Benchmark names contain commas, so --only takes `|`-separated parts of names.
const onlyParts = args.includes('--only') ? args[args.indexOf('--only') + 1].split('|') : undefined;
const only = onlyParts && { has: (name) => onlyParts.some((p) => name.includes(p)) };

const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (b.status !== 0) process.exit(1);

const results = [];
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}

/** Times a whole process (cold start) and reads its peak RSS via /usr/bin/time when present. */
function benchProcess(name, argv, { warmup = 1, n = runs, setup } = {}) {
  if (only && !only.has(name)) return;
  const times = [];
  let peak = 0;
  for (let i = 0; i < warmup + n; i++) {
    setup?.();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, argv, { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    // Every row measures a run that succeeds: a refusal (exit 1) is fast and would read as a result.
    if (r.status !== 0) {
      console.error(`${name}: exit ${r.status}\n${r.stderr}`);
      process.exit(1);
    }
    if (i >= warmup) times.push(ms);
    const m = /peak_rss_kb=(\d+)/.exec(r.stderr ?? '');
    if (m) peak = Math.max(peak, Number(m[1]) / 1024);
  }
  const s = stats(times);
  results.push({ name, ...s, peakMiB: peak || undefined });
  console.log(
    `${name.padEnd(44)} median ${s.median.toFixed(1)} ms  min ${s.min.toFixed(1)}  max ${s.max.toFixed(1)}${peak ? `  peak ${peak.toFixed(0)} MiB` : ''}`,
  );
}

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
);
console.log(`date: ${new Date().toISOString()}  runs: ${runs}\n`);

benchProcess('validate one spec (cold process)', [
  'dist/msp.js',
  'validate',
  'examples/services/acme-api/service.yaml',
]);
benchProcess('validate example fleet --all (cold process)', [
  'dist/msp.js',
  'validate',
  '--all',
  '--root',
  'examples',
]);
benchProcess('node startup floor (node -e 0)', ['-e', '0']);

const { run } = await import('./bench-generate.mjs');
await run({ runs, only, benchProcess, results });

// The editor: typical mistakes caught by the schema, validate and `msp lsp`; the server's
// latency from a change to its diagnostics (scripts/bench-editor.ts, docs/editor.md).
if (!only || only.has('editor') || only.has('lsp')) {
  const e = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench-editor.ts', '--runs', String(Math.max(runs, 20))],
    { stdio: 'inherit' },
  );
  if (e.status !== 0) process.exit(1);
}
