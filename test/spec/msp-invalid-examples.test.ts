/**
 * The eighteen invalid examples MSP documents. Each case is a whole document built around
 * the fragment §8 shows; it must be rejected with exactly the listed errors (code + key path),
 * and where §8 quotes MSP's text, `upstream` carries it verbatim.
 *
 * Where our design intentionally differs from MSP, the case says so and asserts our behaviour:
 * - item 4/9/13/14: a missing key, a value outside an enum or a wrong type is a located shape
 *   error; the rules of that environment (or alert) wait until it is fixed;
 * - item 7/8: the swapped-argument message is fixed in `message`; `upstream` keeps MSP's text;
 * - item 8: unknown kinds are rejected at validation;
 * - item 17: the cron window is checked at validation, not at generation.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPath } from '../../src/diagnostics/diagnostic.ts';
import { describe, errorsOf, parse } from './helpers.ts';

interface Expect {
  code: string;
  path: string;
  upstream?: string;
  message?: RegExp;
}

interface Case {
  item: number;
  name: string;
  text: string;
  errors: Expect[];
  siblings?: Record<string, string>;
}

const svc = (extra = '') =>
  `service:\n  id: acme-api\n  owners: [core]\n  description: x\n  notionPageID: 0f3c2a9be1d44c7e9a1f6b2d5c8e7a10\n${extra}`;
const envBlock = (id: string, lines: string[], project = `acme-api-${id}-3f9a`) =>
  [`  - id: ${id}`, `    projectID: ${project}`, ...lines].join('\n');
const plain = (id: string, extra: string[] = [], project?: string) =>
  envBlock(
    id,
    [
      '    category: test',
      '    deploy: {type: manual}',
      ...extra,
      '    instances:',
      '      resources: {cpu: 1, memory: 1Gi}',
    ],
    project,
  );
const withInstances = (id: string, resources: string) =>
  envBlock(id, [
    '    category: test',
    '    deploy: {type: manual}',
    '    instances:',
    `      resources: ${resources}`,
  ]);
const doc = (...parts: string[]) => `${parts.join('\n')}\n`;
const PROJECT_FORMAT = "expecting format '$SERVICE_ID-$ENVIRONMENT_ID-$RANDOM_SUFFIX'";
const REGIONS =
  '[us-central1, us-west1, asia-northeast1, australia-southeast1, europe-west2, europe-west3, northamerica-northeast1]';

const cases: Case[] = [
  {
    item: 1,
    name: 'bad service ID',
    text: doc(
      'service: { id: Acme_API_Gateway_Service, owners: [core], description: x }',
      'environments:',
      plain('dev'),
    ),
    errors: [
      { code: 'SPEC_SERVICE_ID_TOO_LONG', path: 'service.id', upstream: 'id must be at most 20 characters' },
      {
        code: 'SPEC_SERVICE_ID_CHARACTERS',
        path: 'service.id',
        upstream: 'id can only contain lowercase alphanumeric characters and hyphens',
      },
      {
        code: 'SPEC_PROJECT_ID_NO_SERVICE',
        path: 'environments[0].projectID',
        upstream: `environment "dev" projectID "acme-api-dev-3f9a" must contain service ID: ${PROJECT_FORMAT}`,
      },
    ],
  },
  {
    item: 2,
    name: 'display name too long',
    text: doc(
      'service:\n  id: portal\n  name: Sourcegraph Enterprise Portal\n  owners: [core]\n  description: x',
      'environments:',
      plain('dev', [], 'portal-dev-3f9a'),
    ),
    errors: [
      {
        code: 'SPEC_DISPLAY_NAME_TOO_LONG',
        path: 'service.name',
        upstream:
          'full environment name "Sourcegraph Enterprise Portal - dev" exceeds 30 characters limit - try a shorter service name or environment ID',
      },
    ],
  },
  {
    item: 3,
    name: 'projectID does not match the environment',
    text: doc(
      svc(),
      'environments:',
      plain('prod', [], 'acme-api-production-1234'),
      plain('stg', [], 'other-svc-stg-1234'),
      plain('dev', [], 'acme-api-dev-123456789012345678'),
    ),
    errors: [
      {
        code: 'SPEC_PROJECT_ID_NO_ENV',
        path: 'environments[0].projectID',
        upstream: `projectID "acme-api-production-1234" must contain environment ID: ${PROJECT_FORMAT}`,
      },
      {
        code: 'SPEC_PROJECT_ID_NO_SERVICE',
        path: 'environments[1].projectID',
        upstream: `environment "stg" projectID "other-svc-stg-1234" must contain service ID: ${PROJECT_FORMAT}`,
      },
      {
        code: 'SPEC_PROJECT_ID_TOO_LONG',
        path: 'environments[2].projectID',
        upstream: 'projectID "acme-api-dev-123456789012345678" must be less than 30 characters',
      },
      // Stricter: a 31-character ID is not a valid GCP project ID either.
      {
        code: 'SPEC_PROJECT_ID_FORMAT',
        path: 'environments[2].projectID',
        message: /not a valid GCP project ID/,
      },
    ],
  },
  {
    item: 4,
    name: 'missing or wrong category',
    // The cpu: 0 errors are not reported for those environments, as in MSP.
    text: doc(
      svc(),
      'environments:',
      envBlock('dev', [
        '    deploy: {type: manual}',
        '    instances:',
        '      resources: {cpu: 0, memory: 1Gi}',
      ]),
      envBlock('prod', [
        '    category: production',
        '    deploy: {type: manual}',
        '    instances:',
        '      resources: {cpu: 0, memory: 1Gi}',
      ]),
    ),
    errors: [
      {
        code: 'SPEC_MISSING_KEY',
        path: 'environments[0].category',
        upstream: 'category: no category provided',
      },
      {
        code: 'SPEC_INVALID_VALUE',
        path: 'environments[1].category',
        upstream: 'category: invalid category "production"',
      },
    ],
  },
  {
    item: 5,
    name: 'production environment without Notion, and a Notion URL',
    text: doc(
      'service:\n  id: acme-api\n  owners: [core]\n  description: x',
      'environments:',
      envBlock('prod', [
        '    category: external',
        '    deploy: {type: manual}',
        '    instances:',
        '      resources: {cpu: 1, memory: 1Gi}',
      ]),
    ),
    errors: [
      {
        code: 'SPEC_NOTION_REQUIRED',
        path: 'environments[0].category',
        upstream: `environment "prod" in category "external" requires 'service.notionPageID' to be set`,
      },
    ],
  },
  {
    item: 5,
    name: 'notionPageID that is a URL with a query',
    text: doc(
      'service:\n  id: acme-api\n  owners: [core]\n  description: x\n  notionPageID: https://www.notion.so/abc?pvs=4',
    ),
    errors: [
      {
        code: 'SPEC_NOTION_URL',
        path: 'service.notionPageID',
        upstream: 'notionPageID must be a page ID, not a URL',
      },
      {
        code: 'SPEC_NOTION_QUERY',
        path: 'service.notionPageID',
        upstream: "notionPageID must be a page ID, found what looks like a URL query '?'",
      },
    ],
  },
  {
    item: 6,
    name: 'broken rollout',
    text: doc(
      svc(),
      'rollout:',
      '  stages: [{environment: dev}, {environment: staging}, {environment: dev}]',
      'environments:',
      plain('dev'),
    ),
    errors: [
      {
        code: 'SPEC_ROLLOUT_STAGE_NOT_ROLLOUT',
        path: 'rollout.stages[0].environment',
        upstream: `environment "dev" is referenced in a rollout stage - deploy type must be 'rollout'`,
      },
      {
        code: 'SPEC_ROLLOUT_UNKNOWN_ENV',
        path: 'rollout.stages[1].environment',
        upstream: 'rollout stage references unknown environment "staging"',
      },
      {
        code: 'SPEC_ROLLOUT_STAGE_REPEATED',
        path: 'rollout.stages[2].environment',
        upstream: 'rollout stage references environment "dev" more than once',
      },
    ],
  },
  {
    item: 6,
    name: 'rollout without stages',
    text: doc(svc(), 'rollout: {stages: []}', 'environments: []'),
    errors: [
      {
        code: 'SPEC_ROLLOUT_NO_STAGES',
        path: 'rollout.stages',
        upstream: 'rollout spec is defined but contains no stages',
      },
    ],
  },
  {
    item: 7,
    name: 'rollout deploy type without a rollout spec (message fixed, MSP text kept in upstream)',
    text: doc(
      svc(),
      'environments:',
      envBlock('prod', [
        '    category: test',
        '    deploy: {type: rollout}',
        '    instances:',
        '      resources: {cpu: 1, memory: 1Gi}',
      ]),
    ),
    errors: [
      {
        code: 'SPEC_ROLLOUT_ENV_NOT_STAGED',
        path: 'environments[0].deploy.type',
        message: /^Environment "prod" has deploy type `rollout` but is not in `rollout.stages`$/,
      },
    ],
  },
  {
    item: 7,
    name: 'deploy blocks that do not match the type',
    text: doc(
      svc(),
      'environments:',
      envBlock('a', [
        '    category: test',
        '    deploy: {type: canary}',
        '    instances:',
        '      resources: {cpu: 1, memory: 1Gi}',
      ]),
      envBlock('b', [
        '    category: test',
        '    deploy: {type: subscription, subscription: {}}',
        '    instances:',
        '      resources: {cpu: 1, memory: 1Gi}',
      ]),
      envBlock('c', [
        '    category: test',
        '    deploy: {type: manual, subscription: {tag: x}}',
        '    instances:',
        '      resources: {cpu: 1, memory: 1Gi}',
      ]),
    ),
    errors: [
      {
        code: 'SPEC_INVALID_VALUE',
        path: 'environments[0].deploy.type',
        upstream: 'invalid deploy type "canary"',
      },
      {
        code: 'SPEC_DEPLOY_SUBSCRIPTION_TAG_MISSING',
        path: 'environments[1].deploy.subscription',
        upstream: 'no tag in image subscription specified',
      },
      {
        code: 'SPEC_DEPLOY_SUBSCRIPTION_WITH_MANUAL',
        path: 'environments[2].deploy.subscription',
        upstream: 'subscription deploy spec provided when type is manual',
      },
    ],
  },
  {
    item: 8,
    name: 'service blocks, rollout and scaling under kind: job',
    text: doc(
      'service: { id: nightly-sync, kind: job, owners: [data], description: x }',
      'environments:',
      envBlock(
        'prod',
        [
          '    category: test',
          '    deploy: {type: rollout}',
          '    domain: {type: none}',
          '    instances: {resources: {cpu: 1, memory: 1Gi}, scaling: {maxCount: 2}}',
        ],
        'nightly-sync-prod-3f9a',
      ),
    ),
    errors: [
      {
        code: 'SPEC_SERVICE_BLOCK_IN_JOB',
        path: 'environments[0].domain',
        upstream: "service specifications are not supported for 'kind: job'",
      },
      {
        code: 'SPEC_JOB_ROLLOUT_DEPLOY',
        path: 'environments[0].deploy.type',
        upstream: `'deploy { type: "rollout" }' not supported for 'kind: job'`,
      },
      {
        code: 'SPEC_JOB_SCALING',
        path: 'environments[0].instances.scaling',
        upstream: "'environments.instances.scaling' not supported for 'kind: job'",
      },
      {
        code: 'SPEC_ROLLOUT_ENV_NOT_STAGED',
        path: 'environments[0].deploy.type',
        message: /"prod".*not in `rollout.stages`/,
      },
    ],
  },
  {
    item: 8,
    name: 'job blocks under kind: service',
    text: doc(svc(), 'environments:', plain('prod', ['    schedule: {cron: "0 * * * *"}'])),
    errors: [
      {
        code: 'SPEC_JOB_BLOCK_IN_SERVICE',
        path: 'environments[0].schedule',
        upstream: "job specifications are not supported for 'kind: service'",
      },
    ],
  },
  {
    item: 8,
    name: 'an unknown kind is rejected at validation (MSP failed only at generation)',
    text: doc('service: { id: acme-api, kind: cronjob, owners: [core], description: x }'),
    errors: [{ code: 'SPEC_INVALID_VALUE', path: 'service.kind' }],
  },
  {
    item: 9,
    name: 'instance resources',
    text: doc(
      svc(),
      'environments:',
      withInstances('a', '{cpu: 8, memory: 2Gi}'),
      withInstances('b', '{cpu: 1, memory: 8GiB}'),
      withInstances('c', '{cpu: 2, memory: 20Gi}'),
      withInstances('d', '{cpu: 0, memory: 256Mi}'),
    ),
    errors: [
      {
        code: 'SPEC_CPU_NEEDS_MEMORY',
        path: 'environments[0].instances.resources.memory',
        upstream: 'resources.cpu > 6 requires resources.memory >= 4Gi',
      },
      {
        code: 'SPEC_MEMORY_INVALID',
        path: 'environments[1].instances.resources.memory',
        upstream: 'resources.memory is invalid: units: unknown unit GiB in 8GiB',
      },
      {
        code: 'SPEC_MEMORY_NEEDS_CPU',
        path: 'environments[2].instances.resources.cpu',
        upstream: 'resources.memory > 16Gi requires resources.cpu >= 6',
      },
      {
        code: 'SPEC_CPU_TOO_LOW',
        path: 'environments[3].instances.resources.cpu',
        upstream: 'resources.cpu must be >= 1',
      },
      {
        code: 'SPEC_MEMORY_TOO_LOW',
        path: 'environments[3].instances.resources.memory',
        upstream: 'resources.memory must be >= 512Mi',
      },
    ],
  },
  {
    item: 9,
    name: 'cpu: 0.5 is a located type error (MSP: a YAML decode error)',
    text: doc(svc(), 'environments:', withInstances('a', '{cpu: 0.5, memory: 1Gi}')),
    errors: [
      {
        code: 'SPEC_WRONG_TYPE',
        path: 'environments[0].instances.resources.cpu',
        upstream: 'cannot unmarshal !!float `0.5` into int',
      },
    ],
  },
  {
    item: 10,
    name: 'PostgreSQL sizing and replication',
    text: doc(
      svc(),
      'environments:',
      plain('dev', [
        '    resources:',
        '      postgreSQL:',
        '        databases: [main]',
        '        cpu: 3',
        '        memoryGB: 24',
        '        logicalReplication:',
        '          publications:',
        '            - {name: pub, database: main, tables: [a]}',
        '            - {name: pub, database: "", tables: []}',
      ]),
    ),
    errors: [
      {
        code: 'SPEC_POSTGRESQL_CPU_ODD',
        path: 'environments[0].resources.postgreSQL.cpu',
        upstream: 'postgreSQL.cpu must be 1 or a multiple of 2',
      },
      {
        code: 'SPEC_POSTGRESQL_MEMORY_ABOVE_CPU',
        path: 'environments[0].resources.postgreSQL.memoryGB',
        upstream: 'postgreSQL.memoryGB must be <= 6*postgreSQL.cpu',
        message: /\(18\)/,
      },
      ...(
        [
          ['name', 'SPEC_PUBLICATION_NAME_DUPLICATE'],
          ['database', 'SPEC_PUBLICATION_DATABASE_MISSING'],
          ['tables', 'SPEC_PUBLICATION_TABLES_MISSING'],
        ] as const
      ).map(([k, code]) => ({
        code,
        path: `environments[0].resources.postgreSQL.logicalReplication.publications[1].${k}`,
        upstream: k === 'name' ? 'publication[1].name must be unique' : `publication[1].${k} is required`,
      })),
    ],
  },
  {
    item: 11,
    name: 'health probe conflicts',
    text: doc(
      svc(),
      'environments:',
      plain('a', ['    healthProbes: {healthzProbes: false, timeout: 10}']),
      plain('b', ['    healthProbes: {timeout: 10, startupInterval: 5, livenessInterval: 7200}']),
    ),
    errors: [
      {
        code: 'SPEC_PROBES_NEED_HEALTHZ',
        path: 'environments[0].healthProbes.healthzProbes',
        upstream:
          'timeout, startupInterval and livenessInterval can only be configured when healthzProbes is enabled',
      },
      {
        code: 'SPEC_PROBE_STARTUP_BELOW_TIMEOUT',
        path: 'environments[1].healthProbes.startupInterval',
        upstream: 'startupInterval must be greater than or equal to timeout',
      },
      {
        code: 'SPEC_PROBE_LIVENESS_TOO_LONG',
        path: 'environments[1].healthProbes.livenessInterval',
        upstream: 'livenessInterval must be less than or equal to 3600 seconds',
      },
    ],
  },
  {
    item: 12,
    name: 'duplicate domain across environments',
    text: doc(
      svc(),
      'environments:',
      plain('dev', ['    domain: {type: cloudflare, cloudflare: {subdomain: api, zone: sgdev.org}}']),
      plain('prod', ['    domain: {type: cloudflare, cloudflare: {subdomain: api, zone: sgdev.org}}']),
    ),
    errors: [
      {
        code: 'SPEC_DUPLICATE_DOMAIN',
        path: 'environments[1].domain.cloudflare.subdomain',
        upstream: 'domain "api.sgdev.org" is configured more than once across environments',
      },
    ],
  },
  {
    item: 13,
    name: 'locations: region not allowed, location empty',
    text: doc(
      svc(),
      'environments:',
      plain('dev', ['    locations: {gcpRegion: us-east1, gcpLocation: ""}']),
    ),
    errors: [
      {
        code: 'SPEC_REGION_NOT_ALLOWED',
        path: 'environments[0].locations.gcpRegion',
        upstream: `locations.gcpRegion "us-east1" is not valid, allowed: ${REGIONS}`,
      },
      {
        code: 'SPEC_LOCATION_EMPTY',
        path: 'environments[0].locations.gcpLocation',
        upstream: 'locations.gcpLocation must be non-empty',
      },
    ],
  },
  {
    item: 13,
    name: 'locations: gcpLocation omitted is a missing key (the region is checked once it is added)',
    text: doc(svc(), 'environments:', plain('dev', ['    locations: {gcpRegion: us-east1}'])),
    errors: [
      {
        code: 'SPEC_MISSING_KEY',
        path: 'environments[0].locations.gcpLocation',
        upstream: 'locations.gcpLocation must be non-empty',
      },
    ],
  },
  {
    item: 14,
    name: 'monitoring',
    text: doc(
      svc(),
      'environments: []',
      'monitoring:',
      '  alerts:',
      '    responseCodeRatios:',
      '      - {id: errs, name: Errors, code: 500, codeClass: 5xx, ratio: 1.5, durationMinutes: 2000}',
      '      - {id: errs, name: Dup, codeClass: "5XX", ratio: 0.1}',
      '    customAlerts:',
      '      - {name: high_latency, severityLevel: ERROR, condition: {type: sql, query: ""}}',
      // The same name/query problems with valid enums, so the alert's own rules run too.
      '      - {name: high_latency, severityLevel: WARNING, condition: {type: mql, query: ""}}',
    ),
    errors: [
      {
        code: 'SPEC_ALERT_RATIO',
        path: 'monitoring.alerts.responseCodeRatios[0].ratio',
        upstream: 'responseCodeRatios[].ratio must be between 0 and 1',
      },
      {
        code: 'SPEC_ALERT_CODE_AND_CLASS',
        path: 'monitoring.alerts.responseCodeRatios[0].code',
        upstream:
          'only one of responseCodeRatios[].code or responseCodeRatios[].codeClass should be specified',
      },
      {
        code: 'SPEC_ALERT_DURATION_TOO_LONG',
        path: 'monitoring.alerts.responseCodeRatios[0].durationMinutes',
        upstream: 'responseCodeRatios[].duration must be less than 1440 minutes',
      },
      {
        code: 'SPEC_ALERT_ID_DUPLICATE',
        path: 'monitoring.alerts.responseCodeRatios[1].id',
        upstream: 'response code alert IDs must be unique, found duplicate ID: errs',
      },
      {
        code: 'SPEC_ALERT_CODE_CLASS',
        path: 'monitoring.alerts.responseCodeRatios[1].codeClass',
        upstream: 'responseCodeRatios[].codeClass must match the format Nxx (e.g. 4xx, 5xx)',
      },
      {
        code: 'SPEC_INVALID_VALUE',
        path: 'monitoring.alerts.customAlerts[0].severityLevel',
        upstream: 'customAlerts[].severityLevel must be either `WARNING` or `CRITICAL`',
      },
      {
        code: 'SPEC_INVALID_VALUE',
        path: 'monitoring.alerts.customAlerts[0].condition.type',
        upstream: 'customAlerts[].condition.type must be either `mql` or `promql`',
      },
      {
        code: 'SPEC_CUSTOM_ALERT_NAME_INVALID',
        path: 'monitoring.alerts.customAlerts[1].name',
        upstream: 'custom alert name must match the format ^[-A-Za-z0-9 ]+$, got: `high_latency`',
      },
      {
        code: 'SPEC_CUSTOM_ALERT_QUERY_EMPTY',
        path: 'monitoring.alerts.customAlerts[1].condition.query',
        upstream: 'customAlerts[].condition.query cannot be empty',
      },
    ],
  },
  {
    item: 15,
    name: 'secret volumes and IAM',
    text: doc(
      svc('  iam: {roles: [roles/bigquery-admin, editor]}'),
      'environments:',
      plain('dev', [
        '    secretVolumes:',
        '      creds: {mountPath: secrets/creds.json, secret: ""}',
        '      dir:   {mountPath: /etc/secret/, secret: S}',
      ]),
    ),
    errors: [
      {
        code: 'SPEC_IAM_ROLE',
        path: 'service.iam.roles[0]',
        upstream: 'invalid IAM role "roles/bigquery-admin", must be one of custom role or predefined role',
      },
      {
        code: 'SPEC_IAM_ROLE',
        path: 'service.iam.roles[1]',
        upstream: 'invalid IAM role "editor", must be one of custom role or predefined role',
      },
      {
        code: 'SPEC_SECRET_VOLUME_MOUNT_RELATIVE',
        path: 'environments[0].secretVolumes.creds.mountPath',
        upstream: 'mountPath must be abs file path, got "secrets/creds.json"',
      },
      {
        code: 'SPEC_SECRET_VOLUME_SECRET_MISSING',
        path: 'environments[0].secretVolumes.creds.secret',
        upstream: 'secret is required',
      },
      {
        code: 'SPEC_SECRET_VOLUME_MOUNT_MALFORMED',
        path: 'environments[0].secretVolumes.dir.mountPath',
        upstream: 'mountPath may be malformed, got "/etc/secret/"',
      },
    ],
  },
  {
    item: 16,
    name: 'service basics',
    text: doc('service: {id: acme-api, owners: [], description: ""}'),
    errors: [
      { code: 'SPEC_OWNERS_EMPTY', path: 'service.owners', upstream: 'owners requires at least one value' },
      { code: 'SPEC_DESCRIPTION', path: 'service.description', upstream: 'description is required' },
    ],
  },
  {
    item: 16,
    name: 'empty owner',
    text: doc('service: {id: acme-api, owners: [""], description: x}'),
    errors: [{ code: 'SPEC_OWNER_EMPTY', path: 'service.owners[0]', upstream: 'owners[0] is invalid' }],
  },
  {
    item: 17,
    name: 'bad cron, checked at validation (MSP: only at generation)',
    text: doc(
      'service: {id: nightly-sync, kind: job, owners: [data], description: x}',
      'environments:',
      plain('a', ['    schedule: {cron: "*/5 * * * *"}'], 'nightly-sync-a-3f9a'),
      plain('b', ['    schedule: {cron: "0 0 1 * *"}'], 'nightly-sync-b-3f9a'),
    ),
    errors: [
      {
        code: 'SPEC_CRON_TOO_OFTEN',
        path: 'environments[0].schedule.cron',
        upstream: 'schedule.cron: invalid schedule: the longest interval must be >15m, got 5m0s',
      },
      {
        code: 'SPEC_CRON_TOO_RARE',
        path: 'environments[1].schedule.cron',
        upstream: 'schedule.cron: invalid schedule: the longest interval must be <8 days, got 744h0m0s',
      },
    ],
  },
  {
    item: 18,
    name: 'BigQuery without tables',
    text: doc(
      svc(),
      'environments:',
      plain('prod', ['    resources:', '      bigQueryDataset: {tables: []}']),
    ),
    errors: [
      {
        code: 'SPEC_BIGQUERY_TABLES_EMPTY',
        path: 'environments[0].resources.bigQueryDataset.tables',
        upstream: 'bigQueryDataset.tables must be non-empty',
      },
    ],
  },
  {
    item: 18,
    name: 'BigQuery table without its schema file',
    text: doc(
      svc(),
      'environments:',
      plain('prod', ['    resources:', '      bigQueryDataset: {tables: [events]}']),
    ),
    siblings: {},
    errors: [
      {
        code: 'SPEC_BIGQUERY_SCHEMA_MISSING',
        path: 'environments[0].resources.bigQueryDataset.tables[0]',
        upstream: 'read schema for BigQuery table events: no such file',
      },
    ],
  },
];

test('all eighteen documented MSP invalid examples are covered', () => {
  assert.deepEqual(
    [...new Set(cases.map((c) => c.item))],
    Array.from({ length: 18 }, (_, i) => i + 1),
  );
});

for (const c of cases)
  test(`§8 item ${c.item}: ${c.name}`, () => {
    const r = parse(c.text, c.siblings ? { siblings: c.siblings } : {});
    const errors = errorsOf(r);
    const why = `diagnostics were\n${describe(r.diagnostics)}\n--- spec ---\n${c.text}`;
    assert.equal(r.value, undefined, 'the spec is rejected');
    // Exactly these errors: the same (code, path) multiset, nothing more.
    const key = (code: string, path: string) => `${code} ${path}`;
    assert.deepEqual(
      errors.map((d) => key(d.code, formatPath(d.path))).sort(),
      c.errors.map((e) => key(e.code, e.path)).sort(),
      why,
    );
    for (const e of c.errors) {
      const hit = errors.find(
        (d) =>
          d.code === e.code &&
          formatPath(d.path) === e.path &&
          (e.upstream === undefined || d.upstream === e.upstream) &&
          (e.message === undefined || e.message.test(d.message)),
      );
      assert.ok(hit, `no ${e.code} at ${e.path} with upstream ${JSON.stringify(e.upstream)}; ${why}`);
      assert.ok((hit.range?.start.line ?? 0) >= 1 && (hit.range?.start.column ?? 0) >= 1, 'located');
    }
  });

test('§8 item 7: the swapped-argument message is fixed; upstream keeps MSP literal text', () => {
  const r = parse(
    doc(
      svc(),
      'environments:',
      envBlock('prod', [
        '    category: test',
        '    deploy: {type: rollout}',
        '    instances:',
        '      resources: {cpu: 1, memory: 1Gi}',
      ]),
    ),
  );
  const d = errorsOf(r).find((x) => x.code.startsWith('SPEC_ROLLOUT_'));
  assert.ok(d);
  assert.match(d.message, /Environment "prod"/);
  assert.ok(
    d.upstream?.startsWith(
      `environment "rollout" has deploy type 'prod', but is not referenced in rollout stages`,
    ),
    d.upstream,
  );
});
