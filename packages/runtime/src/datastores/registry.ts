import type { Tracer } from '@opentelemetry/api';
import type { RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { Contract } from '../contract/contract.ts';
import { errorMessage, type HealthCheck } from '../diagnostics/health.ts';
import type { RuntimeMetrics } from '../observability/metrics.ts';
import { type BigQueryDataset, openBigQuery } from './bigquery.ts';
import {
  type CloudSqlConnector,
  openPostgres,
  type PostgresDatabase,
  type PostgresPoolOptions,
} from './postgres.ts';
import { openRedis, type RedisClient } from './redis.ts';

/** What the data stores report to. */
export interface DataStoreDeps {
  logger: Logger;
  tracer: Tracer;
  metrics?: RuntimeMetrics | undefined;
  connector?: CloudSqlConnector | undefined;
}

/**
 * The data stores a service or job opened, each opened once: their health checks go into
 * `/-/healthz`, and they are closed at shutdown.
 */
export class DataStores {
  readonly #contract: Contract;
  readonly #deps: DataStoreDeps;
  readonly #postgres = new Map<string, Promise<PostgresDatabase>>();
  #redis: RedisClient | undefined;
  #bigquery: BigQueryDataset | undefined;

  constructor(contract: Contract, deps: DataStoreDeps) {
    this.#contract = contract;
    this.#deps = deps;
  }

  /**
   * The pool for `database` (opened on first use; later calls return the same pool and ignore
   * `pool`).
   *
   * @throws when PostgreSQL is not configured or the Cloud SQL connector fails.
   */
  postgres(database: string, pool?: PostgresPoolOptions): Promise<PostgresDatabase> {
    let db = this.#postgres.get(database);
    if (db === undefined) {
      db = openPostgres(this.#contract, database, {
        logger: this.#deps.logger,
        tracer: this.#deps.tracer,
        ...(this.#deps.metrics === undefined ? {} : { metrics: this.#deps.metrics }),
        ...(this.#deps.connector === undefined ? {} : { connector: this.#deps.connector }),
        ...(pool === undefined ? {} : { pool }),
      });
      this.#postgres.set(database, db);
      // A failed open is not cached: the next call tries again.
      db.catch(() => this.#postgres.delete(database));
    }
    return db;
  }

  /** The Redis client (created on first use). @throws when Redis is not configured. */
  redis(options?: RedisOptions): RedisClient {
    this.#redis ??= openRedis(this.#contract, {
      logger: this.#deps.logger,
      tracer: this.#deps.tracer,
      metrics: this.#deps.metrics,
      ...(options === undefined ? {} : { options }),
    });
    return this.#redis;
  }

  /** The BigQuery dataset (created on first use). @throws when BigQuery is not configured. */
  bigquery(): BigQueryDataset {
    this.#bigquery ??= openBigQuery(this.#contract);
    return this.#bigquery;
  }

  /**
   * Health checks of every store opened so far: `postgres:<database>` (a pool still opening is
   * waited for within the check's timeout) and `redis`. BigQuery has none: it is an HTTP API.
   */
  healthChecks(): HealthCheck[] {
    const checks: HealthCheck[] = [];
    for (const [name, db] of this.#postgres) {
      checks.push({ name: `postgres:${name}`, check: async ({ signal }) => (await db).ping(signal) });
    }
    if (this.#redis !== undefined) checks.push(this.#redis.healthCheck());
    return checks;
  }

  /**
   * Closes every store concurrently.
   *
   * @returns one message per store that failed to close; never rejects.
   */
  async close(): Promise<string[]> {
    const errors: string[] = [];
    const closing: Promise<void>[] = [];
    for (const [name, db] of this.#postgres) {
      closing.push(
        db
          .then(
            (d) => d.close(),
            () => {},
          )
          .catch((err: unknown) => {
            errors.push(`postgres:${name}: ${errorMessage(err)}`);
          }),
      );
    }
    if (this.#redis !== undefined) closing.push(this.#redis.close());
    await Promise.all(closing);
    return errors;
  }
}
