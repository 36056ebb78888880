// Writes a synthetic fleet for benchmarks: <dir>/platform.yaml and N varied, valid services
// (<dir>/services/fleet-NNN/service.yaml, 3 environments each: dev/test, stg/internal,
// prod/external) mixing kinds, data stores, domains, rollouts, secrets and probes.
// Deterministic: the same N gives the same bytes (seeded PRNG, no clock, no randomness).
// Usage: node scripts/make-fleet.mjs <dir> <N>
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REGIONS = ['us-central1', 'us-west1', 'europe-west2', 'europe-west3', 'asia-northeast1'];
const ZONES = ['acme.com', 'acme.dev'];
const ENVS = [
  { id: 'dev', category: 'test' },
  { id: 'stg', category: 'internal' },
  { id: 'prod', category: 'external' },
];
const SIZES = [
  { cpu: 1, memory: '512Mi' },
  { cpu: 1, memory: '1Gi' },
  { cpu: 2, memory: '2Gi' },
  { cpu: 2, memory: '4Gi' },
  { cpu: 4, memory: '8Gi' },
];
const CRONS = ['0 * * * *', '*/30 * * * *', '0 3 * * *', '15 */2 * * *', '0 6 * * 1-5'];

/** mulberry32: a small seeded PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One service's YAML and sibling files. */
export function makeService(i) {
  const r = prng(0x5eed + i * 7919);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const chance = (p) => r() < p;
  const hex = (n) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const id = `fleet-${String(i).padStart(3, '0')}`;
  const isJob = i % 5 === 4;
  const rollout = !isJob && i % 4 === 1;
  const h2c = !isJob && chance(0.2);
  const redis = chance(0.4);
  const pg = chance(0.5);
  const bq = chance(0.3);
  const publications = pg && !isJob && chance(0.3);
  const domain = !isJob && chance(0.6);
  const region = pick(REGIONS);
  const files = {};
  const y = [];
  y.push('service:', `  id: ${id}`, `  name: Fleet ${i}`);
  if (isJob) y.push('  kind: job');
  if (h2c) y.push('  protocol: h2c');
  y.push(`  owners: [team-${i % 7}]`, `  description: Synthetic service ${i} for benchmarks.`);
  y.push(`  notionPageID: ${hex(32)}`);
  y.push(
    '',
    'build:',
    `  image: us-docker.pkg.dev/acme-dev/fleet/${id}`,
    '  source:',
    '    repo: github.com/acme/fleet',
    `    dir: cmd/${id}`,
  );
  if (rollout) {
    y.push('', 'rollout:', '  stages:');
    for (const e of ENVS) y.push(`    - environment: ${e.id}`);
  }
  y.push('', 'environments:');
  for (const [k, e] of ENVS.entries()) {
    const size = pick(SIZES);
    y.push(`  - id: ${e.id}`, `    projectID: ${id}-${e.id}-${hex(4)}`, `    category: ${e.category}`);
    if (region !== 'us-central1')
      y.push(
        '    locations:',
        `      gcpRegion: ${region}`,
        `      gcpLocation: ${region.startsWith('europe') ? 'europe' : 'us'}`,
      );
    if (rollout) y.push('    deploy:', '      type: rollout');
    else if (k === 2 && chance(0.5))
      y.push('    deploy:', '      type: subscription', '      subscription:', '        tag: stable');
    else y.push('    deploy:', '      type: manual', '      manual:', `        tag: v1.${i}.${k}`);
    if (isJob) {
      y.push('    schedule:', `      cron: "${pick(CRONS)}"`);
      if (chance(0.5)) y.push(`    deadlineSeconds: ${pick([300, 600, 1800])}`);
    } else {
      if (domain)
        y.push(
          '    domain:',
          '      type: cloudflare',
          '      cloudflare:',
          `        subdomain: ${id}-${e.id}`,
          `        zone: ${pick(ZONES)}`,
          ...(chance(0.3) ? ['        proxied: false'] : []),
          ...(chance(0.3) ? ['      networking:', '        loadBalancerLogging: true'] : []),
        );
      if (chance(0.7))
        y.push(
          '    healthProbes:',
          `      timeout: ${pick([2, 3, 5])}`,
          '      startupInterval: 5',
          '      livenessInterval: 60',
        );
      const auth = pick(['public', 'public', 'iam', 'domain']);
      if (auth === 'iam') y.push('    authentication: {}');
      if (auth === 'domain') y.push('    authentication:', '      sourcegraph: true');
    }
    y.push(
      '    instances:',
      '      resources:',
      `        cpu: ${size.cpu}`,
      `        memory: ${size.memory}`,
    );
    if (!isJob && chance(0.6))
      y.push(
        '      scaling:',
        `        minCount: ${k}`,
        `        maxCount: ${5 + k * 5}`,
        '        maxRequestConcurrency: 100',
      );
    y.push(
      '    env:',
      `      LOG_LEVEL: ${pick(['debug', 'info', 'warn'])}`,
      '      PROJECT: "{{ .ProjectID }}"',
      `      FEATURE_${k}: "on"`,
    );
    y.push('    secretEnv:', '      API_KEY: API_KEY');
    if (chance(0.4)) y.push('      SHARED_TOKEN: projects/acme-shared-secrets/secrets/SHARED_TOKEN');
    if (chance(0.3))
      y.push(
        '    secretVolumes:',
        '      creds:',
        '        mountPath: /var/secrets/creds.json',
        `        secret: ${chance(0.5) ? 'CREDS' : 'projects/acme-shared-secrets/secrets/CREDS'}`,
      );
    if (redis || pg || bq) {
      y.push('    resources:');
      if (redis)
        y.push(
          '      redis:',
          `        memoryGB: ${pick([1, 2, 4])}`,
          `        highAvailability: ${k === 2}`,
        );
      if (pg) {
        y.push(
          '      postgreSQL:',
          '        databases: [primary, events]',
          `        cpu: ${k === 2 ? 2 : 1}`,
          `        memoryGB: ${k === 2 ? 8 : 4}`,
          `        highAvailability: ${k === 2}`,
        );
        if (k === 2) y.push('        maxConnections: 200');
        if (publications)
          y.push(
            '        logicalReplication:',
            '          publications:',
            '            - name: events_pub',
            '              database: events',
            '              tables: [events, users]',
          );
      }
      if (bq) y.push('      bigQueryDataset:', '        tables: [usage, audit]');
    }
    if (k !== 1) y.push(`    allowDestroys: ${k === 0}`);
  }
  if (!isJob && chance(0.5))
    y.push(
      '',
      'monitoring:',
      '  alerts:',
      '    responseCodeRatios:',
      '      - id: server_errors',
      '        name: Server errors',
      '        codeClass: 5xx',
      '        ratio: 0.1',
    );
  if (bq) {
    files['usage.bigquerytable.json'] = `${JSON.stringify(
      [
        { name: 'day', type: 'DATE', mode: 'REQUIRED' },
        { name: 'count', type: 'INTEGER', mode: 'NULLABLE', description: 'Requests' },
      ],
      null,
      2,
    )}\n`;
    files['audit.bigquerytable.json'] = `${JSON.stringify(
      [
        { name: 'at', type: 'TIMESTAMP', mode: 'REQUIRED' },
        { name: 'actor', type: 'RECORD', fields: [{ name: 'id', type: 'STRING' }] },
      ],
      null,
      2,
    )}\n`;
  }
  return { id, yaml: `${y.join('\n')}\n`, files };
}

/** Writes the fleet; returns the service IDs. */
export function makeFleet(dir, n) {
  mkdirSync(join(dir, 'services'), { recursive: true });
  copyFileSync(join(ROOT, 'examples', 'platform.yaml'), join(dir, 'platform.yaml'));
  const ids = [];
  for (let i = 0; i < n; i++) {
    const s = makeService(i);
    const sdir = join(dir, 'services', s.id);
    mkdirSync(sdir, { recursive: true });
    writeFileSync(join(sdir, 'service.yaml'), s.yaml);
    for (const [name, content] of Object.entries(s.files)) writeFileSync(join(sdir, name), content);
    ids.push(s.id);
  }
  return ids;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dir, n] = process.argv.slice(2);
  if (!dir || !n || !(Number(n) > 0)) {
    console.error('usage: node scripts/make-fleet.mjs <dir> <N>');
    process.exit(2);
  }
  const ids = makeFleet(dir, Number(n));
  console.log(`wrote ${ids.length} services × ${ENVS.length} environments to ${dir}`);
}
