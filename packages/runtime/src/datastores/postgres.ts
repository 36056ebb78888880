import type { Duplex } from 'node:stream';
import type { AuthTypes, IpAddressTypes } from '@google-cloud/cloud-sql-connector';
import { SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
// Types only: `pg` and the Cloud SQL connector load when a pool is first opened, so a service
// that uses no PostgreSQL never pays for them at start.
import type pg from 'pg';
import type { Logger } from 'pino';
import {
  type Contract,
  DEFAULT_PG_CONNECT_TIMEOUT_MS,
  DEFAULT_PG_QUERY_TIMEOUT_MS,
  type PostgresContract,
  renderDsn,
} from '../contract/contract.ts';
import { errorMessage, type HealthCheck, type HealthCheckContext } from '../diagnostics/health.ts';
import type { RuntimeMetrics } from '../observability/metrics.ts';

/**
 * A PostgreSQL call that got no answer within its client-side timeout (`PG_QUERY_TIMEOUT`,
 * `PG_CONNECT_TIMEOUT`): the server is frozen, overloaded or unreachable. The connection the
 * query ran on is dropped, not returned to the pool.
 */
export class PostgresTimeoutError extends Error {
  /** `query` (no answer to a sent query) or `connect` (no pooled connection in time). */
  readonly phase: 'query' | 'connect';
  readonly timeoutMs: number;
  constructor(database: string, phase: 'query' | 'connect', timeoutMs: number, cause?: unknown) {
    super(
      phase === 'query'
        ? `postgres ${database}: query got no answer within ${timeoutMs}ms (PG_QUERY_TIMEOUT); the connection was dropped`
        : `postgres ${database}: no connection within ${timeoutMs}ms (PG_CONNECT_TIMEOUT); is the server up and reachable?`,
      { cause },
    );
    this.name = 'PostgresTimeoutError';
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }
}

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
  /** Give up waiting for a connection (including connecting) after this long (ms). Default `PG_CONNECT_TIMEOUT` (5 s). */
  connectionTimeoutMillis?: number;
  /**
   * Client-side query timeout (ms): a query without an answer by then fails with a
   * {@link PostgresTimeoutError} and its connection is dropped. Default `PG_QUERY_TIMEOUT` (10 s).
   */
  queryTimeoutMillis?: number;
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
  /** Records query durations and pool connections. */
  metrics?: RuntimeMetrics;
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
    ipType: 'PRIVATE' as IpAddressTypes,
    authType: 'IAM' as AuthTypes,
  };
}

function basePoolConfig(database: string, opts: PostgresPoolOptions): pg.PoolConfig {
  const config: pg.PoolConfig = {
    database,
    max: opts.max ?? 10,
    idleTimeoutMillis: opts.idleTimeoutMillis ?? 30_000,
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? DEFAULT_PG_CONNECT_TIMEOUT_MS,
    query_timeout: opts.queryTimeoutMillis ?? DEFAULT_PG_QUERY_TIMEOUT_MS,
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
  const connector = opts.connector ?? new (await import('@google-cloud/cloud-sql-connector')).Connector();
  const driver = await connector.getOptions(cloudSqlConnectionOptions(pgc));
  config.stream = driver.stream;
  config.user = pgc.user;
  return { config, connector };
}

/** Longest query text put on a span or a log line. */
const MAX_QUERY_TEXT = 2048;

/** Translates the driver's timeout errors into {@link PostgresTimeoutError}; others pass through. */
function translateError(err: unknown, database: string, pool: pg.Pool): unknown {
  if (!(err instanceof Error)) return err;
  const o = pool.options as { query_timeout?: number; connectionTimeoutMillis?: number };
  if (err.message === 'Query read timeout')
    return new PostgresTimeoutError(database, 'query', o.query_timeout ?? 0, err);
  if (/timeout exceeded when trying to connect|connection timeout/i.test(err.message))
    return new PostgresTimeoutError(database, 'connect', o.connectionTimeoutMillis ?? 0, err);
  return err;
}

/**
 * A PostgreSQL connection pool for one database, with query spans and metrics, client-side
 * timeouts, a health check that never holds a connection past its deadline, and shutdown. Idle
 * connections that break (server restart, failover) are dropped and replaced on demand, so the
 * pool recovers by itself once the server is back.
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
  readonly #metrics: RuntimeMetrics | undefined;
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
    this.#metrics = deps.metrics;
    this.#metrics?.addPool(`postgres:${database}`, pool);
    // An idle client losing its connection emits on the pool; without a listener Node would crash.
    pool.on('error', (err) => {
      this.#logger?.warn({ err, database }, `postgres: idle connection failed: ${errorMessage(err)}`);
    });
  }

  /**
   * Runs one query on a pooled connection inside a `pg.query` client span. Bounded by the pool's
   * connect timeout plus the query timeout, whatever the server does.
   *
   * @throws {PostgresTimeoutError} when the server does not answer in time; the driver's error
   *   otherwise (connection refused, SQL error, ...).
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
        let errorType: string | undefined;
        try {
          const result =
            typeof text === 'string'
              ? await this.pool.query<R>(text, values)
              : await this.pool.query<R>(values === undefined ? text : { ...text, values });
          if (result.rowCount !== null) span.setAttribute('db.response.returned_rows', result.rowCount);
          return result;
        } catch (raw) {
          const err = translateError(raw, this.database, this.pool);
          errorType = err instanceof Error ? err.name : 'error';
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
          throw err;
        } finally {
          span.end();
          const seconds = (performance.now() - started) / 1000;
          this.#metrics?.recordDb(seconds, {
            'db.system.name': 'postgresql',
            'db.namespace': this.database,
            'db.operation.name': operation,
            ...(errorType === undefined ? {} : { 'error.type': errorType }),
          });
          if (this.#queryLogging) {
            this.#logger?.debug(
              { query: sql.slice(0, MAX_QUERY_TEXT), args: values?.length ?? 0, durationMs: seconds * 1000 },
              'postgres query',
            );
          }
        }
      },
    );
  }

  /**
   * Runs `fn` in a transaction on one connection: `BEGIN`, then `COMMIT` if `fn` resolves,
   * `ROLLBACK` if it throws (the error is rethrown). A connection that timed out or failed to
   * roll back is dropped instead of going back to the pool.
   */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw translateError(err, this.database, this.pool);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (raw) {
      const err = translateError(raw, this.database, this.pool);
      if (err instanceof PostgresTimeoutError) broken = true;
      else {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /**
   * `SELECT 1` on a pooled connection, abandoned when `signal` aborts: a connection still being
   * waited for is released the moment it arrives, and one running the query is destroyed, so a
   * health check that timed out never keeps a pool slot.
   *
   * @throws when the database is unreachable, or `signal` aborts first (with its reason).
   */
  async ping(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    let client: pg.PoolClient | undefined;
    let done = false;
    const aborted = new Promise<never>((_, reject) => {
      if (signal === undefined) return;
      signal.addEventListener(
        'abort',
        () => {
          if (done) return;
          // Destroy a connection that is running the ping; one still coming is dropped on arrival.
          client?.release(new Error('health check aborted'));
          client = undefined;
          reject(signal.reason instanceof Error ? signal.reason : new Error('health check aborted'));
        },
        { once: true },
      );
    });
    aborted.catch(() => {});
    const run = (async () => {
      const c = await this.pool.connect().catch((err: unknown) => {
        throw translateError(err, this.database, this.pool);
      });
      if (signal?.aborted) {
        c.release(new Error('health check aborted'));
        return;
      }
      client = c;
      try {
        await c.query('SELECT 1');
        if (client === c) c.release();
      } catch (err) {
        if (client === c) c.release(err as Error);
        throw translateError(err, this.database, this.pool);
      } finally {
        client = undefined;
      }
    })();
    try {
      await Promise.race([run, aborted]);
    } finally {
      done = true;
      run.catch(() => {});
    }
  }

  /** A health check named `postgres:<database>` that pings the database within the check's deadline. */
  healthCheck(): HealthCheck {
    return { name: `postgres:${this.database}`, check: (ctx: HealthCheckContext) => this.ping(ctx.signal) };
  }

  /**
   * Closes all connections (waiting up to `timeoutMs` for checked-out ones and for the server's
   * goodbye, then destroying what is left, so a frozen server cannot hold the shutdown) and the
   * connector. Idempotent.
   */
  close(timeoutMs = 2000): Promise<void> {
    this.#closed ??= (async () => {
      this.#metrics?.removePool(`postgres:${this.database}`);
      let timer: NodeJS.Timeout | undefined;
      try {
        const ended = this.pool.end().then(() => true);
        const timedOut = new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        });
        if (!(await Promise.race([ended, timedOut]))) {
          ended.catch(() => {});
          // pg keeps its clients in `_clients`; their sockets are the only thing left to free.
          const clients = (
            this.pool as unknown as { _clients?: { connection?: { stream?: { destroy(): void } } }[] }
          )._clients;
          for (const c of clients ?? []) c.connection?.stream?.destroy();
          throw new Error(
            `postgres ${this.database}: connections did not close within ${timeoutMs}ms; destroyed`,
          );
        }
      } finally {
        clearTimeout(timer);
        this.#connector?.close();
      }
    })();
    return this.#closed;
  }
}

/**
 * Opens a pool for `database` as the contract says: Cloud SQL connector with IAM auth in
 * production (`PGINSTANCE`, `PGUSER`), `PGDSN` locally, with the contract's client-side
 * timeouts (`PG_QUERY_TIMEOUT`, `PG_CONNECT_TIMEOUT`; `deps.pool` wins). The pool connects
 * lazily; `pg` itself is loaded on the first call.
 *
 * @throws when PostgreSQL is not configured or the Cloud SQL connector cannot load the instance.
 */
export async function openPostgres(
  contract: Pick<Contract, 'postgres' | 'pgQueryLogging'> & Partial<Pick<Contract, 'timeouts'>>,
  database: string,
  deps: PostgresDeps & { pool?: PostgresPoolOptions } = {},
): Promise<PostgresDatabase> {
  const { config, connector } = await buildPoolConfig(contract.postgres, database, {
    ...(contract.timeouts === undefined
      ? {}
      : {
          queryTimeoutMillis: contract.timeouts.pgQueryMs,
          connectionTimeoutMillis: contract.timeouts.pgConnectMs,
        }),
    ...deps.pool,
    ...(deps.connector === undefined ? {} : { connector: deps.connector }),
  });
  const { default: pgModule } = await import('pg');
  const pool = new pgModule.Pool(config);
  return new PostgresDatabase(pool, database, {
    ...deps,
    queryLogging: deps.queryLogging ?? contract.pgQueryLogging,
    // Close the connector only when we created it.
    ownedConnector: deps.connector === undefined ? connector : undefined,
  });
}
