// Benchmarks `msp generate --all --force` (cold process) on a copy of the example fleet and on a
// synthetic fleet of 100 services × 3 environments (scripts/make-fleet.mjs), and reports time and
// peak memory per run and per service-environment. Imported by scripts/bench.mjs (which builds
// first); `node scripts/bench-generate.mjs [--runs N]` runs it alone after `npm run build`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeFleet } from './make-fleet.mjs';

const FLEET_SIZE = 100;

/**
 * Preloaded into the measured process: prints its peak resident set size (KiB) on exit, in the
 * form scripts/bench.mjs reads (`peak_rss_kb=`).
 */
const RSS_HOOK =
  'data:text/javascript,process.on("exit",()=>process.stderr.write("peak_rss_kb="+process.resourceUsage().maxRSS+"\\n"))';

/** Number of environments of every service under `root`, read from the generated manifests' inputs. */
function countServiceEnvironments(root) {
  let n = 0;
  for (const id of readdirSync(join(root, 'services'))) {
    const text = readFileSync(join(root, 'services', id, 'service.yaml'), 'utf8');
    n += (text.match(/^ {2}- id: /gm) ?? []).length;
  }
  return n;
}

/** Times `generate --all --force` over `root`; prints per service-environment figures. */
function benchGenerate(name, root, benchProcess, results, runs) {
  const before = results.length;
  benchProcess(name, ['--import', RSS_HOOK, 'dist/msp.js', 'generate', '--all', '--root', root, '--force'], {
    n: runs,
  });
  const r = results[before];
  if (!r) return; // filtered out by --only
  const envs = countServiceEnvironments(root);
  r.serviceEnvironments = envs;
  r.perServiceEnvMs = r.median / envs;
  console.log(
    `${''.padEnd(44)} ${envs} service-environments: ${(r.median / envs).toFixed(2)} ms each (median)${r.peakMiB ? `, peak ${r.peakMiB.toFixed(0)} MiB for the run` : ''}`,
  );
}

/** Entry point used by scripts/bench.mjs. */
export async function run({ runs, only, benchProcess, results }) {
  const work = mkdtempSync(join(tmpdir(), 'msp-bench-'));
  try {
    const examples = join(work, 'examples');
    cpSync('examples', examples, { recursive: true });
    benchGenerate('generate --all examples (cold process)', examples, benchProcess, results, runs);

    const fleetName = `generate --all fleet ${FLEET_SIZE}×3 (cold process)`;
    if (!only || only.includes(fleetName)) {
      const fleet = join(work, 'fleet');
      makeFleet(fleet, FLEET_SIZE);
      benchGenerate(fleetName, fleet, benchProcess, results, Math.min(runs, 5));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Standalone: a minimal benchProcess with the same output as scripts/bench.mjs.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
  const results = [];
  const benchProcess = (name, argv, { warmup = 1, n = runs } = {}) => {
    const times = [];
    let peak = 0;
    for (let i = 0; i < warmup + n; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, argv, { encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) {
        console.error(`${name}: exit ${r.status}\n${r.stderr}`);
        process.exit(1);
      }
      if (i >= warmup) times.push(ms);
      const m = /peak_rss_kb=(\d+)/.exec(r.stderr ?? '');
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    }
    const s = [...times].sort((a, b) => a - b);
    const median = s[Math.floor(s.length / 2)];
    results.push({ name, median, min: s[0], max: s.at(-1), peakMiB: peak || undefined });
    console.log(
      `${name.padEnd(44)} median ${median.toFixed(1)} ms  min ${s[0].toFixed(1)}  max ${s.at(-1).toFixed(1)}${peak ? `  peak ${peak.toFixed(0)} MiB` : ''}`,
    );
  };
  await run({ runs, only: undefined, benchProcess, results });
}
