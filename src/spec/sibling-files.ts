/**
 * Files next to service.yaml: the optional README.md, whose first line must
 * be `# <service name>`, and `<table>.bigquerytable.json` for every BigQuery table, which must be
 * a JSON array of column definitions. Problems are located in those files.
 */
import { type Diagnostic, error, type KeyPath, type Result } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import { attachRanges, parseYamlSource } from '../source/yaml-document.ts';
import type { BigQueryColumn } from './model.ts';

/** Reads a file next to service.yaml by name; undefined when it does not exist. */
export type SiblingReader = (name: string) => string | undefined;

export function checkReadme(text: string, serviceName: string, file: string): Result<string> {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const want = `# ${serviceName}`;
  if (first.trim() !== want)
    return {
      diagnostics: [
        error('SPEC_README_HEADER', `README.md must start with "${want}"`, [], {
          file,
          range: {
            file,
            start: { line: 1, column: 1, offset: 0 },
            end: { line: 1, column: first.length + 1, offset: first.length },
          },
          found: JSON.stringify(first.slice(0, 80)),
          upstream: `README must start with an H1 header that matches the service name, i.e. "# <name>"`,
          hint: `Make the first line "${want}".`,
        }),
      ],
    };
  return {
    value: text
      .slice(first.length)
      .replace(/^\r?\n/, '')
      .trim(),
    diagnostics: [],
  };
}

const BQ_TYPES = [
  'STRING',
  'BYTES',
  'INTEGER',
  'INT64',
  'FLOAT',
  'FLOAT64',
  'NUMERIC',
  'BIGNUMERIC',
  'BOOLEAN',
  'BOOL',
  'TIMESTAMP',
  'DATE',
  'TIME',
  'DATETIME',
  'GEOGRAPHY',
  'JSON',
  'INTERVAL',
  'RANGE',
  'RECORD',
  'STRUCT',
];
const BQ_MODES = ['NULLABLE', 'REQUIRED', 'REPEATED'];
const COLUMN_KEYS = [
  'name',
  'type',
  'mode',
  'description',
  'fields',
  'policyTags',
  'maxLength',
  'precision',
  'scale',
  'defaultValueExpression',
  'collation',
  'roundingMode',
  'rangeElementType',
];

/** Parses and checks one table schema file. */
export function checkBigQuerySchema(text: string, file: string): Result<BigQueryColumn[]> {
  const parsed = parseYamlSource(file, text, 'SPEC');
  if (!parsed.value)
    return {
      diagnostics: parsed.diagnostics.map((d) => ({ ...d, code: 'SPEC_BIGQUERY_SCHEMA_UNREADABLE' })),
    };
  const src = parsed.value;
  const diags: Diagnostic[] = [];
  const value = src.value;
  if (!Array.isArray(value)) {
    diags.push(
      error(
        'SPEC_BIGQUERY_SCHEMA_NOT_A_LIST',
        'A BigQuery table schema must be a JSON array of columns',
        [],
        {
          expected: '[{"name": "...", "type": "STRING"}, ...]',
        },
      ),
    );
    return { diagnostics: attachRanges(src, diags) };
  }
  if (value.length === 0)
    diags.push(error('SPEC_BIGQUERY_SCHEMA_EMPTY', 'The table schema has no columns', []));
  const columns = checkColumns(value, [], diags);
  return diags.length > 0 ? { diagnostics: attachRanges(src, diags) } : { value: columns, diagnostics: [] };
}

function checkColumns(cols: unknown[], at: KeyPath, diags: Diagnostic[]): BigQueryColumn[] {
  /** Lower-cased column name → index of its first column. */
  const names = new Map<string, number>();
  return cols.map((c, i) => {
    const p = [...at, i];
    if (c === null || typeof c !== 'object' || Array.isArray(c)) {
      diags.push(error('SPEC_BIGQUERY_COLUMN_NOT_AN_OBJECT', 'Each column must be an object', p));
      return { name: '', type: '' };
    }
    const col = c as Record<string, unknown>;
    for (const k of Object.keys(col))
      if (!COLUMN_KEYS.includes(k)) {
        const s = suggest(k, COLUMN_KEYS);
        diags.push(
          error('SPEC_BIGQUERY_COLUMN_UNKNOWN_FIELD', `Unknown column field \`${k}\``, [...p, k], {
            hint: s ? `Did you mean \`${s}\`?` : undefined,
          }),
        );
      }
    if (typeof col.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,299}$/.test(col.name))
      diags.push(
        error(
          'SPEC_BIGQUERY_COLUMN_NAME',
          'Column `name` must be letters, digits and `_`, starting with a letter or `_`',
          [...p, 'name'],
          { found: JSON.stringify(col.name) },
        ),
      );
    else if (names.has(col.name.toLowerCase()))
      diags.push(
        error('SPEC_BIGQUERY_COLUMN_DUPLICATE', `Column "${col.name}" is defined twice`, [...p, 'name'], {
          detail: 'BigQuery column names are case-insensitive.',
          related: [
            {
              message: 'first defined here',
              file: '',
              path: [...at, names.get(col.name.toLowerCase())!, 'name'],
            },
          ],
        }),
      );
    else names.set(col.name.toLowerCase(), i);
    const type = typeof col.type === 'string' ? col.type.toUpperCase() : undefined;
    if (!type || !BQ_TYPES.includes(type))
      diags.push(
        error(
          'SPEC_BIGQUERY_COLUMN_TYPE',
          `Column type ${JSON.stringify(col.type)} is not a BigQuery type`,
          [...p, 'type'],
          { expected: `one of ${BQ_TYPES.join(', ')}` },
        ),
      );
    if (
      col.mode !== undefined &&
      (typeof col.mode !== 'string' || !BQ_MODES.includes(col.mode.toUpperCase()))
    )
      diags.push(
        error(
          'SPEC_BIGQUERY_COLUMN_MODE',
          `Column mode ${JSON.stringify(col.mode)} is not valid`,
          [...p, 'mode'],
          { expected: BQ_MODES.join(', ') },
        ),
      );
    if (col.description !== undefined && typeof col.description !== 'string')
      diags.push(
        error('SPEC_BIGQUERY_COLUMN_DESCRIPTION', 'Column `description` must be a string', [
          ...p,
          'description',
        ]),
      );
    const out: BigQueryColumn = { name: String(col.name ?? ''), type: type ?? '' };
    if (typeof col.mode === 'string') out.mode = col.mode.toUpperCase();
    if (typeof col.description === 'string') out.description = col.description;
    const nested = type === 'RECORD' || type === 'STRUCT';
    if (nested) {
      if (!Array.isArray(col.fields) || col.fields.length === 0)
        diags.push(
          error(
            'SPEC_BIGQUERY_RECORD_WITHOUT_FIELDS',
            `Column "${String(col.name)}" of type ${type} needs a non-empty \`fields\` list`,
            [...p, 'fields'],
          ),
        );
      else out.fields = checkColumns(col.fields, [...p, 'fields'], diags);
    } else if (col.fields !== undefined)
      diags.push(
        error('SPEC_BIGQUERY_FIELDS_NOT_RECORD', '`fields` is only allowed on RECORD/STRUCT columns', [
          ...p,
          'fields',
        ]),
      );
    return out;
  });
}
