import { createRequire } from 'node:module';
// Types only: the BigQuery client (large) loads on first use.
import type { BigQuery, BigQueryOptions, Dataset, Table } from '@google-cloud/bigquery';
import type { Contract } from '../contract/contract.ts';

/**
 * The platform's BigQuery dataset (`BIGQUERY_PROJECT_ID`, `BIGQUERY_DATASET_ID`) and a client
 * bound to its project. Credentials come from the workload identity (Application Default
 * Credentials); nothing is fetched until the first request.
 */
export class BigQueryDataset {
  /** The BigQuery client, bound to the dataset's project. */
  readonly client: BigQuery;
  /** The dataset handle. */
  readonly dataset: Dataset;
  readonly projectId: string;
  readonly datasetId: string;

  constructor(client: BigQuery, projectId: string, datasetId: string) {
    this.client = client;
    this.projectId = projectId;
    this.datasetId = datasetId;
    this.dataset = client.dataset(datasetId, { projectId });
  }

  /** A table of the dataset (tables are created by the platform's Terraform from the spec). */
  table(name: string): Table {
    return this.dataset.table(name);
  }

  /**
   * Streams rows into `table`. Give each row an `insertId` (via `{ raw: true }` rows) when
   * retries must not duplicate it.
   *
   * @throws the client's error (a `PartialFailureError` lists rejected rows).
   */
  async insert(table: string, rows: Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.table(table).insert(rows);
  }
}

/**
 * Opens the dataset the contract names.
 *
 * @throws when BigQuery is not configured (`BIGQUERY_PROJECT_ID`/`BIGQUERY_DATASET_ID` unset).
 */
export function openBigQuery(
  contract: Pick<Contract, 'bigquery'>,
  options: Omit<BigQueryOptions, 'projectId'> = {},
): BigQueryDataset {
  if (contract.bigquery === undefined) {
    throw new Error('BigQuery is not configured: set BIGQUERY_PROJECT_ID and BIGQUERY_DATASET_ID');
  }
  const { projectId, datasetId } = contract.bigquery;
  const { BigQuery } = createRequire(import.meta.url)(
    '@google-cloud/bigquery',
  ) as typeof import('@google-cloud/bigquery');
  return new BigQueryDataset(new BigQuery({ ...options, projectId }), projectId, datasetId);
}
