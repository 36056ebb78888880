import type { Attributes, Histogram, Meter, ObservableResult, UpDownCounter } from '@opentelemetry/api';

/** Latency buckets in seconds (OpenTelemetry's recommended HTTP buckets). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** A connection pool as the metrics see it (pg's `Pool` fits). */
export interface PoolStats {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/**
 * The runtime's instruments, named after OpenTelemetry's semantic conventions so Cloud Monitoring
 * and Prometheus dashboards recognise them:
 *
 * - `http.server.request.duration` (histogram, s): request count, latency and errors, by
 *   `http.request.method`, `http.route` (the route template), `http.response.status_code` and
 *   `error.type` (the status code for 5xx, or the exception's type);
 * - `http.server.active_requests` (up-down counter);
 * - `db.client.operation.duration` (histogram, s): PostgreSQL queries and Redis commands, by
 *   `db.system.name`, `db.operation.name`, `db.namespace` and `error.type`;
 * - `db.client.connection.count` (observable gauge) by `db.client.connection.state` (`idle`,
 *   `used`) and `db.client.connection.pool.name`; `db.client.connection.pending_requests`.
 */
export class RuntimeMetrics {
  readonly #meter: Meter;
  readonly requestDuration: Histogram;
  readonly activeRequests: UpDownCounter;
  readonly dbDuration: Histogram;
  readonly #pools = new Map<string, PoolStats>();

  constructor(meter: Meter) {
    this.#meter = meter;
    this.requestDuration = meter.createHistogram('http.server.request.duration', {
      description: 'Duration of HTTP server requests',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    this.activeRequests = meter.createUpDownCounter('http.server.active_requests', {
      description: 'Number of HTTP server requests in flight',
      unit: '{request}',
    });
    this.dbDuration = meter.createHistogram('db.client.operation.duration', {
      description: 'Duration of PostgreSQL queries and Redis commands',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.001, ...DURATION_BUCKETS] },
    });
    const connections = meter.createObservableGauge('db.client.connection.count', {
      description: 'Connections of each pool by state',
      unit: '{connection}',
    });
    const pending = meter.createObservableGauge('db.client.connection.pending_requests', {
      description: 'Requests waiting for a pooled connection',
      unit: '{request}',
    });
    connections.addCallback((r: ObservableResult) => {
      for (const [name, p] of this.#pools) {
        const pool = { 'db.client.connection.pool.name': name };
        r.observe(p.idleCount, { ...pool, 'db.client.connection.state': 'idle' });
        r.observe(p.totalCount - p.idleCount, { ...pool, 'db.client.connection.state': 'used' });
      }
    });
    pending.addCallback((r: ObservableResult) => {
      for (const [name, p] of this.#pools)
        r.observe(p.waitingCount, { 'db.client.connection.pool.name': name });
    });
  }

  /** The meter, for the service's own instruments. */
  get meter(): Meter {
    return this.#meter;
  }

  /** Observes a pool's connections until {@link RuntimeMetrics.removePool}. */
  addPool(name: string, pool: PoolStats): void {
    this.#pools.set(name, pool);
  }

  /** Stops observing a pool. */
  removePool(name: string): void {
    this.#pools.delete(name);
  }

  /** Records one data store operation. */
  recordDb(seconds: number, attributes: Attributes): void {
    this.dbDuration.record(seconds, attributes);
  }
}
