import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { Contract } from '../contract/contract.ts';
import { errorMessage, type HealthCheck } from '../diagnostics/health.ts';
import { trustedCertificates } from './certs.ts';

export type { Redis } from 'ioredis';

/**
 * ioredis options for the contract's `REDIS_ENDPOINT`: host, port, username/password and
 * database from the URL; for `rediss://`, TLS verifying the server against Node's roots plus the
 * CAs found in `SSL_CERT_DIR` (where the platform mounts Memorystore's CA). Commands fail fast
 * while disconnected (one retry) instead of queueing forever, and reconnects back off up to 2 s.
 * Reads certificate files; does no network I/O.
 *
 * @throws when Redis is not configured.
 */
export function redisOptions(
  contract: Pick<Contract, 'redis' | 'sslCertDirs'>,
  overrides: RedisOptions = {},
): RedisOptions {
  if (contract.redis === undefined) throw new Error('Redis is not configured: set REDIS_ENDPOINT');
  const url = contract.redis.endpoint;
  const options: RedisOptions = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? 6379 : Number(url.port),
    connectTimeout: 5000,
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

/**
 * A Redis client for the contract's endpoint, with a health check and a graceful close.
 * Reconnects on its own after the server goes away.
 */
export class RedisClient {
  /** The ioredis client. */
  readonly client: Redis;
  #closed: Promise<void> | undefined;

  constructor(client: Redis, logger?: Logger) {
    this.client = client;
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
    const reply = await this.client.ping();
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
  contract: Pick<Contract, 'redis' | 'sslCertDirs'>,
  deps: { logger?: Logger; options?: RedisOptions } = {},
): RedisClient {
  return new RedisClient(new Redis(redisOptions(contract, deps.options)), deps.logger);
}
