/**
 * The platform JSON Schema (`msp schema --platform`, docs/schema/platform.schema.json) and the
 * platform rules read the same limits and patterns (src/platform/constraints.ts). For each rule
 * the schema can express, one edit of a complete config breaks it: `msp validate` reports exactly
 * that rule's code, and the schema (compiled with ajv) rejects the edited config. The rules the
 * schema cannot express (across keys) are listed, and every rule code is in one list or the
 * other. The schema accepts every valid platform fixture and the example fleet's config.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Ajv } from 'ajv';
import { parse as parseYaml, stringify } from 'yaml';
import type { DiagnosticCode } from '../../src/diagnostics/diagnostic.ts';
import { parsePlatformConfig } from '../../src/platform/parse.ts';
import { platformJsonSchema } from '../../src/platform/schema.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'platform');
const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(platformJsonSchema());

type Config = Record<string, unknown>;
const base = (): Config =>
  parseYaml(readFileSync(join(FIXTURES, 'valid', 'complete.yaml'), 'utf8')) as Config;

/** Sets `value` at a dotted key path (creating mappings on the way). */
function set(config: Config, path: string, value: unknown): Config {
  const keys = path.split('.');
  let at = config as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) {
    at[k] ??= {};
    at = at[k] as Record<string, unknown>;
  }
  at[keys[keys.length - 1]!] = value;
  return config;
}

const channel = (fields: Config): Config[] => [{ id: 'page', severities: ['CRITICAL'], ...fields }];

/** One edit per rule the schema states, with the code `msp validate` reports for it. */
const CASES: { code: DiagnosticCode; edit: (c: Config) => Config }[] = [
  { code: 'PLATFORM_BILLING_ACCOUNT_FORMAT', edit: (c) => set(c, 'gcp.billingAccount', '1234') },
  { code: 'PLATFORM_FOLDER_FORMAT', edit: (c) => set(c, 'gcp.folders.test', 'engineering') },
  {
    code: 'PLATFORM_FOLDER_MISSING',
    edit: (c) => set(c, 'gcp.folders', { test: 'folders/1', internal: 'folders/2' }),
  },
  {
    code: 'PLATFORM_BACKEND_ORGANIZATION_MISSING',
    edit: (c) => set(c, 'terraform.backend', { type: 'cloud' }),
  },
  { code: 'PLATFORM_BACKEND_BUCKET_MISSING', edit: (c) => set(c, 'terraform.backend', { type: 'gcs' }) },
  {
    code: 'PLATFORM_UNUSED_KEY',
    edit: (c) => set(c, 'terraform.backend', { type: 'local', bucket: 'state' }),
  },
  {
    code: 'PLATFORM_WORKSPACE_PATTERN_TOKEN',
    edit: (c) => set(c, 'terraform.backend.workspacePattern', 'msp-{service}-{env}'),
  },
  {
    code: 'PLATFORM_RUNNER_ACCOUNT_FORMAT',
    edit: (c) => set(c, 'terraform.runnerServiceAccount', 'tf@initech'),
  },
  { code: 'PLATFORM_TFC_PROJECT_NAME', edit: (c) => set(c, 'terraform.cloud.project', 'x') },
  { code: 'PLATFORM_TFC_TEAM_NAME', edit: (c) => set(c, 'teams.payments.terraformCloud', 'pay ments') },
  { code: 'PLATFORM_TFC_OWNERS_TEAM', edit: (c) => set(c, 'terraform.cloud.teams.operators', 'owners') },
  {
    code: 'PLATFORM_PROJECT_NUMBER_FORMAT',
    edit: (c) => set(c, 'terraform.dynamicCredentials.projectNumber', '0042'),
  },
  {
    code: 'PLATFORM_WORKLOAD_IDENTITY_ID',
    edit: (c) => set(c, 'terraform.dynamicCredentials.poolId', 'gcp-pool'),
  },
  { code: 'PLATFORM_ENGINEERS_GROUP_FORMAT', edit: (c) => set(c, 'access.engineersGroup', 'eng@initech.io') },
  {
    code: 'PLATFORM_REQUEST_URL_PROJECT',
    edit: (c) => set(c, 'access.elevated.requestUrl', 'https://access.initech.io/request'),
  },
  { code: 'PLATFORM_ROLE_FORMAT', edit: (c) => set(c, 'access.roles.test', ['run.viewer']) },
  { code: 'PLATFORM_CURATED_ROLE_UNKNOWN', edit: (c) => set(c, 'access.roles.test', ['msp:admin']) },
  { code: 'PLATFORM_FORBIDDEN_ROLE', edit: (c) => set(c, 'access.elevated.roles.internal', ['roles/owner']) },
  {
    code: 'PLATFORM_PERMISSION_FORMAT',
    edit: (c) => set(c, 'access.curatedRoles.test.reader', { permissions: ['logging.read'] }),
  },
  {
    code: 'PLATFORM_FORBIDDEN_PERMISSION',
    edit: (c) =>
      set(c, 'access.curatedRoles.test.reader', { permissions: ['iam.serviceAccountKeys.create'] }),
  },
  {
    code: 'PLATFORM_CURATED_ROLE_EMPTY',
    edit: (c) => set(c, 'access.curatedRoles.test.editor', { permissions: [] }),
  },
  {
    code: 'PLATFORM_CHANNEL_ID_FORMAT',
    edit: (c) =>
      set(
        c,
        'notifications.channels',
        channel({
          id: 'Page_Me',
          type: 'pagerduty',
          sensitiveLabels: { serviceKey: { project: 'p', secret: 's' } },
        }),
      ),
  },
  {
    code: 'PLATFORM_CHANNEL_NO_SEVERITY',
    edit: (c) =>
      set(
        c,
        'notifications.channels',
        channel({ type: 'email', labels: { email_address: 'a@initech.io' }, severities: [] }),
      ),
  },
  {
    code: 'PLATFORM_CHANNEL_LABEL_MISSING',
    edit: (c) => set(c, 'notifications.channels', channel({ type: 'email' })),
  },
  {
    code: 'PLATFORM_CHANNEL_SECRET_MISSING',
    edit: (c) => set(c, 'notifications.channels', channel({ type: 'pagerduty' })),
  },
  {
    code: 'PLATFORM_SECRET_IN_CONFIG',
    edit: (c) =>
      set(
        c,
        'notifications.channels',
        channel({
          type: 'webhook_basicauth',
          labels: { url: 'https://hooks.initech.io/x', password: 'hunter2' },
        }),
      ),
  },
  { code: 'PLATFORM_OBJECTIVE_PERCENT', edit: (c) => set(c, 'objectives.external', { availability: 100 }) },
  { code: 'PLATFORM_OBJECTIVE_PERIOD', edit: (c) => set(c, 'objectives.external', { periodDays: 90 }) },
  {
    code: 'PLATFORM_OBJECTIVE_THRESHOLD',
    edit: (c) => set(c, 'objectives.external', { latency: { thresholdMs: 0, percent: 99 } }),
  },
];

/** Rules across keys or values the schema cannot state: only `msp validate` sees them. */
const CROSS_FIELD: readonly DiagnosticCode[] = [
  'PLATFORM_DEFAULT_REGION_NOT_ALLOWED',
  'PLATFORM_DUPLICATE_CHANNEL_ID',
  'PLATFORM_DUPLICATE_TFC_TEAM',
  'PLATFORM_CHANNEL_SECRET_VISIBLE',
];

describe('the platform JSON Schema states the platform rules', () => {
  test('the base config is valid for both', () => {
    assert.deepEqual(parsePlatformConfig(stringify(base()), 'platform.yaml').diagnostics, []);
    assert.ok(validate(base()), ajv.errorsText(validate.errors));
  });

  for (const { code, edit } of CASES)
    test(`${code}: validate reports it, the schema rejects it`, () => {
      const config = edit(base());
      const r = parsePlatformConfig(stringify(config), 'platform.yaml');
      const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
      assert.deepEqual([...new Set(errors)], [code], JSON.stringify(r.diagnostics, null, 1));
      assert.equal(validate(config), false, `the schema accepts the config that breaks ${code}`);
    });

  test('every rule code is stated by the schema or listed as across keys', () => {
    const dir = join(ROOT, 'src', 'platform');
    const codes = new Set<string>();
    for (const n of readdirSync(dir).filter((n) => /^rules.*\.ts$/.test(n)))
      for (const m of readFileSync(join(dir, n), 'utf8').matchAll(/'(PLATFORM_[A-Z_]+)'/g)) codes.add(m[1]!);
    const covered = new Set<string>([...CASES.map((c) => c.code), ...CROSS_FIELD]);
    assert.deepEqual([...codes].filter((c) => !covered.has(c)).sort(), []);
  });

  test('the schema accepts every valid platform fixture and the example config', () => {
    const files = [
      ...readdirSync(join(FIXTURES, 'valid')).map((n) => join(FIXTURES, 'valid', n)),
      join(ROOT, 'examples', 'platform.yaml'),
    ];
    for (const f of files)
      assert.ok(validate(parseYaml(readFileSync(f, 'utf8'))), `${f}: ${ajv.errorsText(validate.errors)}`);
  });
});
