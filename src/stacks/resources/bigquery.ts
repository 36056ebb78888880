/**
 * The BigQuery dataset of an environment (`resources.bigQueryDataset`,
 * docs/cloudrun-stack.md "What it contains"): the dataset in `gcpLocation` (in `projectID`, default the
 * environment project), `roles/bigquery.dataEditor` for the workload account, and one table per
 * `<table>.bigquerytable.json` schema, all guarded by `allowDestroys`.
 */

import { workloadSaEmail } from '../../naming/names.ts';
import type { BigQueryColumn, EnvironmentSpec, ServiceSpec } from '../../spec/model.ts';
import type { Dependable, Stack } from '../../terraform/index.ts';
import { labelValue } from '../project.ts';

/** Key order of a serialised column: BigQuery's own (name, type, mode, description, fields). */
const COLUMN_KEYS = ['name', 'type', 'mode', 'description', 'fields'] as const;

function normaliseColumn(c: BigQueryColumn): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of COLUMN_KEYS) {
    const v = c[k];
    if (v === undefined) continue;
    out[k] = k === 'fields' ? (v as BigQueryColumn[]).map(normaliseColumn) : v;
  }
  return out;
}

/**
 * A table schema as Terraform's `schema` string: columns in file order, keys in BigQuery's
 * order, 2-space indentation. Deterministic for a given schema.
 */
export function serialiseTableSchema(columns: readonly BigQueryColumn[]): string {
  return JSON.stringify(columns.map(normaliseColumn), null, 2);
}

/**
 * BigQuery's name for an environment's `gcpLocation`: the multi-regions are `US` and `EU`, so
 * `us` becomes `US` and `europe` (MSP's spelling) becomes `EU`; anything else is kept as written.
 */
export function bigQueryLocation(gcpLocation: string): string {
  const l = gcpLocation.toLowerCase();
  if (l === 'us') return 'US';
  if (l === 'europe' || l === 'eu') return 'EU';
  return gcpLocation;
}

/**
 * Adds `google_bigquery_dataset.bigquery`, `google_bigquery_dataset_iam_member.bigquery_workload_data_editor`
 * and `google_bigquery_table.bigquery_<table>`. Returns the tables (Cloud Run waits for them).
 * Call only when `env.resources.bigQueryDataset` is set.
 */
export function addBigQuery(stack: Stack, spec: ServiceSpec, env: EnvironmentSpec): Dependable[] {
  const bq = env.resources.bigQueryDataset!;
  const guard = !env.allowDestroys;
  const labels = { service: labelValue(spec.id), msp: 'true' };
  const dataset = stack.resource(
    'google_bigquery_dataset',
    'bigquery',
    {
      project: bq.projectID,
      dataset_id: bq.datasetID,
      location: bigQueryLocation(env.locations.gcpLocation),
      labels,
    },
    { lifecycle: { prevent_destroy: guard } },
  );
  const editor = stack.resource('google_bigquery_dataset_iam_member', 'bigquery_workload_data_editor', {
    project: bq.projectID,
    dataset_id: dataset.ref('dataset_id'),
    role: 'roles/bigquery.dataEditor',
    member: `serviceAccount:${workloadSaEmail(spec, env)}`,
  });
  return bq.tables.map((t) =>
    stack.resource(
      'google_bigquery_table',
      `bigquery_${t.id.toLowerCase().replace(/[^a-z0-9_-]+/g, '_')}`,
      {
        project: bq.projectID,
        dataset_id: dataset.ref('dataset_id'),
        table_id: t.id,
        schema: serialiseTableSchema(t.schema),
        labels,
        deletion_protection: guard,
      },
      { depends_on: [editor], lifecycle: { prevent_destroy: guard } },
    ),
  );
}
