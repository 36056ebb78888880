import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTerraformJson } from './check.ts';
import { templateLiteralText } from './check-names.ts';

const doc = (resource: Record<string, unknown>) => ({
  terraform: {
    required_providers: {
      google: { source: 'hashicorp/google', version: '7.9.0' },
      tfe: { source: 'hashicorp/tfe', version: '0.51.1' },
    },
  },
  resource,
});
const names = (d: ReturnType<typeof checkTerraformJson>) =>
  d.filter((x) => x.code.startsWith('TF_NAME_')).map((x) => [x.code, x.path.join('.')]);

test('literal names: length and pattern per resource type', () => {
  const d = checkTerraformJson(
    doc({
      google_service_account: { a: { account_id: 'sa' }, b: { account_id: 'Bad_Account' } },
      google_cloud_run_v2_service: {
        s: { name: 'x'.repeat(50), location: 'us-central1', template: [{ containers: [{ image: 'i' }] }] },
      },
      google_redis_instance: { r: { name: 'redis-', memory_size_gb: 1 } },
    }),
  );
  assert.deepEqual(names(d), [
    ['TF_NAME_TOO_SHORT', 'resource.google_service_account.a.account_id'],
    ['TF_NAME_INVALID', 'resource.google_service_account.b.account_id'],
    ['TF_NAME_TOO_LONG', 'resource.google_cloud_run_v2_service.s.name'],
    ['TF_NAME_INVALID', 'resource.google_redis_instance.r.name'],
  ]);
});

test('interpolated names: only the literal part is held to the limit', () => {
  const ok = checkTerraformJson(
    doc({
      google_storage_bucket: {
        b: { name: '${google_project.p.project_id}-cloudrun-skaffold', location: 'US' },
      },
    }),
  );
  assert.deepEqual(names(ok), []);
  const long = checkTerraformJson(
    doc({
      google_storage_bucket: {
        b: { name: `\${google_project.p.project_id}-${'x'.repeat(70)}`, location: 'US' },
      },
    }),
  );
  assert.deepEqual(names(long), [['TF_NAME_TOO_LONG', 'resource.google_storage_bucket.b.name']]);
  assert.match(long.find((x) => x.code === 'TF_NAME_TOO_LONG')!.message, /at least 71 characters/);
});

test('labels: keys and values', () => {
  const d = checkTerraformJson(
    doc({
      google_secret_manager_secret: {
        s: {
          secret_id: 'S',
          replication: [{ auto: [{}] }],
          labels: { Team: 'x', ok: 'UPPER', fine: 'a-b_c' },
        },
      },
    }),
  );
  assert.deepEqual(names(d), [
    ['TF_NAME_INVALID', 'resource.google_secret_manager_secret.s.labels.Team'],
    ['TF_NAME_INVALID', 'resource.google_secret_manager_secret.s.labels.ok'],
  ]);
});

test('templateLiteralText undoes escapes and drops sequences', () => {
  assert.deepEqual(templateLiteralText('a$${b}c'), { text: 'a${b}c', complete: true });
  assert.deepEqual(templateLiteralText('x-${foo("}")}-y'), { text: 'x--y', complete: false });
});

test('PostgreSQL names: identifiers over 63 characters and slot names with other characters are rejected', () => {
  const pg = { required_providers: { postgresql: { source: 'cyrilgdn/postgresql', version: '1.26.0' } } };
  const diags = checkTerraformJson({
    terraform: pg,
    resource: {
      postgresql_role: { r: { name: 'r'.repeat(64) } },
      postgresql_replication_slot: { s: { name: 'Events-Slot', database: 'primary', plugin: 'pgoutput' } },
      postgresql_grant_role: { g: { role: 'workload', grant_role: 'cloudsqlsuperuser' } },
    },
  });
  assert.deepEqual(
    diags.filter((d) => d.code.startsWith('TF_NAME_')).map((d) => [d.code, d.path.join('.')]),
    [
      ['TF_NAME_TOO_LONG', 'resource.postgresql_role.r.name'],
      ['TF_NAME_INVALID', 'resource.postgresql_replication_slot.s.name'],
    ],
  );
});
