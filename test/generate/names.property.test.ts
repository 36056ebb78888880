/**
 * "Names that GCP accepts, always": over generated specs with the longest ids the spec rules
 * allow, the longest regions, every environment category, both kinds, every deploy type and
 * every data store, generation passes the schema check — whose naming table
 * (src/terraform/naming-rules.ts) holds every name to its API's limit. Plus the known case from
 * the issue and the spec-key location of a rejected name.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatPath } from '../../src/diagnostics/diagnostic.ts';
import { generateService } from '../../src/generate/service.ts';
import { parseSpec } from '../../src/pipeline/parse-spec.ts';
import { parsePlatformConfig } from '../../src/platform/parse.ts';
import { checkTerraformJson } from '../../src/terraform/check.ts';
import { NAMING_RULES } from '../../src/terraform/naming-rules.ts';

// The example fleet's platform (Terraform Cloud backend, so tfcworkspaces stacks are generated
// too), allowing the two longest regions.
const platform = (() => {
  const text = readFileSync(
    join(import.meta.dirname, '..', '..', 'examples', 'platform.yaml'),
    'utf8',
  ).replace(/regions: \[/, 'regions: [northamerica-northeast1, australia-southeast1, ');
  const r = parsePlatformConfig(text, 'platform.yaml');
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
})();
const LONG_REGIONS = ['northamerica-northeast1', 'australia-southeast1'] as const;
const TABLE_SCHEMA = '[{"name": "id", "type": "STRING", "mode": "REQUIRED"}]';

/** An id of exactly `n` characters: a letter first, then letters and digits, some hyphens. */
const idOf = (n: number) =>
  fc
    .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), {
      minLength: n - 2,
      maxLength: n - 2,
    })
    .chain((mid) =>
      fc
        .tuple(
          fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
          fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
        )
        .map(([a, z]) => `${a}${mid.join('').replace(/-{2,}/g, '-')}${z}`.padEnd(n, 'x').slice(0, n)),
    );

interface Shape {
  svcLen: number;
  kind: 'service' | 'job';
  category: 'test' | 'internal' | 'external';
  deploy: 'manual' | 'subscription' | 'rollout';
  region: string;
  domain: 'none' | 'proxied' | 'direct';
  redis: boolean;
  postgres: boolean;
  publication: boolean;
  bigquery: boolean;
  schedule: boolean;
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  svcLen: fc.integer({ min: 3, max: 20 }),
  kind: fc.constantFrom('service', 'job'),
  category: fc.constantFrom('test', 'internal', 'external'),
  deploy: fc.constantFrom('manual', 'subscription', 'rollout'),
  region: fc.constantFrom(...LONG_REGIONS),
  domain: fc.constantFrom('none', 'proxied', 'direct'),
  redis: fc.boolean(),
  postgres: fc.boolean(),
  publication: fc.boolean(),
  bigquery: fc.boolean(),
  schedule: fc.boolean(),
});

/** A spec of that shape; service id of `svcLen` characters, env ids as long as the project ID allows. */
function specText(s: Shape, svc: string, envA: string, envB: string): string {
  const job = s.kind === 'job';
  const rollout = s.deploy === 'rollout' && !job;
  const env = (id: string, i: number) => {
    const lines = [
      `  - id: ${id}`,
      `    projectID: ${svc}-${id}-${i}`,
      `    category: ${s.category}`,
      `    locations: { gcpRegion: ${s.region}, gcpLocation: us }`,
      `    instances: { resources: { cpu: 1, memory: 512Mi } }`,
    ];
    if (rollout) lines.push('    deploy: { type: rollout }');
    else if (s.deploy === 'subscription')
      lines.push('    deploy: { type: subscription, subscription: { tag: insiders } }');
    else lines.push('    deploy: { type: manual }');
    if (job && s.schedule) lines.push('    schedule: { cron: "0 * * * *" }');
    if (!job && s.domain !== 'none')
      lines.push(
        `    domain: { type: cloudflare, cloudflare: { subdomain: ${id}, zone: acme.com, proxied: ${s.domain === 'proxied'} } }`,
      );
    const res: string[] = [];
    if (s.redis) res.push('      redis: { highAvailability: true }');
    if (s.postgres || s.publication) {
      res.push(`      postgreSQL:`, `        databases: [${'d'.repeat(63)}]`);
      if (s.publication)
        res.push(
          '        logicalReplication:',
          '          publications:',
          `            - { name: ${'p'.repeat(41)}_, database: ${'d'.repeat(63)}, tables: [t] }`,
        );
    }
    if (s.bigquery) res.push(`      bigQueryDataset: { tables: [${'t'.repeat(60)}] }`);
    if (res.length > 0) lines.push('    resources:', ...res);
    return lines.join('\n');
  };
  const envs = rollout ? [env(envA, 1), env(envB, 2)] : [env(envA, 1)];
  return [
    'service:',
    `  id: ${svc}`,
    '  owners: [team-with-a-rather-long-owner-name]',
    '  description: A service with long names.',
    ...(s.category === 'test' ? [] : ['  notionPageID: 0f3c2a9be1d44c7e9a1f6b2d5c8e7a10']),
    ...(job ? ['  kind: job'] : []),
    'build:',
    '  image: northamerica-northeast1-docker.pkg.dev/some-project/some-repo/some-image',
    'environments:',
    ...envs,
    ...(rollout ? ['rollout:', '  stages:', `    - environment: ${envA}`, `    - environment: ${envB}`] : []),
    'monitoring:',
    '  alerts:',
    '    customAlerts:',
    `      - name: ${'Very long alert name '.repeat(5).trim()}`,
    '        description: d',
    '        severityLevel: WARNING',
    '        condition: { type: promql, query: up == 0 }',
  ].join('\n');
}

function generate(text: string) {
  const parsed = parseSpec({
    file: 'services/x/service.yaml',
    text,
    platform,
    readSibling: (name) => (name.endsWith('.bigquerytable.json') ? TABLE_SCHEMA : undefined),
    dir: 'services/x/',
  });
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  return { parsed, errors };
}

describe('names GCP accepts', () => {
  test('property: the longest ids, long regions, every category, kind, deploy type and data store generate no rejected name', () => {
    fc.assert(
      fc.property(
        shapeArb.chain((s) => {
          // projectID `<svc>-<env>-<digit>` is at most 30 characters: env ids take what is left.
          const envLen = 30 - s.svcLen - 3;
          return fc.tuple(fc.constant(s), idOf(s.svcLen), idOf(envLen), idOf(Math.max(3, envLen - 1)));
        }),
        ([s, svc, envA, envB]) => {
          fc.pre(envA !== envB && /^[a-z]/.test(envA) && /^[a-z]/.test(envB));
          const text = specText(s, svc, envA, envB);
          const { parsed, errors } = generate(text);
          assert.deepEqual(
            errors.map((d) => `${formatPath(d.path)}: ${d.message}`),
            [],
            `the generator made an invalid spec:\n${text}`,
          );
          const gen = generateService({
            spec: parsed.value!,
            platform,
            toolVersion: 't',
            specPath: 'services/x/service.yaml',
            inputHash: '',
            raw: parsed.raw,
          });
          const bad = gen.diagnostics.filter((d) => d.severity === 'error');
          assert.deepEqual(
            bad.map((d) => `${d.code} ${formatPath(d.path)}: ${d.message}`),
            [],
            `spec:\n${text}`,
          );
        },
      ),
      { numRuns: 150, seed: 1212 },
    );
  });

  test('the case from the issue: abcdefghijklmnopqrst / stage / northamerica-northeast1 fits', () => {
    const text = specText(
      {
        svcLen: 20,
        kind: 'service',
        category: 'internal',
        deploy: 'manual',
        region: 'northamerica-northeast1',
        domain: 'proxied',
        redis: false,
        postgres: false,
        publication: false,
        bigquery: false,
        schedule: false,
      },
      'abcdefghijklmnopqrst',
      'stage',
      'other',
    );
    const { parsed, errors } = generate(text);
    assert.deepEqual(
      errors.map((d) => `${formatPath(d.path)}: ${d.message}`),
      [],
      text,
    );
    const gen = generateService({
      spec: parsed.value!,
      platform,
      toolVersion: 't',
      specPath: 's',
      inputHash: '',
      raw: parsed.raw,
    });
    assert.deepEqual(gen.diagnostics, []);
    const cloudrun = JSON.parse(
      String(gen.value!.files.find((f) => f.path === 'stage/stacks/cloudrun/main.tf.json')!.content),
    );
    const policy = Object.values(cloudrun.resource.google_compute_security_policy)[0] as { name: string };
    const run = Object.values(cloudrun.resource.google_cloud_run_v2_service)[0] as { name: string };
    const neg = Object.values(cloudrun.resource.google_compute_region_network_endpoint_group)[0] as {
      name: string;
    };
    // Cloud Armor's name no longer derives from the service (docs/cloudrun-stack.md, "Cloud Armor").
    assert.ok(policy.name.length <= 63 && /^msp-cloudflare-only-[0-9a-f]{8}$/.test(policy.name), policy.name);
    assert.ok(run.name.length <= 49, run.name);
    // Load-balancer names that already fit keep the full `<service>-<env>-<region>`.
    assert.equal(neg.name, 'abcdefghijklmnopqrst-stage-northamerica-northeast1');
  });

  test('the check itself rejects the 66-character security-policy name the issue reports', () => {
    const name = 'abcdefghijklmnopqrst-stage-northamerica-northeast1-security-policy';
    const diags = checkTerraformJson({
      terraform: { required_providers: { google: { source: 'hashicorp/google', version: '7.9.0' } } },
      resource: { google_compute_security_policy: { p: { name } } },
    });
    const d = diags.find((x) => x.code === 'TF_NAME_TOO_LONG');
    assert.ok(d, JSON.stringify(diags));
    assert.deepEqual(d.path, ['resource', 'google_compute_security_policy', 'p', 'name']);
    assert.equal(d.found, name);
    assert.match(d.message, /66 characters/);
  });

  test('every rule in the table cites its documentation', () => {
    for (const [type, attrs] of Object.entries(NAMING_RULES))
      for (const [attr, rule] of Object.entries(attrs)) {
        assert.match(rule.doc, /^https:\/\//, `${type}.${attr}`);
        assert.ok(rule.min <= rule.max, `${type}.${attr}`);
      }
  });
});

describe('a rejected name is reported on the spec key it comes from', () => {
  test('msp generate: a region the platform allows but GCP names refuse points at gcpRegion, line and column, and writes nothing', async () => {
    const { cli, copyExamples, snapshotTree } = await import('../support/cli.ts');
    const { writeFileSync } = await import('node:fs');
    const fleet = copyExamples();
    try {
      // A platform typo: an underscore in a region name is allowed by the platform config.
      const platformFile = join(fleet.dir, 'platform.yaml');
      writeFileSync(
        platformFile,
        readFileSync(platformFile, 'utf8').replace(/regions: \[/, 'regions: [europe_west9, '),
      );
      const dir = join(fleet.dir, 'services', 'nightly-sync');
      const spec = join(dir, 'service.yaml');
      writeFileSync(
        spec,
        readFileSync(spec, 'utf8').replace('gcpRegion: europe-west2', 'gcpRegion: europe_west9'),
      );
      const before = snapshotTree(join(dir, 'terraform'));
      const r = await cli(['generate', 'nightly-sync', '--root', fleet.dir], fleet.dir);
      assert.equal(r.code, 1, r.stderr);
      const lines = readFileSync(spec, 'utf8').split('\n');
      const line = lines.findIndex((l) => l.includes('gcpRegion: europe_west9')) + 1;
      const col = lines[line - 1]!.indexOf('europe_west9') + 1;
      assert.match(
        r.stderr,
        new RegExp(
          `service\\.yaml:${line}:${col}: error TF_NAME_INVALID: name "nightly-sync-prod-europe_west9"`,
        ),
      );
      assert.match(r.stderr, /at environments\[1\]\.locations\.gcpRegion/);
      assert.match(
        r.stderr,
        /note: services\/nightly-sync\/terraform\/prod\/stacks\/cloudrun\/main\.tf\.json: the name is generated here \(resource\.google_cloud_run_v2_job\.cloudrun\.name\)/,
      );
      assert.match(r.stderr, /not written: a name built from the spec would be rejected by GCP/);
      assert.deepEqual(snapshotTree(join(dir, 'terraform')), before);
    } finally {
      fleet.cleanup();
    }
  });
});

describe("a workspace name rejected because of the platform's workspacePattern", () => {
  test('is located on terraform.backend.workspacePattern in platform.yaml, not on the spec, and nothing is written', async () => {
    const { cli, copyExamples, snapshotTree } = await import('../support/cli.ts');
    const { writeFileSync } = await import('node:fs');
    const fleet = copyExamples();
    try {
      const platformFile = join(fleet.dir, 'platform.yaml');
      const pattern = `msp-{service}-{env}-{stack}-${'x'.repeat(70)}`;
      writeFileSync(
        platformFile,
        readFileSync(platformFile, 'utf8').replace(
          '    organization: acme\n',
          `    organization: acme\n    workspacePattern: ${pattern}\n`,
        ),
      );
      const dir = join(fleet.dir, 'services', 'acme-api');
      const before = snapshotTree(join(dir, 'terraform'));
      const r = await cli(['generate', 'acme-api', '--root', fleet.dir], fleet.dir);
      assert.equal(r.code, 1, r.stderr);
      const line =
        readFileSync(platformFile, 'utf8')
          .split('\n')
          .findIndex((l) => l.includes('workspacePattern:')) + 1;
      assert.match(r.stderr, new RegExp(`^platform\\.yaml:${line}:\\d+: error TF_NAME_TOO_LONG`, 'm'));
      assert.match(r.stderr, /at terraform\.backend\.workspacePattern/);
      assert.match(
        r.stderr,
        /the default pattern `msp-\{service\}-\{env\}-\{stack\}` would give "msp-acme-api-dev-/,
      );
      assert.doesNotMatch(r.stderr, /service\.yaml:\d+:\d+: error TF_NAME/);
      assert.match(r.stderr, /not written: a name built from the platform config would be rejected/);
      assert.deepEqual(snapshotTree(join(dir, 'terraform')), before);
    } finally {
      fleet.cleanup();
    }
  });
});
