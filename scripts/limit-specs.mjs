// Specs at the input limits (src/source/limits.ts), for the memory test and the benchmark:
// as large and as many-valued as the limits allow, and valid, so they go through every stage
// (validation, generation, schema check, docs). Written into a copy of a fleet by the callers.
// This plain-Node script (the benchmark imports it without a TypeScript loader) cannot import
// src/source/limits.ts, so it states the two limits it builds to; test/generate/limits.test.ts
// fails when they differ from LIMITS.
export const ASSUMED_LIMITS = { maxFileBytes: 4 * 1024 * 1024, maxNodes: 100_000 };
const MAX_BYTES = ASSUMED_LIMITS.maxFileBytes;
const MAX_VALUES = ASSUMED_LIMITS.maxNodes;

const HEAD = (id, envBody, prodEnvBody = envBody) =>
  [
    'service:',
    `  id: ${id}`,
    '  owners: [core]',
    '  description: A service at the input limits.',
    '  notionPageID: 0f3c2a9be1d44c7e9a1f6b2d5c8e7a10',
    'environments:',
    '  - id: dev',
    `    projectID: ${id.slice(0, 12)}-dev-3f9a`,
    '    category: test',
    '    deploy: {type: manual}',
    '    instances:',
    '      resources: {cpu: 1, memory: 1Gi}',
    envBody,
    '  - id: prod',
    `    projectID: ${id.slice(0, 12)}-prod-3f9a`,
    '    category: internal',
    '    deploy: {type: manual}',
    '    instances:',
    '      resources: {cpu: 1, memory: 1Gi}',
    prodEnvBody,
    '',
  ].join('\n');

/**
 * The most env vars that fit under both limits, split over two environments: just under 4 MiB
 * and 100,000 values (each `NAME: value` line counts once). The worst valid case for memory:
 * every value reaches the Terraform of its environment and the operations page.
 */
export function manyValuesSpec(id = 'limits-many') {
  const perEnv = Math.floor((MAX_VALUES - 200) / 2);
  const lineBytes = Math.floor((MAX_BYTES - 4096) / 2 / perEnv);
  const lines = ['    env:'];
  for (let i = 0; i < perEnv; i++) {
    const name = `V${i}`;
    const pad = lineBytes - (6 + name.length + 4 + 1);
    lines.push(`      ${name}: "${'x'.repeat(Math.max(1, pad))}"`);
  }
  return HEAD(id, lines.join('\n'));
}

/** One env value of almost 2 MiB in each environment: the largest strings the limits allow. */
export function longValuesSpec(id = 'limits-long') {
  const big = 'y'.repeat(Math.floor((MAX_BYTES - 4096) / 2));
  return HEAD(id, `    env:\n      BIG: "${big}"`);
}

/** Aliases expanding to just under the 1 MiB amplification cap, in a file of about 3.5 MiB. */
export function aliasSpec(id = 'limits-alias') {
  const big = 'z'.repeat(256 * 1024 - 64);
  const dev = [
    '    env:',
    `      A0: &big "${big}"`,
    ...[1, 2, 3].map((i) => `      A${i}: *big`),
    `      PAD: "${'p'.repeat(1500 * 1024)}"`,
  ].join('\n');
  return HEAD(id, dev, `    env:\n      PAD: "${'q'.repeat(1500 * 1024)}"`);
}
