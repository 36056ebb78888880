import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCustomHcl, checkCustomTerraformJson } from './check-custom.ts';

const generated = {
  terraform: { required_providers: { google: { source: 'hashicorp/google', version: '7.9.0' } } },
  provider: { google: [{ project: 'p-dev-1' }] },
  locals: { project_id: 'p-dev-1', workload_service_account_email: 'p-sa@p-dev-1.iam.gserviceaccount.com' },
  resource: { google_service_account: { workload: { account_id: 'p-sa-1' } } },
};
const at = (d: { range?: { start: { line: number; column: number } } }) =>
  d.range ? `${d.range.start.line}:${d.range.start.column}` : '-';

test('a valid custom file referring to generated blocks and locals passes', () => {
  const text = JSON.stringify(
    {
      resource: {
        google_storage_bucket: { b: { name: '${local.project_id}-x', location: 'US' } },
        google_storage_bucket_iam_member: {
          m: {
            bucket: '${google_storage_bucket.b.name}',
            role: 'roles/storage.objectViewer',
            member: 'serviceAccount:${google_service_account.workload.email}',
          },
        },
      },
    },
    null,
    2,
  );
  assert.deepEqual(checkCustomTerraformJson('c.tf.json', text, [generated]), []);
});

test('schema errors are located at their line and column in the custom file', () => {
  const text = `{
  "resource": {
    "google_storage_bucket": {
      "b": {
        "name": "ok-name",
        "locaton": "US",
        "labels": { "team": "\${local.nope}" }
      }
    }
  }
}
`;
  const d = checkCustomTerraformJson('c.tf.json', text, [generated]);
  assert.deepEqual(
    d.map((x) => [x.code, at(x), x.file]),
    [
      ['TF_UNKNOWN_ATTRIBUTE', '6:9', 'c.tf.json'],
      ['TF_UNDECLARED_REFERENCE', '7:21', 'c.tf.json'],
      ['TF_MISSING_REQUIRED', '4:7', 'c.tf.json'],
    ],
  );
});

test('JSON syntax errors are located; duplicates of generated blocks and a second backend are errors', () => {
  const bad = checkCustomTerraformJson('c.tf.json', '{\n  "resource": {,\n}\n', [generated]);
  assert.equal(bad[0]!.code, 'TF_CUSTOM_SYNTAX');
  assert.equal(at(bad[0]!), '2:16');
  const dup = checkCustomTerraformJson(
    'c.tf.json',
    JSON.stringify({
      terraform: { backend: { local: {} } },
      locals: { project_id: 'x' },
      resource: { google_service_account: { workload: { account_id: 'other-sa' } } },
    }),
    [generated],
  );
  assert.deepEqual(dup.map((x) => [x.code, x.address, x.message]).sort(), [
    ['TF_CUSTOM_BACKEND', undefined, 'The generated stack already configures its backend'],
    [
      'TF_DUPLICATE_DECLARATION',
      'google_service_account.workload',
      'Already declared by the generated stack',
    ],
    ['TF_DUPLICATE_DECLARATION', 'local.project_id', 'Already declared by the generated stack'],
  ]);
});

test('native .tf: a syntax error is located; blocks are checked and located at their line', async () => {
  const { parseHclFiles } = await import('../io/hcl.ts');
  const text =
    'resource "google_storage_bucket" "b" {\n  name     = "${local.project_id}-b"\n  locaton  = "US"\n}\n';
  const bad = 'resource "google_storage_bucket" "c" {\n  name = \n}\n';
  const [ok, broken] = parseHclFiles([
    { path: 'x.tf', text },
    { path: 'y.tf', text: bad },
  ]);
  assert.equal(ok!.unavailable, undefined, ok!.unavailable);
  const d = checkCustomHcl('x.tf', text, ok!, [generated]);
  assert.deepEqual(
    d.map((x) => [x.code, at(x)]),
    [
      ['TF_UNKNOWN_ATTRIBUTE', '3:3'],
      ['TF_MISSING_REQUIRED', '1:1'],
    ],
  );
  const e = checkCustomHcl('y.tf', bad, broken!, [generated]);
  assert.deepEqual(
    e.map((x) => [x.code, at(x)]),
    [['TF_CUSTOM_SYNTAX', '2:10']],
  );
});
