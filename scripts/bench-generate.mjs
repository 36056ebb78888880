// Generation benchmarks (cold processes): one service, the example fleet, and synthetic fleets
// of 100 and 1,000 services × 3 environments (scripts/make-fleet.mjs) cold and unchanged, with
// `validate --all`, peak memory, and the serialisation floor the generate times compare to. Imported by scripts/bench.mjs (which builds
// first); run a subset with `node scripts/bench.mjs --only "<part of a name>|<…>"`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aliasSpec, longValuesSpec, manyValuesSpec } from './limit-specs.mjs';
import { makeFleet } from './make-fleet.mjs';

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

/**
 * Removes every service's generated output, so the next generate is cold, then flushes dirty
 * pages (`sync`) so the kernel's write-back of the previous run is not charged to the next one.
 */
function clearOutput(root) {
  for (const id of readdirSync(join(root, 'services'))) {
    rmSync(join(root, 'services', id, 'terraform'), { recursive: true, force: true });
    rmSync(join(root, 'services', id, 'docs'), { recursive: true, force: true });
  }
  spawnSync('sync');
}

/**
 * The serialisation floor: parse every generated file once, then time only JSON.stringify and
 * writing the same bytes to disk. Generation time divided by this shows msp's own overhead.
 */
function serialisationFloor(root, runs) {
  const files = [];
  const walk = (d) => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, n.name);
      if (n.isDirectory()) walk(p);
      else if (n.name.endsWith('.json')) files.push(JSON.parse(readFileSync(p, 'utf8')));
    }
  };
  for (const id of readdirSync(join(root, 'services'))) walk(join(root, 'services', id, 'terraform'));
  const out = mkdtempSync(join(tmpdir(), 'msp-floor-'));
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < files.length; i++)
      writeFileSync(join(out, `${i}.json`), `${JSON.stringify(files[i], null, 2)}\n`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  rmSync(out, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)],
    min: times[0],
    max: times.at(-1),
    files: files.length,
  };
}

/** Entry point used by scripts/bench.mjs. */
export async function run({ runs, only, benchProcess, results }) {
  const work = mkdtempSync(join(tmpdir(), 'msp-bench-'));
  const want = (name) => !only || only.has(name);
  try {
    const examples = join(work, 'examples');
    cpSync('examples', examples, { recursive: true });
    benchProcess(
      'generate one service, cold (acme-api, 2 envs)',
      ['--import', RSS_HOOK, 'dist/msp.js', 'generate', 'acme-api', '--root', examples],
      {
        setup: () => clearOutput(examples),
      },
    );
    benchGenerate('generate --all examples (cold process)', examples, benchProcess, results, runs);

    // Specs at the input limits (4 MiB, 100,000 values; aliases at their cap): memory is bounded.
    const limits = join(work, 'limits');
    for (const [id, make] of [
      ['limits-many', manyValuesSpec],
      ['limits-long', longValuesSpec],
      ['limits-alias', aliasSpec],
    ]) {
      mkdirSync(join(limits, 'services', id), { recursive: true });
      writeFileSync(join(limits, 'services', id, 'service.yaml'), make(id));
      const n = Math.min(runs, 3);
      benchProcess(
        `validate at the input limits (${id})`,
        ['--import', RSS_HOOK, 'dist/msp.js', 'validate', join(limits, 'services', id, 'service.yaml')],
        { n },
      );
      benchProcess(
        `generate at the input limits (${id})`,
        // The limits fleet has no platform.yaml: the built-in placeholders are allowed, as in
        // test/generate/limits.test.ts.
        [
          '--import',
          RSS_HOOK,
          'dist/msp.js',
          'generate',
          id,
          '--force',
          '--allow-placeholders',
          '--root',
          limits,
        ],
        { n },
      );
    }

    for (const size of [100, 1000]) {
      const fleet = join(work, `fleet${size}`);
      const cold = `generate --all fleet ${size}×3, cold`;
      const warm = `generate --all fleet ${size}×3, unchanged`;
      const val = `validate --all fleet ${size}×3`;
      if (![cold, warm, val].some(want)) continue;
      makeFleet(fleet, size);
      const n = size >= 1000 ? Math.min(runs, 3) : Math.min(runs, 5);
      benchProcess(val, ['--import', RSS_HOOK, 'dist/msp.js', 'validate', '--all', '--root', fleet], { n });
      const before = results.length;
      benchProcess(cold, ['--import', RSS_HOOK, 'dist/msp.js', 'generate', '--all', '--root', fleet], {
        n,
        setup: () => clearOutput(fleet),
      });
      const envs = countServiceEnvironments(fleet);
      if (results[before]) {
        results[before].perServiceEnvMs = results[before].median / envs;
        console.log(
          `${''.padEnd(44)} ${envs} service-environments: ${(results[before].median / envs).toFixed(2)} ms each`,
        );
      }
      benchProcess(warm, ['--import', RSS_HOOK, 'dist/msp.js', 'generate', '--all', '--root', fleet], { n });
      if (want(cold)) {
        const floor = serialisationFloor(fleet, n);
        const ratio = results[before] ? results[before].median / floor.median : undefined;
        results.push({ name: `serialisation floor ${size}×3 (${floor.files} files)`, ...floor });
        console.log(
          `${`serialisation floor ${size}×3 (${floor.files} files)`.padEnd(44)} median ${floor.median.toFixed(1)} ms  min ${floor.min.toFixed(1)}  max ${floor.max.toFixed(1)}${ratio ? `  (generate is ${ratio.toFixed(1)}× the floor)` : ''}`,
        );
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
