import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bigQueryLocation, serialiseTableSchema } from './bigquery.ts';

describe('serialiseTableSchema', () => {
  it('orders keys as BigQuery does, recursively, with 2-space indentation', () => {
    const text = serialiseTableSchema([
      {
        fields: [{ type: 'STRING', name: 'n' }],
        description: 'd',
        mode: 'NULLABLE',
        type: 'RECORD',
        name: 'r',
      },
    ]);
    assert.equal(
      text,
      '[\n  {\n    "name": "r",\n    "type": "RECORD",\n    "mode": "NULLABLE",\n    "description": "d",\n    "fields": [\n      {\n        "name": "n",\n        "type": "STRING"\n      }\n    ]\n  }\n]',
    );
  });
});

describe('bigQueryLocation', () => {
  it('maps the platform multi-regions to BigQuery names', () => {
    assert.equal(bigQueryLocation('US'), 'US');
    assert.equal(bigQueryLocation('us'), 'US');
    assert.equal(bigQueryLocation('europe'), 'EU');
    assert.equal(bigQueryLocation('asia-northeast1'), 'asia-northeast1');
  });
});
