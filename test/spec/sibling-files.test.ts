/**
 * Files next to service.yaml: the README header rule and BigQuery table
 * schema files, reported in the same located format (file, line, column, path).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiagnosticCode } from '../../src/diagnostics/codes/index.ts';
import { formatPath } from '../../src/diagnostics/diagnostic.ts';
import { describe, errorsOf, minimalSpec, parse } from './helpers.ts';

const withTables = (tables: string) =>
  minimalSpec({ envExtra: `    resources:\n      bigQueryDataset: {tables: [${tables}]}` });
const named = minimalSpec().replace('  owners:', '  name: Acme API\n  owners:');
const goodSchema = JSON.stringify([
  { name: 'id', type: 'STRING', mode: 'REQUIRED', description: 'Primary key' },
  { name: 'at', type: 'timestamp' },
  { name: 'tags', type: 'STRING', mode: 'repeated' },
  { name: 'payload', type: 'RECORD', fields: [{ name: 'kind', type: 'STRING' }] },
]);

test('README starting with "# <name>" is accepted and its header stripped', () => {
  const r = parse(named, { siblings: { 'README.md': '# Acme API\n\nRunbook text.\n' } });
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.value?.readme, 'Runbook text.');
});

test('README header falls back to the service id when there is no name', () => {
  const r = parse(minimalSpec(), { siblings: { 'README.md': '# acme-api\n' } });
  assert.deepEqual(errorsOf(r), []);
});

test('README with the wrong header is an error located in README.md', () => {
  const r = parse(named, { siblings: { 'README.md': '# acme-api\n\nText\n' } });
  const [d] = errorsOf(r);
  assert.ok(d, describe(r.diagnostics));
  assert.equal(d.code, 'SPEC_README_HEADER');
  assert.equal(d.range?.file, 'README.md');
  assert.equal(d.range?.start.line, 1);
  assert.equal(d.range?.start.column, 1);
  assert.equal(
    d.upstream,
    'README must start with an H1 header that matches the service name, i.e. "# <name>"',
  );
  assert.equal(d.hint, 'Make the first line "# Acme API".');
});

test('no README is fine', () => {
  assert.deepEqual(parse(named, { siblings: {} }).diagnostics, []);
});

test('a valid BigQuery table schema (nested RECORD, case-insensitive types and modes)', () => {
  const r = parse(withTables('events'), { siblings: { 'events.bigquerytable.json': goodSchema } });
  assert.deepEqual(r.diagnostics, [], describe(r.diagnostics));
  const table = r.value?.environments[0]?.resources.bigQueryDataset?.tables[0];
  assert.equal(table?.id, 'events');
  assert.deepEqual(
    table?.schema.map((c) => [c.name, c.type, c.mode]),
    [
      ['id', 'STRING', 'REQUIRED'],
      ['at', 'TIMESTAMP', undefined],
      ['tags', 'STRING', 'REPEATED'],
      ['payload', 'RECORD', undefined],
    ],
  );
});

test('a missing table schema file is located at the table in service.yaml', () => {
  const text = withTables('events, clicks');
  const r = parse(text, { siblings: { 'events.bigquerytable.json': goodSchema } });
  const [d] = errorsOf(r);
  assert.ok(d, describe(r.diagnostics));
  assert.equal(d.code, 'SPEC_BIGQUERY_SCHEMA_MISSING');
  assert.equal(formatPath(d.path), 'environments[0].resources.bigQueryDataset.tables[1]');
  assert.equal(d.range?.file, 'service.yaml');
  assert.equal(d.range?.start.line, text.split('\n').findIndex((l) => l.includes('clicks')) + 1);
  assert.equal(d.upstream, 'read schema for BigQuery table clicks: no such file');
});

const badSchemas: {
  name: string;
  json: string;
  code: DiagnosticCode;
  path: string;
  line: number;
  message: RegExp;
}[] = [
  {
    name: 'not an array',
    json: '{"name": "id"}',
    code: 'SPEC_BIGQUERY_SCHEMA_NOT_A_LIST',
    path: '',
    line: 1,
    message: /JSON array/,
  },
  {
    name: 'empty array',
    json: '[]',
    code: 'SPEC_BIGQUERY_SCHEMA_EMPTY',
    path: '',
    line: 1,
    message: /no columns/,
  },
  {
    name: 'invalid JSON',
    json: '[\n  {"name": "id",, "type": "STRING"}\n]',
    code: 'SPEC_BIGQUERY_SCHEMA_UNREADABLE',
    path: '',
    line: 2,
    message: /./,
  },
  {
    name: 'unknown column field with a suggestion',
    json: '[\n  {"name": "id", "typ": "STRING", "type": "STRING"}\n]',
    code: 'SPEC_BIGQUERY_COLUMN_UNKNOWN_FIELD',
    path: '[0].typ',
    line: 2,
    message: /Unknown column field `typ`/,
  },
  {
    name: 'not a BigQuery type',
    json: '[\n  {"name": "id", "type": "VARCHAR"}\n]',
    code: 'SPEC_BIGQUERY_COLUMN_TYPE',
    path: '[0].type',
    line: 2,
    message: /not a BigQuery type/,
  },
  {
    name: 'bad mode',
    json: '[\n  {"name": "id", "type": "STRING", "mode": "OPTIONAL"}\n]',
    code: 'SPEC_BIGQUERY_COLUMN_MODE',
    path: '[0].mode',
    line: 2,
    message: /mode/,
  },
  {
    name: 'duplicate column (case-insensitive)',
    json: '[\n  {"name": "id", "type": "STRING"},\n  {"name": "ID", "type": "STRING"}\n]',
    code: 'SPEC_BIGQUERY_COLUMN_DUPLICATE',
    path: '[1].name',
    line: 3,
    message: /defined twice/,
  },
  {
    name: 'bad column name',
    json: '[\n  {"name": "1st", "type": "STRING"}\n]',
    code: 'SPEC_BIGQUERY_COLUMN_NAME',
    path: '[0].name',
    line: 2,
    message: /name/,
  },
  {
    name: 'RECORD without fields',
    json: '[\n  {"name": "r", "type": "RECORD"}\n]',
    code: 'SPEC_BIGQUERY_RECORD_WITHOUT_FIELDS',
    path: '[0].fields',
    line: 2,
    message: /fields/,
  },
  {
    name: 'fields on a scalar column',
    json: '[\n  {"name": "s", "type": "STRING",\n   "fields": [{"name": "x", "type": "STRING"}]}\n]',
    code: 'SPEC_BIGQUERY_FIELDS_NOT_RECORD',
    path: '[0].fields',
    line: 3,
    message: /only allowed on RECORD/,
  },
  {
    name: 'a bad nested column',
    json: '[\n  {"name": "r", "type": "RECORD", "fields": [\n    {"name": "x", "type": "NOPE"}\n  ]}\n]',
    code: 'SPEC_BIGQUERY_COLUMN_TYPE',
    path: '[0].fields[0].type',
    line: 3,
    message: /not a BigQuery type/,
  },
  {
    name: 'a column that is not an object',
    json: '[\n  "id"\n]',
    code: 'SPEC_BIGQUERY_COLUMN_NOT_AN_OBJECT',
    path: '[0]',
    line: 2,
    message: /object/,
  },
];

for (const b of badSchemas)
  test(`BigQuery schema: ${b.name}`, () => {
    const r = parse(withTables('events'), { siblings: { 'events.bigquerytable.json': b.json } });
    const errors = errorsOf(r);
    assert.ok(errors.length >= 1, describe(r.diagnostics));
    const d = errors.find((x) => formatPath(x.path) === b.path) ?? errors[0]!;
    assert.equal(d.code, b.code, describe(errors));
    assert.equal(d.range?.file, 'events.bigquerytable.json');
    assert.equal(formatPath(d.path), b.path, describe(errors));
    assert.equal(d.range?.start.line, b.line, describe(errors));
    assert.ok((d.range?.start.column ?? 0) >= 1);
    assert.match(d.message, b.message);
    assert.equal(r.value, undefined);
  });

test('BigQuery schema: a duplicate column notes the first one, then the table in the spec', () => {
  const r = parse(withTables('events'), {
    siblings: {
      'events.bigquerytable.json':
        '[\n  {"name": "id", "type": "STRING"},\n  {"name": "ID", "type": "STRING"}\n]',
    },
  });
  const d = errorsOf(r).find((x) => x.code === 'SPEC_BIGQUERY_COLUMN_DUPLICATE');
  assert.ok(d, describe(r.diagnostics));
  assert.doesNotMatch(d.message, /first|line/);
  const [first, table] = d.related ?? [];
  assert.equal(first?.file, 'events.bigquerytable.json');
  assert.equal(formatPath(first!.path), '[0].name');
  assert.equal(first?.range?.start.line, 2);
  assert.match(table?.message ?? '', /table "events" is declared here/);
});

test('BigQuery schema: the unknown-field error suggests the known field', () => {
  const r = parse(withTables('events'), {
    siblings: { 'events.bigquerytable.json': '[{"name": "id", "type": "STRING", "mdoe": "REQUIRED"}]' },
  });
  assert.equal(errorsOf(r)[0]?.hint, 'Did you mean `mode`?');
});
