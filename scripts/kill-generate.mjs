// Crash-safety campaign: kills `msp generate --all` at random points, many times, and checks
// that every service's generated output (terraform/ and docs/ together) is always exactly the
// previous output or exactly the new one (never mixed, never a partial file). Needs `npm run build` first.
// Usage: node scripts/kill-generate.mjs [--services 60] [--kills 40] [--seed 1]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
      stdio: 'ignore',
      env: { ...process.env, CI: 'true' },
    });
    let timer;
    if (killAfterMs !== undefined) timer = setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

const setVersion = (fleet, v) => {
  const f = join(fleet, 'platform.yaml');
  writeFileSync(f, readFileSync(f, 'utf8').replace(/version: \d+\.\d+\.\d+/, `version: ${v}`));
};

/** Runs the campaign; returns counts. Throws on the first service found mixed or partial. */
export async function runKillCampaign({ services = 60, kills = 40, seed = 1, log = console.log } = {}) {
  const random = rng(seed);
  const fleet = newFleet(services);
  const reference = newFleet(services);
  try {
    // The two possible trees of every service: version A and version B of the platform config.
    const trees = {};
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
    let killedMidway = 0;
    let completed = 0;
    for (let k = 0; k < kills; k++) {
      setVersion(fleet, k % 2 === 0 ? '1.9.8' : '1.7.5');
      const r = await run(['generate', '--all', '--force', '--root', fleet], Math.floor(random() * 900));
      if (r.signal) killedMidway++;
      else completed++;
      // Every later run (even --dry-run) first finishes or undoes an interrupted swap.
      const dry = await run(['generate', '--all', '--dry-run', '--root', fleet]);
      if (dry.code !== 0) throw new Error(`dry run after kill ${k} exited ${dry.code}`);
      for (const id of readdirSync(join(fleet, 'services'))) {
        const dir = join(fleet, 'services', id);
        const leftovers = readdirSync(dir).filter((n) => n.startsWith('.msp-'));
        const now = serviceOutput(dir);
        if (!trees[id].has(now))
          throw new Error(
            `kill ${k}: services/${id} (terraform/ and docs/) is neither the old nor the new output`,
          );
        if (leftovers.length > 0)
          throw new Error(`kill ${k}: unexpected files ${leftovers.join(', ')} in services/${id}`);
      }
    }
    const summary = { services, kills, killedMidway, completed, mixedOrPartial: 0 };
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
  await runKillCampaign({ services: arg('services', 60), kills: arg('kills', 40), seed: arg('seed', 1) });
}
