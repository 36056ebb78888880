import type { Duplex } from 'node:stream';
import { AuthTypes, Connector, IpAddressTypes } from '@google-cloud/cloud-sql-connector';
import { SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import pg from 'pg';
import type { Logger } from 'pino';
import { type Contract, type PostgresContract, renderDsn } from '../contract/contract.ts';
import { errorMessage, type HealthCheck } from '../diagnostics/health.ts';

/** The subset of the Cloud SQL connector this module uses (a fake can stand in for tests). */
export interface CloudSqlConnector {
  getOptions(opts: {
    instanceConnectionName: string;
    ipType?: IpAddressTypes;
    authType?: AuthTypes;
  }): Promise<{ stream: () => Duplex }>;
  close(): void;
}

/** Pool tuning; defaults suit a Cloud Run instance. */
export interface PostgresPoolOptions {
  /** Maximum connections in the pool. Default 10. */
  max?: number;
  /** Close connections idle this long (ms). Default 30 000. */
  idleTimeoutMillis?: number;
  /** Give up connecting after this long (ms). Default 5000. */
  connectionTimeoutMillis?: number;
  /** Server-side `statement_timeout` (ms); unset by default. */
  statementTimeoutMillis?: number;
  /** `application_name` shown in `pg_stat_activity`. */
  applicationName?: string;
}

/** Dependencies of {@link openPostgres}; all optional. */
export interface PostgresDeps {
  logger?: Logger;
  tracer?: Tracer;
  /** The Cloud SQL connector to use in production mode; default a new `Connector()`. */
  connector?: CloudSqlConnector;
  /** Log every query at debug level (`PG_QUERY_LOGGING`, local only). */
  queryLogging?: boolean;
}

/**
 * The connector request for a Cloud SQL contract: private IP only and automatic IAM database
 * authentication, as the platform provisions (no password, no proxy sidecar). Pure.
 */
export function cloudSqlConnectionOptions(pgc: Extract<PostgresContract, { mode: 'cloudsql' }>): {
  instanceConnectionName: string;
  ipType: IpAddressTypes;
  authType: AuthTypes;
} {
  return {
    instanceConnectionName: pgc.instanceConnectionName,
    ipType: IpAddressTypes.PRIVATE,
    authType: AuthTypes.IAM,
  };
}

function basePoolConfig(database: string, opts: PostgresPoolOptions): pg.PoolConfig {
  const config: pg.PoolConfig = {
    database,
    max: opts.max ?? 10,
    idleTimeoutMillis: opts.idleTimeoutMillis ?? 30_000,
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 5000,
    keepAlive: true,
  };
  if (opts.statementTimeoutMillis !== undefined) config.statement_timeout = opts.statementTimeoutMillis;
  if (opts.applicationName !== undefined) config.application_name = opts.applicationName;
  return config;
}

/**
 * The `pg.Pool` configuration for `database`: locally from the `PGDSN` template
 * (`{{ .Database }}` replaced), in production from the Cloud SQL connector (its socket factory,
 * user `PGUSER`, no password). In production this calls the connector, which talks to the Cloud
 * SQL Admin API.
 *
 * @throws when PostgreSQL is not configured, or the connector fails.
 */
export async function buildPoolConfig(
  pgc: PostgresContract | undefined,
  database: string,
  opts: PostgresPoolOptions & { connector?: CloudSqlConnector } = {},
): Promise<{ config: pg.PoolConfig; connector?: CloudSqlConnector }> {
  if (pgc === undefined) {
    throw new Error('PostgreSQL is not configured: set PGINSTANCE and PGUSER (or PGDSN locally)');
  }
  const config = basePoolConfig(database, opts);
  if (pgc.mode === 'dsn') {
    // pg lets a database named in the URL win over `database`, as a fixed PGDSN should.
    config.connectionString = renderDsn(pgc.dsnTemplate, database);
    return { config };
  }
  const connector = opts.connector ?? new Connector();
  const driver = await connector.getOptions(cloudSqlConnectionOptions(pgc));
  config.stream = driver.stream;
  config.user = pgc.user;
  return { config, connector };
}

/** Longest query text put on a span or a log line. */
const MAX_QUERY_TEXT = 2048;

/**
 * A PostgreSQL connection pool for one database, with query spans, health check and shutdown.
 * Idle connections that break (server restart, failover) are dropped and replaced on demand, so
 * the pool recovers by itself once the server is back.
 */
export class PostgresDatabase {
  /** The underlying `pg` pool, for anything not wrapped here (COPY, LISTEN, cursors). */
  readonly pool: pg.Pool;
  /** The database name. */
  readonly database: string;
  readonly #logger: Logger | undefined;
  readonly #tracer: Tracer;
  readonly #queryLogging: boolean;
  readonly #connector: CloudSqlConnector | undefined;
  #closed: Promise<void> | undefined;

  constructor(
    pool: pg.Pool,
    database: string,
    deps: PostgresDeps & { ownedConnector?: CloudSqlConnector | undefined } = {},
  ) {
    this.pool = pool;
    this.database = database;
    this.#logger = deps.logger;
    this.#tracer = deps.tracer ?? trace.getTracer('@msp/runtime');
    this.#queryLogging = deps.queryLogging ?? false;
    this.#connector = deps.ownedConnector;
    // An idle client losing its connection emits on the pool; without a listener Node would crash.
    pool.on('error', (err) => {
      this.#logger?.warn({ err, database }, `postgres: idle connection failed: ${errorMessage(err)}`);
    });
  }

  /**
   * Runs one query on a pooled connection inside a `pg.query` client span.
   *
   * @throws the driver's error (connection refused, SQL error, ...).
   */
  async query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string | pg.QueryConfig,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    const sql = typeof text === 'string' ? text : text.text;
    const operation = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
    return this.#tracer.startActiveSpan(
      `pg.query ${operation}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': 'postgresql',
          'db.namespace': this.database,
          'db.operation.name': operation,
          'db.query.text': sql.slice(0, MAX_QUERY_TEXT),
        },
      },
      async (span) => {
        const started = performance.now();
        try {
          const result =
            typeof text === 'string'
              ? await this.pool.query<R>(text, values)
              : await this.pool.query<R>(values === undefined ? text : { ...text, values });
          if (result.rowCount !== null) span.setAttribute('db.response.returned_rows', result.rowCount);
          return result;
        } catch (err) {
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
          throw err;
        } finally {
          span.end();
          if (this.#queryLogging) {
            this.#logger?.debug(
              {
                query: sql.slice(0, MAX_QUERY_TEXT),
                args: values?.length ?? 0,
                durationMs: performance.now() - started,
              },
              'postgres query',
            );
          }
        }
      },
    );
  }

  /**
   * Runs `fn` in a transaction on one connection: `BEGIN`, then `COMMIT` if `fn` resolves,
   * `ROLLBACK` if it throws (the error is rethrown).
   */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /** `SELECT 1` on a pooled connection. @throws when the database is unreachable. */
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  /** A health check named `postgres:<database>` that pings the database. */
  healthCheck(): HealthCheck {
    return { name: `postgres:${this.database}`, check: () => this.ping() };
  }

  /** Closes all connections (waiting for checked-out ones) and the connector. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      try {
        await this.pool.end();
      } finally {
        this.#connector?.close();
      }
    })();
    return this.#closed;
  }
}

/**
 * Opens a pool for `database` as the contract says: Cloud SQL connector with IAM auth in
 * production (`PGINSTANCE`, `PGUSER`), `PGDSN` locally. The pool connects lazily.
 *
 * @throws when PostgreSQL is not configured or the Cloud SQL connector cannot load the instance.
 */
export async function openPostgres(
  contract: Pick<Contract, 'postgres' | 'pgQueryLogging'>,
  database: string,
  deps: PostgresDeps & { pool?: PostgresPoolOptions } = {},
): Promise<PostgresDatabase> {
  const { config, connector } = await buildPoolConfig(contract.postgres, database, {
    ...deps.pool,
    ...(deps.connector === undefined ? {} : { connector: deps.connector }),
  });
  const pool = new pg.Pool(config);
  return new PostgresDatabase(pool, database, {
    ...deps,
    queryLogging: deps.queryLogging ?? contract.pgQueryLogging,
    // Close the connector only when we created it.
    ownedConnector: deps.connector === undefined ? connector : undefined,
  });
}
