// Crash-safety campaign: kills `msp generate --all` at random points, many times, and checks
// that every service's terraform/ folder is always exactly the previous tree or exactly the new
// one (never mixed, never a partial file). Needs `npm run build` first.
// Usage: node scripts/kill-generate.mjs [--services 60] [--kills 40] [--seed 1]
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

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

function makeFleet(n) {
  const dir = mkdtempSync(join(tmpdir(), 'msp-kill-'));
  cpSync(join(ROOT, 'examples', 'platform.yaml'), join(dir, 'platform.yaml'));
  const src = join(ROOT, 'examples', 'services', 'acme-api');
  for (let i = 0; i < n; i++) {
    const id = `svc${String(i).padStart(3, '0')}`;
    const dst = join(dir, 'services', id);
    cpSync(src, dst, {
      recursive: true,
      filter: (s) => !/[\\/](terraform|docs)([\\/]|$)/.test(relative(src, s)),
    });
    writeFileSync(
      join(dst, 'service.yaml'),
      readFileSync(join(dst, 'service.yaml'), 'utf8')
        .replaceAll('acme-api', id)
        .replace('name: Acme API', `name: Service ${i}`),
    );
    writeFileSync(join(dst, 'README.md'), `# Service ${i}\n`);
  }
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
  const fleet = makeFleet(services);
  const reference = makeFleet(services);
  try {
    // The two possible trees of every service: version A and version B of the platform config.
    const trees = {};
    for (const v of ['1.7.5', '1.9.8']) {
      setVersion(reference, v);
      const r = await run(['generate', '--all', '--force', '--root', reference]);
      if (r.code !== 0) throw new Error(`reference generate failed (${r.code})`);
      for (const id of readdirSync(join(reference, 'services'))) {
        trees[id] ??= new Set();
        trees[id].add(snapshot(join(reference, 'services', id, 'terraform')));
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
      // A later run recovers an interrupted swap before anything else: do what it does.
      const dry = await run(['generate', '--all', '--dry-run', '--root', fleet]);
      if (dry.code !== 0) throw new Error(`dry run after kill ${k} exited ${dry.code}`);
      for (const id of readdirSync(join(fleet, 'services'))) {
        const dir = join(fleet, 'services', id);
        const leftovers = readdirSync(dir).filter((n) => n.startsWith('.msp-'));
        const now = snapshot(join(dir, 'terraform'));
        if (!trees[id].has(now))
          throw new Error(`kill ${k}: services/${id}/terraform is neither the old nor the new tree`);
        if (
          leftovers.length > 0 &&
          !leftovers.every((n) => n.startsWith('.msp-tmp-') || n.startsWith('.msp-old-'))
        )
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
