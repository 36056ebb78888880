import { createRequire } from 'node:module';
import { context, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
// Types only: ioredis loads when a client is first created, so services without Redis never pay for it.
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import {
  type Contract,
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
} from '../contract/contract.ts';
import { errorMessage, type HealthCheck } from '../diagnostics/health.ts';
import type { RuntimeMetrics } from '../observability/metrics.ts';
import { trustedCertificates } from './certs.ts';

export type { Redis } from 'ioredis';

const require = createRequire(import.meta.url);

/**
 * A Redis command that got no reply within `REDIS_COMMAND_TIMEOUT`: the server is frozen,
 * overloaded or unreachable.
 */
export class RedisTimeoutError extends Error {
  readonly command: string;
  readonly timeoutMs: number;
  constructor(command: string, timeoutMs: number, cause?: unknown) {
    super(`redis ${command}: no reply within ${timeoutMs}ms (REDIS_COMMAND_TIMEOUT)`, { cause });
    this.name = 'RedisTimeoutError';
    this.command = command;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * ioredis options for the contract's `REDIS_ENDPOINT`: host, port, username/password and
 * database from the URL; for `rediss://`, TLS verifying the server against Node's roots plus the
 * CAs found in `SSL_CERT_DIR` (where the platform mounts Memorystore's CA). Every command has a
 * client-side timeout (`REDIS_COMMAND_TIMEOUT`, default 2 s), so a frozen server fails requests
 * instead of hanging them; commands fail fast while disconnected (one retry) instead of queueing
 * forever, and reconnects back off up to 2 s. Reads certificate files; does no network I/O.
 *
 * @throws when Redis is not configured.
 */
export function redisOptions(
  contract: Pick<Contract, 'redis' | 'sslCertDirs'> & Partial<Pick<Contract, 'timeouts'>>,
  overrides: RedisOptions = {},
): RedisOptions {
  if (contract.redis === undefined) throw new Error('Redis is not configured: set REDIS_ENDPOINT');
  const url = contract.redis.endpoint;
  const options: RedisOptions = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? 6379 : Number(url.port),
    connectTimeout: contract.timeouts?.redisConnectMs ?? DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: contract.timeouts?.redisCommandMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  };
  if (url.username !== '') options.username = decodeURIComponent(url.username);
  if (url.password !== '') options.password = decodeURIComponent(url.password);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '') options.db = Number(db);
  if (contract.redis.tls) {
    const ca = trustedCertificates(contract.sslCertDirs);
    options.tls = ca === undefined ? {} : { ca };
  }
  return { ...options, ...overrides };
}

/** What a {@link RedisClient} reports to. */
export interface RedisDeps {
  logger?: Logger | undefined;
  tracer?: Tracer | undefined;
  metrics?: RuntimeMetrics | undefined;
}

/**
 * A Redis client for the contract's endpoint, with a health check and a graceful close.
 * Reconnects on its own after the server goes away. Every command (through `client`) gets a
 * `redis <COMMAND>` client span when a span is active and a `db.client.operation.duration`
 * point; a command timeout becomes a {@link RedisTimeoutError}.
 */
export class RedisClient {
  /** The ioredis client. */
  readonly client: Redis;
  #closed: Promise<void> | undefined;

  constructor(client: Redis, deps: RedisDeps | Logger = {}) {
    this.client = client;
    const d: RedisDeps =
      'info' in deps && typeof deps.info === 'function' ? { logger: deps as Logger } : (deps as RedisDeps);
    const logger = d.logger;
    instrument(client, d);
    let down = false;
    // Log once per outage, not once per reconnect attempt.
    client.on('error', (err: Error) => {
      if (down) return;
      down = true;
      logger?.warn({ err }, `redis: connection failed: ${errorMessage(err)}`);
    });
    client.on('ready', () => {
      if (down) logger?.info('redis: connection restored');
      down = false;
    });
  }

  /**
   * `PING`. While the first connection is being set up it waits for it (until `signal` aborts);
   * while reconnecting after a failure it fails at once, so a health check reports the outage
   * instead of hanging.
   *
   * @throws when Redis is unreachable or `signal` aborts first.
   */
  async ping(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const status = this.client.status;
    if (status === 'wait' || status === 'connecting' || status === 'connect') {
      await new Promise<void>((resolve, reject) => {
        const onReady = () => {
          cleanup();
          resolve();
        };
        const onAbort = () => {
          cleanup();
          reject(new Error(`redis connection is ${this.client.status}`));
        };
        const onEnd = () => {
          cleanup();
          reject(new Error(`redis connection is ${this.client.status}`));
        };
        const cleanup = () => {
          this.client.off('ready', onReady);
          this.client.off('end', onEnd);
          this.client.off('reconnecting', onEnd);
          signal?.removeEventListener('abort', onAbort);
        };
        this.client.once('ready', onReady);
        this.client.once('end', onEnd);
        this.client.once('reconnecting', onEnd);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    } else if (status !== 'ready') {
      throw new Error(`redis connection is ${status}`);
    }
    // The command has its own timeout; the signal only stops the wait sooner (Redis is one
    // multiplexed connection, so a late reply holds nothing).
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    const pinging = this.client.ping();
    pinging.catch(() => {});
    let reply: string;
    try {
      reply = await Promise.race([pinging, aborted]);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
    if (reply !== 'PONG') throw new Error(`redis PING answered ${JSON.stringify(reply)}`);
  }

  /** A health check named `redis` that pings the server. */
  healthCheck(): HealthCheck {
    return { name: 'redis', check: ({ signal }) => this.ping(signal) };
  }

  /** Sends `QUIT` (or disconnects when not connected). Idempotent; never rejects. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      if (this.client.status === 'ready') {
        try {
          await this.client.quit();
          return;
        } catch {
          // fall through to a hard disconnect
        }
      }
      this.client.disconnect();
    })();
    return this.#closed;
  }
}

/**
 * Connects to Redis as the contract says (see {@link redisOptions}). The connection is made in
 * the background; commands issued meanwhile wait for it.
 *
 * @throws when Redis is not configured.
 */
export function openRedis(
  contract: Pick<Contract, 'redis' | 'sslCertDirs'> & Partial<Pick<Contract, 'timeouts'>>,
  deps: RedisDeps & { options?: RedisOptions } = {},
): RedisClient {
  const { Redis: RedisCtor } = require('ioredis') as typeof import('ioredis');
  return new RedisClient(new RedisCtor(redisOptions(contract, deps.options)), deps);
}

interface CommandLike {
  name: string;
  promise: Promise<unknown>;
}

/** Wraps the client's `sendCommand` for spans, metrics and clear timeout errors. */
function instrument(client: Redis, deps: RedisDeps): void {
  const send = client.sendCommand.bind(client) as (
    command: CommandLike,
    ...rest: unknown[]
  ) => Promise<unknown>;
  const timeoutMs = client.options.commandTimeout ?? 0;
  const tracer = deps.tracer;
  const metrics = deps.metrics;
  (client as unknown as { sendCommand: typeof send }).sendCommand = (command, ...rest) => {
    const name = String(command.name).toUpperCase();
    const parent = trace.getSpan(context.active());
    const span =
      tracer !== undefined && parent !== undefined
        ? tracer.startSpan(`redis ${name}`, {
            kind: SpanKind.CLIENT,
            attributes: { 'db.system.name': 'redis', 'db.operation.name': name },
          })
        : undefined;
    const started = performance.now();
    const finish = (err?: unknown) => {
      metrics?.recordDb((performance.now() - started) / 1000, {
        'db.system.name': 'redis',
        'db.operation.name': name,
        ...(err === undefined ? {} : { 'error.type': err instanceof Error ? err.name : 'error' }),
      });
      if (span !== undefined) {
        if (err !== undefined) {
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
        }
        span.end();
      }
    };
    return send(command, ...rest).then(
      (reply) => {
        finish();
        return reply;
      },
      (raw: unknown) => {
        const err =
          raw instanceof Error && raw.message === 'Command timed out'
            ? new RedisTimeoutError(name, timeoutMs, raw)
            : raw;
        finish(err);
        throw err;
      },
    );
  };
}
