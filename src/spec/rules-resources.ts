/**
 * Rules of an environment's data stores: Cloud SQL (PostgreSQL) size, connections, databases and
 * publications; Memorystore (Redis) size; BigQuery dataset and table ids.
 */
import { type Diagnostic, error } from '../diagnostics/diagnostic.ts';
import { BIGQUERY_ID, DATABASE_NAME, PUBLICATION_NAME, RANGES } from './constraints.ts';
import { SPEC_DEFAULTS } from './defaults.ts';
import { type EnvironmentContext, type EnvironmentRule, firstAt } from './rules-context.ts';

/** `msp-publication-<name>-user` must fit PostgreSQL's 63-character identifiers. */
const MAX_PUBLICATION_NAME = 63 - 'msp-publication-'.length - '-user'.length;

function checkPostgresSize({ env, at }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const pg = env.resources?.postgreSQL;
  if (!pg) return out;
  const pp = (k: string) => at('resources', 'postgreSQL', k);
  if (pg.cpu !== undefined) {
    if (pg.cpu < RANGES.postgresCpu.min)
      out.push(
        error('SPEC_POSTGRESQL_CPU_TOO_LOW', 'postgreSQL.cpu must be >= 1', pp('cpu'), {
          upstream: 'postgreSQL.cpu must be >= 1',
        }),
      );
    if (pg.cpu > 1 && pg.cpu % 2 === 1)
      out.push(
        error('SPEC_POSTGRESQL_CPU_ODD', 'postgreSQL.cpu must be 1 or a multiple of 2', pp('cpu'), {
          upstream: 'postgreSQL.cpu must be 1 or a multiple of 2',
          found: String(pg.cpu),
        }),
      );
    if (pg.cpu > RANGES.postgresCpu.max)
      out.push(
        error('SPEC_POSTGRESQL_CPU_TOO_HIGH', 'postgreSQL.cpu must be <= 96', pp('cpu'), {
          upstream: 'postgreSQL.cpu must be <= 96',
        }),
      );
  }
  const cpu = pg.cpu ?? SPEC_DEFAULTS.postgreSQL.cpu;
  const mem = pg.memoryGB ?? SPEC_DEFAULTS.postgreSQL.memoryGB;
  // Stricter: MSP checked memory only when set; we check the effective value too (cpu: 12 with default 4 GB).
  if (mem < 4)
    out.push(
      error('SPEC_POSTGRESQL_MEMORY_TOO_LOW', 'postgreSQL.memoryGB must be >= 4', pp('memoryGB'), {
        upstream: 'postgreSQL.memoryGB must be >= 4',
      }),
    );
  if (mem < cpu)
    out.push(
      error(
        'SPEC_POSTGRESQL_MEMORY_BELOW_CPU',
        'postgreSQL.memoryGB must be >= postgreSQL.cpu',
        pp(pg.memoryGB !== undefined ? 'memoryGB' : 'cpu'),
        {
          upstream: 'postgreSQL.memoryGB must be >= postgreSQL.cpu',
          hint:
            pg.memoryGB === undefined ? `memoryGB defaults to ${mem}; set it to at least ${cpu}.` : undefined,
        },
      ),
    );
  if (mem > 6 * cpu)
    out.push(
      error(
        'SPEC_POSTGRESQL_MEMORY_ABOVE_CPU',
        `postgreSQL.memoryGB must be <= 6 × postgreSQL.cpu (${6 * cpu})`,
        pp('memoryGB'),
        { upstream: 'postgreSQL.memoryGB must be <= 6*postgreSQL.cpu' },
      ),
    );
  if (
    pg.maxConnections !== undefined &&
    (pg.maxConnections < RANGES.maxConnections.min || pg.maxConnections > RANGES.maxConnections.max)
  )
    out.push(
      error(
        'SPEC_POSTGRESQL_MAX_CONNECTIONS',
        'postgreSQL.maxConnections must be between 14 and 262143',
        pp('maxConnections'),
        { detail: 'Cloud SQL limits; MSP documented but did not check it.' },
      ),
    );
  return out;
}

function checkPostgresDatabases({ env, at }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  /** Database → index of its first mention. */
  const seen = new Map<string, number>();
  (env.resources?.postgreSQL?.databases ?? []).forEach((db, j) => {
    const path = at('resources', 'postgreSQL', 'databases', j);
    if (!DATABASE_NAME.test(db))
      out.push(
        error('SPEC_POSTGRESQL_DATABASE_NAME', `Invalid database name "${db}"`, path, {
          expected: 'letters, digits, `_` and `-`, starting with a letter or `_`',
        }),
      );
    const first = seen.get(db);
    if (first !== undefined)
      out.push(
        error('SPEC_POSTGRESQL_DATABASE_DUPLICATE', `Database "${db}" is listed twice`, path, {
          related: firstAt(at('resources', 'postgreSQL', 'databases', first), 'first listed here'),
        }),
      );
    else seen.set(db, j);
  });
  return out;
}

function checkPublications({ env, at }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const pg = env.resources?.postgreSQL;
  if (!pg) return out;
  const databases = new Set(pg.databases ?? []);
  /** Publication name → index of its first publication. */
  const names = new Map<string, number>();
  (pg.logicalReplication?.publications ?? []).forEach((pub, j) => {
    const pubp = (k: string, ...r: number[]) =>
      at('resources', 'postgreSQL', 'logicalReplication', 'publications', j, k, ...r);
    if (pub.name === '')
      out.push(
        error('SPEC_PUBLICATION_NAME_MISSING', 'Publication name is required', pubp('name'), {
          upstream: `publication[${j}].name is required`,
        }),
      );
    else if (names.has(pub.name))
      out.push(
        error('SPEC_PUBLICATION_NAME_DUPLICATE', 'Publication name must be unique', pubp('name'), {
          upstream: `publication[${j}].name must be unique`,
          found: pub.name,
          related: firstAt(
            at('resources', 'postgreSQL', 'logicalReplication', 'publications', names.get(pub.name)!, 'name'),
          ),
        }),
      );
    else if (!PUBLICATION_NAME.test(pub.name))
      out.push(
        error('SPEC_PUBLICATION_NAME_INVALID', `Invalid publication name "${pub.name}"`, pubp('name'), {
          expected: 'lowercase letters, digits and `_`',
        }),
      );
    else if (pub.name.length > MAX_PUBLICATION_NAME)
      out.push(
        error(
          'SPEC_PUBLICATION_NAME_TOO_LONG',
          `Publication name "${pub.name}" is ${pub.name.length} characters, at most ${MAX_PUBLICATION_NAME} allowed`,
          pubp('name'),
          {
            detail:
              "Stricter than MSP: the publication's PostgreSQL role `msp-publication-<name>-user` must fit PostgreSQL's 63-character identifiers (see docs/naming.md).",
          },
        ),
      );
    if (!names.has(pub.name)) names.set(pub.name, j);
    if (pub.database === '')
      out.push(
        error('SPEC_PUBLICATION_DATABASE_MISSING', 'Publication database is required', pubp('database'), {
          upstream: `publication[${j}].database is required`,
        }),
      );
    else if (!databases.has(pub.database))
      out.push(
        error(
          'SPEC_PUBLICATION_DATABASE_UNKNOWN',
          `Publication database "${pub.database}" is not in postgreSQL.databases`,
          pubp('database'),
          {
            detail: 'Stricter than MSP: the database must be one this environment creates.',
            hint: `Add "${pub.database}" to databases.`,
          },
        ),
      );
    if (pub.tables.length === 0)
      out.push(
        error('SPEC_PUBLICATION_TABLES_MISSING', 'Publication tables are required', pubp('tables'), {
          upstream: `publication[${j}].tables is required`,
        }),
      );
    pub.tables.forEach((t, k) => {
      if (t === '')
        out.push(
          error('SPEC_PUBLICATION_TABLE_EMPTY', 'Publication table must not be empty', pubp('tables', k), {
            upstream: `publication[${j}].tables[${k}] must not be empty`,
          }),
        );
    });
  });
  return out;
}

function checkRedis({ env, at }: EnvironmentContext): Diagnostic[] {
  const redis = env.resources?.redis;
  if (
    redis?.memoryGB === undefined ||
    (redis.memoryGB >= RANGES.redisMemoryGB.min && redis.memoryGB <= RANGES.redisMemoryGB.max)
  )
    return [];
  return [
    error('SPEC_REDIS', 'redis.memoryGB must be between 1 and 300', at('resources', 'redis', 'memoryGB'), {
      detail: 'Memorystore limits; MSP did not check.',
    }),
  ];
}

function checkBigQuery({ spec, env, at }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bq = env.resources?.bigQueryDataset;
  if (!bq) return out;
  const bp = (...k: (string | number)[]) => at('resources', 'bigQueryDataset', ...k);
  if (bq.tables.length === 0)
    out.push(
      error('SPEC_BIGQUERY_TABLES_EMPTY', 'bigQueryDataset.tables must be non-empty', bp('tables'), {
        upstream: 'bigQueryDataset.tables must be non-empty',
      }),
    );
  /** Table → index of its first mention. */
  const seen = new Map<string, number>();
  bq.tables.forEach((t, j) => {
    if (!BIGQUERY_ID.test(t))
      out.push(
        error('SPEC_BIGQUERY_TABLE_ID', `Invalid table ID "${t}"`, bp('tables', j), {
          expected: 'letters, digits and `_`',
        }),
      );
    const first = seen.get(t);
    if (first !== undefined)
      out.push(
        error('SPEC_BIGQUERY_TABLE_DUPLICATE', `Table "${t}" is listed twice`, bp('tables', j), {
          related: firstAt(bp('tables', first), 'first listed here'),
        }),
      );
    else seen.set(t, j);
  });
  const ds = bq.datasetID ?? spec.service.id.replaceAll('-', '_');
  if (!BIGQUERY_ID.test(ds))
    out.push(
      error('SPEC_BIGQUERY_DATASET_ID', `Invalid dataset ID "${ds}"`, bp('datasetID'), {
        expected: 'letters, digits and `_`',
        detail: 'Documented by MSP but not checked there.',
      }),
    );
  return out;
}

/** Rules of the data stores, in the order they run. */
export const RESOURCE_RULES: readonly EnvironmentRule[] = [
  { name: 'PostgreSQL size and connections', check: checkPostgresSize },
  { name: 'PostgreSQL databases', check: checkPostgresDatabases },
  { name: 'PostgreSQL publications', check: checkPublications },
  { name: 'Redis size', check: checkRedis },
  { name: 'BigQuery dataset and tables', check: checkBigQuery },
];
