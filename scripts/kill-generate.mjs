// Crash-safety campaign: kills `msp generate --all` at random points, many times, and checks
// that every service's generated output (terraform/ and docs/ together) is always exactly the
// previous output or exactly the new one (never mixed, never a partial file), and that users'
// custom files in stack folders are always there. Then runs two `generate --all` at once, many
// times (one of them killed at a random point half the time): one takes the fleet lock, the other
// is refused with a clear message, every service stays wholly old or wholly new, and a rerun
// converges (`generate --all --check` passes). Needs `npm run build` first.
// Usage: node scripts/kill-generate.mjs [--services 60] [--kills 40] [--concurrent 20] [--seed 1]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { makeFleet } from './make-fleet.mjs';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'msp.js');

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function snapshot(dir) {
  const out = {};
  const walk = (d) => {
    let names;
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return JSON.stringify(out);
}

/** A synthetic fleet of `n` varied services (scripts/make-fleet.mjs) in a new temp folder. */
/** A service's generated output: both generated folders, which must change together. */
function serviceOutput(dir) {
  return snapshot(join(dir, 'terraform')) + snapshot(join(dir, 'docs'));
}

function newFleet(n) {
  const dir = mkdtempSync(join(tmpdir(), 'msp-kill-'));
  makeFleet(dir, n);
  return dir;
}

function run(args, killAfterMs) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CI: 'true' },
    });
    let stderr = '';
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    let timer;
    if (killAfterMs !== undefined) timer = setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/** Custom Terraform beside the generated files of every third service (it must always survive). */
function addCustomFiles(fleet) {
  const ids = readdirSync(join(fleet, 'services')).sort();
  ids.forEach((id, i) => {
    if (i % 3 !== 0) return;
    const tf = join(fleet, 'services', id, 'terraform');
    const env = readdirSync(tf).find((n) => existsSync(join(tf, n, 'stacks', 'cloudrun')));
    if (env)
      writeFileSync(join(tf, env, 'stacks', 'cloudrun', 'custom.tf.json'), `{"locals":{"custom":"${id}"}}\n`);
  });
}

const setVersion = (fleet, v) => {
  const f = join(fleet, 'platform.yaml');
  writeFileSync(f, readFileSync(f, 'utf8').replace(/version: \d+\.\d+\.\d+/, `version: ${v}`));
};

/** Runs the campaign; returns counts. Throws on the first service found mixed or partial. */
export async function runKillCampaign({
  services = 60,
  kills = 40,
  concurrent = 20,
  seed = 1,
  log = console.log,
} = {}) {
  const random = rng(seed);
  const fleet = newFleet(services);
  const reference = newFleet(services);
  try {
    // The two possible trees of every service: version A and version B of the platform config.
    const trees = {};
    setVersion(reference, '1.7.5');
    await run(['generate', '--all', '--root', reference]);
    addCustomFiles(reference);
    for (const v of ['1.7.5', '1.9.8']) {
      setVersion(reference, v);
      const r = await run(['generate', '--all', '--force', '--root', reference]);
      if (r.code !== 0) throw new Error(`reference generate failed (${r.code})`);
      for (const id of readdirSync(join(reference, 'services'))) {
        trees[id] ??= new Set();
        trees[id].add(serviceOutput(join(reference, 'services', id)));
      }
    }
    setVersion(fleet, '1.7.5');
    await run(['generate', '--all', '--root', fleet]);
    addCustomFiles(fleet);
    const checkAll = (what) => {
      for (const id of readdirSync(join(fleet, 'services'))) {
        const dir = join(fleet, 'services', id);
        const leftovers = readdirSync(dir).filter((n) => n.startsWith('.msp-'));
        if (!trees[id].has(serviceOutput(dir)))
          throw new Error(
            `${what}: services/${id} (terraform/ and docs/, custom files included) is neither the old nor the new output`,
          );
        if (leftovers.length > 0)
          throw new Error(`${what}: unexpected files ${leftovers.join(', ')} in services/${id}`);
      }
    };
    let killedMidway = 0;
    let completed = 0;
    for (let k = 0; k < kills; k++) {
      setVersion(fleet, k % 2 === 0 ? '1.9.8' : '1.7.5');
      const r = await run(['generate', '--all', '--force', '--root', fleet], Math.floor(random() * 900));
      if (r.signal) killedMidway++;
      else completed++;
      // Every later run (even --dry-run) first finishes or undoes an interrupted swap.
      const dry = await run(['generate', '--all', '--dry-run', '--root', fleet]);
      if (dry.code !== 0) throw new Error(`dry run after kill ${k} exited ${dry.code}: ${dry.stderr}`);
      checkAll(`kill ${k}`);
    }
    // Two writers at once, the second started a little later; half the time one is killed.
    let refused = 0;
    let bothRan = 0;
    for (let k = 0; k < concurrent; k++) {
      setVersion(fleet, k % 2 === 0 ? '1.9.8' : '1.7.5');
      const kill = random() < 0.5 ? Math.floor(random() * 900) : undefined;
      const a = run(['generate', '--all', '--force', '--root', fleet], kill);
      await new Promise((r) => setTimeout(r, Math.floor(random() * 150)));
      const b = run(['generate', '--all', '--force', '--root', fleet]);
      const [ra, rb] = await Promise.all([a, b]);
      for (const r of [ra, rb]) {
        if (r.signal) continue;
        if (/internal error|\n\s+at .*(\(.*:\d+:\d+\)|file:)/.test(r.stderr))
          throw new Error(`concurrent run ${k}: ${r.stderr}`);
        if (
          r.code !== 0 &&
          !/another msp command is running on this fleet: msp generate --all \(pid \d+, since /.test(r.stderr)
        )
          throw new Error(`concurrent run ${k} exited ${r.code}: ${r.stderr}`);
      }
      if ([ra, rb].some((r) => r.code === 1)) refused++;
      else if (!ra.signal && !rb.signal) bothRan++;
      const dry = await run(['generate', '--all', '--dry-run', '--root', fleet]);
      if (dry.code !== 0)
        throw new Error(`dry run after concurrent run ${k} exited ${dry.code}: ${dry.stderr}`);
      checkAll(`concurrent run ${k}`);
    }
    // A rerun converges: after one more generate, the check finds nothing stale.
    const last = await run(['generate', '--all', '--root', fleet]);
    const check = await run(['generate', '--all', '--check', '--root', fleet]);
    if (last.code !== 0 || check.code !== 0)
      throw new Error(`rerun did not converge: ${last.stderr}${check.stderr}`);
    checkAll('rerun');
    const summary = {
      services,
      kills,
      killedMidway,
      completed,
      concurrentPairs: concurrent,
      refusedByLock: refused,
      bothCompletedInTurn: bothRan,
      mixedOrPartial: 0,
      customFilesLost: 0,
    };
    log(`kill campaign: ${JSON.stringify(summary)}`);
    return summary;
  } finally {
    rmSync(fleet, { recursive: true, force: true });
    rmSync(reference, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, d) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : d;
  };
  await runKillCampaign({
    services: arg('services', 60),
    kills: arg('kills', 40),
    concurrent: arg('concurrent', 20),
    seed: arg('seed', 1),
  });
}
