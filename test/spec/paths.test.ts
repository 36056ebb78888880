/**
 * Key paths, lines and hints of a representative subset of rules, table-driven: each case edits
 * the minimal spec, and expects one diagnostic with the given code at the given key path
 * (as `formatPath` renders it), on the line containing `at`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPath } from '../../src/diagnostics/diagnostic.ts';
import { describe, minimalSpec, parse } from './helpers.ts';

interface Case {
  name: string;
  text: string;
  code: string;
  path: string;
  /** A substring of the line the diagnostic must start on. */
  at: string;
  severity?: 'error' | 'warning';
  upstream?: string | RegExp;
  hint?: string | RegExp;
}

const base = minimalSpec();
const edit = (from: string, to: string, text = base): string => {
  assert.ok(text.includes(from), `edit: ${JSON.stringify(from)} not in the base spec`);
  return text.replace(from, to);
};
const env = (extra: string) => minimalSpec({ envExtra: extra });
const job = (extra: string) => minimalSpec({ kind: 'job', envExtra: extra });
const secondEnv = [
  '  - id: prod',
  '    projectID: acme-api-prod-3f9a',
  '    category: test',
  '    deploy: {type: manual}',
  '    instances:',
  '      resources: {cpu: 0, memory: 1Gi}',
].join('\n');

const cases: Case[] = [
  {
    name: 'service id too long',
    text: edit('id: acme-api', 'id: a-very-long-service-identifier'),
    code: 'SPEC_SERVICE_ID_TOO_LONG',
    path: 'service.id',
    at: 'a-very-long',
    upstream: 'id must be at most 20 characters',
  },
  {
    name: 'empty owner entry',
    text: edit('owners: [core]', 'owners: [core, ""]'),
    code: 'SPEC_OWNER_EMPTY',
    path: 'service.owners[1]',
    at: 'owners:',
    upstream: 'owners[1] is invalid',
  },
  {
    name: 'IAM role without roles/',
    text: edit('  description: A test service.', '  description: A test service.\n  iam: {roles: [editor]}'),
    code: 'SPEC_IAM_ROLE',
    path: 'service.iam.roles[0]',
    at: 'iam:',
    upstream: 'invalid IAM role "editor", must be one of custom role or predefined role',
    hint: 'Did you mean "roles/editor"?',
  },
  {
    name: 'display name too long',
    text: edit('  owners: [core]', '  name: A Rather Long Display Name\n  owners: [core]'),
    code: 'SPEC_DISPLAY_NAME_TOO_LONG',
    path: 'service.name',
    at: 'name: A Rather',
    upstream:
      'full environment name "A Rather Long Display Name - dev" exceeds 30 characters limit - try a shorter service name or environment ID',
  },
  {
    name: 'projectID without the environment id',
    text: edit('acme-api-dev-3f9a', 'acme-api-development-3f9a'),
    code: 'SPEC_PROJECT_ID_NO_ENV',
    path: 'environments[0].projectID',
    at: 'projectID:',
    upstream:
      'projectID "acme-api-development-3f9a" must contain environment ID: expecting format \'$SERVICE_ID-$ENVIRONMENT_ID-$RANDOM_SUFFIX\'',
  },
  {
    name: 'missing category points at the environment',
    text: edit('    category: test\n', ''),
    code: 'SPEC_MISSING_KEY',
    path: 'environments[0].category',
    at: '- id: dev',
    upstream: 'category: no category provided',
  },
  {
    name: 'unknown deploy type',
    text: edit('{type: manual}', '{type: canary}'),
    code: 'SPEC_INVALID_VALUE',
    path: 'environments[0].deploy.type',
    at: 'canary',
    upstream: 'invalid deploy type "canary"',
  },
  {
    name: 'subscription without tag',
    text: edit('{type: manual}', '{type: subscription, subscription: {}}'),
    code: 'SPEC_DEPLOY_SUBSCRIPTION_TAG_MISSING',
    path: 'environments[0].deploy.subscription',
    at: 'subscription: {}',
    upstream: 'no tag in image subscription specified',
  },
  {
    name: 'misspelled region with a suggestion',
    text: env('    locations: {gcpRegion: us-centrl1, gcpLocation: us}'),
    code: 'SPEC_REGION_NOT_ALLOWED',
    path: 'environments[0].locations.gcpRegion',
    at: 'us-centrl1',
    hint: 'Did you mean "us-central1"?',
  },
  {
    name: 'cloudflare domain without subdomain',
    text: env(
      '    domain:\n      type: cloudflare\n      cloudflare:\n        subdomain: ""\n        zone: acme.dev',
    ),
    code: 'SPEC_DOMAIN_NAME_EMPTY',
    path: 'environments[0].domain.cloudflare.subdomain',
    at: 'subdomain: ""',
    upstream: `domain type "cloudflare" requires 'cloudflare.subdomain' and 'cloudflare.zone' to be set`,
  },
  {
    name: 'startup interval below timeout',
    text: env('    healthProbes:\n      timeout: 10\n      startupInterval: 5'),
    code: 'SPEC_PROBE_STARTUP_BELOW_TIMEOUT',
    path: 'environments[0].healthProbes.startupInterval',
    at: 'startupInterval: 5',
    upstream: 'startupInterval must be greater than or equal to timeout',
  },
  {
    name: 'memory with a GiB unit',
    text: edit('memory: 1Gi', 'memory: 8GiB'),
    code: 'SPEC_MEMORY_INVALID',
    path: 'environments[0].instances.resources.memory',
    at: '8GiB',
    upstream: 'resources.memory is invalid: units: unknown unit GiB in 8GiB',
    hint: 'Did you mean "8Gi"?',
  },
  {
    name: 'cpu as a decimal is a located type error',
    text: edit('cpu: 1', 'cpu: 0.5'),
    code: 'SPEC_WRONG_TYPE',
    path: 'environments[0].instances.resources.cpu',
    at: 'cpu: 0.5',
    upstream: /cannot unmarshal !!float/,
  },
  {
    name: 'scaling on a job',
    text: job('').replace(
      '      resources: {cpu: 1, memory: 1Gi}',
      '      resources: {cpu: 1, memory: 1Gi}\n      scaling:\n        maxCount: 2',
    ),
    code: 'SPEC_JOB_SCALING',
    path: 'environments[0].instances.scaling',
    at: 'scaling:',
    upstream: "'environments.instances.scaling' not supported for 'kind: job'",
  },
  {
    name: 'env template with an unknown field',
    text: env('    env:\n      REGION: "{{ .Region }}"'),
    code: 'SPEC_ENV_TEMPLATE',
    path: 'environments[0].env.REGION',
    at: 'REGION:',
    upstream: 'execute template: "{{ .Region }}"',
  },
  {
    name: 'env name that needs quoting in a path',
    text: env('    env:\n      MY.VAR: x'),
    code: 'SPEC_ENV_NAME',
    path: 'environments[0].env["MY.VAR"]',
    at: 'MY.VAR',
  },
  {
    name: 'secret name with project/ prefix',
    text: env('    secretEnv:\n      TOKEN: project/acme/secrets/TOKEN'),
    code: 'SPEC_SECRET_NAME',
    path: 'environments[0].secretEnv.TOKEN',
    at: 'TOKEN:',
    hint: 'Did you mean "projects/acme/secrets/TOKEN"?',
  },
  {
    name: 'relative secret mount path',
    text: env('    secretVolumes:\n      creds:\n        mountPath: secrets/creds.json\n        secret: S'),
    code: 'SPEC_SECRET_VOLUME_MOUNT_RELATIVE',
    path: 'environments[0].secretVolumes.creds.mountPath',
    at: 'mountPath:',
    upstream: 'mountPath must be abs file path, got "secrets/creds.json"',
  },
  {
    name: 'odd PostgreSQL cpu',
    text: env('    resources:\n      postgreSQL:\n        cpu: 3\n        memoryGB: 6'),
    code: 'SPEC_POSTGRESQL_CPU_ODD',
    path: 'environments[0].resources.postgreSQL.cpu',
    at: 'cpu: 3',
    upstream: 'postgreSQL.cpu must be 1 or a multiple of 2',
  },
  {
    name: 'duplicate publication name',
    text: env(
      '    resources:\n      postgreSQL:\n        databases: [main]\n        logicalReplication:\n          publications:\n            - {name: p, database: main, tables: [a]}\n            - {name: p, database: main, tables: [b]}',
    ),
    code: 'SPEC_PUBLICATION_NAME_DUPLICATE',
    path: 'environments[0].resources.postgreSQL.logicalReplication.publications[1].name',
    at: 'tables: [b]',
    upstream: 'publication[1].name must be unique',
  },
  {
    name: 'empty BigQuery table list',
    text: env('    resources:\n      bigQueryDataset:\n        tables: []'),
    code: 'SPEC_BIGQUERY_TABLES_EMPTY',
    path: 'environments[0].resources.bigQueryDataset.tables',
    at: 'tables: []',
    upstream: 'bigQueryDataset.tables must be non-empty',
  },
  {
    name: 'cron that runs too often',
    text: job('    schedule:\n      cron: "*/5 * * * *"'),
    code: 'SPEC_CRON_TOO_OFTEN',
    path: 'environments[0].schedule.cron',
    at: 'cron:',
    upstream: 'schedule.cron: invalid schedule: the longest interval must be >15m, got 5m0s',
  },
  {
    name: 'misspelled rollout stage with a suggestion',
    text: edit(
      '{type: manual}',
      '{type: rollout}',
      minimalSpec({ top: 'rollout:\n  stages:\n    - environment: dev\n    - environment: dve' }),
    ),
    code: 'SPEC_ROLLOUT_UNKNOWN_ENV',
    path: 'rollout.stages[1].environment',
    at: 'environment: dve',
    upstream: 'rollout stage references unknown environment "dve"',
    hint: 'Did you mean "dev"?',
  },
  {
    name: 'response code ratio out of range',
    text: minimalSpec({
      top: 'monitoring:\n  alerts:\n    responseCodeRatios:\n      - id: e\n        name: E\n        code: 500\n        ratio: 2',
    }),
    code: 'SPEC_ALERT_RATIO',
    path: 'monitoring.alerts.responseCodeRatios[0].ratio',
    at: 'ratio: 2',
    upstream: 'responseCodeRatios[].ratio must be between 0 and 1',
  },
  {
    name: 'custom alert name format',
    text: minimalSpec({
      top: 'monitoring:\n  alerts:\n    customAlerts:\n      - name: a_b\n        severityLevel: WARNING\n        condition: {type: mql, query: x}',
    }),
    code: 'SPEC_CUSTOM_ALERT_NAME_INVALID',
    path: 'monitoring.alerts.customAlerts[0].name',
    at: 'name: a_b',
    upstream: 'custom alert name must match the format ^[-A-Za-z0-9 ]+$, got: `a_b`',
  },
  {
    name: 'misspelled key, at the key, with a suggestion',
    text: edit('  description:', '  descripton:'),
    code: 'SPEC_UNKNOWN_KEY',
    path: 'service.descripton',
    at: 'descripton',
    hint: 'Did you mean `description`?',
  },
  {
    name: 'misspelled block key in an environment',
    text: edit('    instances:', '    instance:'),
    code: 'SPEC_UNKNOWN_KEY',
    path: 'environments[0].instance',
    at: 'instance:',
    hint: 'Did you mean `instances`?',
  },
  {
    name: 'legacy key warning names its replacement',
    text: env('    startupProbe: {timeout: 3}'),
    code: 'SPEC_LEGACY_KEY',
    severity: 'warning',
    path: 'environments[0].startupProbe',
    at: 'startupProbe',
    hint: /healthProbes/,
  },
  {
    name: 'duplicate environment id',
    text: minimalSpec({ envExtra: secondEnv.replace('id: prod', 'id: dev').replace('cpu: 0', 'cpu: 1') }),
    code: 'SPEC_DUPLICATE_ENV',
    path: 'environments[1].id',
    at: '- id: dev',
  },
  {
    name: 'a rule error in the second environment',
    text: minimalSpec({ envExtra: secondEnv }),
    code: 'SPEC_CPU_TOO_LOW',
    path: 'environments[1].instances.resources.cpu',
    at: 'cpu: 0',
    upstream: 'resources.cpu must be >= 1',
  },
];

for (const c of cases)
  test(c.name, () => {
    const r = parse(c.text);
    const hits = r.diagnostics.filter((d) => d.code === c.code && formatPath(d.path) === c.path);
    const why = `diagnostics were\n${describe(r.diagnostics)}\n--- spec ---\n${c.text}`;
    assert.equal(hits.length, 1, `expected one ${c.code} at ${c.path}; ${why}`);
    const d = hits[0]!;
    assert.equal(d.severity, c.severity ?? 'error');
    const lines = c.text.split('\n');
    // The last line holding `at` (a later duplicate is the one reported, e.g. a repeated id).
    let expectedLine = 0;
    lines.forEach((l, i) => {
      if (l.includes(c.at)) expectedLine = i + 1;
    });
    assert.ok(expectedLine > 0, `"${c.at}" is not in the spec`);
    assert.equal(d.range?.start.line, expectedLine, why);
    assert.ok((d.range?.start.column ?? 0) >= 1);
    if (c.upstream !== undefined)
      typeof c.upstream === 'string'
        ? assert.equal(d.upstream, c.upstream)
        : assert.match(d.upstream ?? '', c.upstream);
    if (c.hint !== undefined)
      typeof c.hint === 'string' ? assert.equal(d.hint, c.hint) : assert.match(d.hint ?? '', c.hint);
    // Messages are sentence-like, no trailing full stop.
    assert.ok(d.message.length > 0 && !d.message.endsWith('.'), `message style: ${d.message}`);
  });
