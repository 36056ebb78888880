import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BigQueryDataset,
  createIntervalRoutine,
  type EnvReader,
  type Logger,
  type PostgresDatabase,
  type RedisClient,
  requestSignal,
  type ServiceDefinition,
  setRoute,
} from '@msp/runtime';

/** The service's own configuration, read from the environment next to the platform contract. */
export interface Config {
  /** `GREETING`: what `GET /` says. */
  greeting: string;
  /** `PUBLIC_URL`: the service's public address (the spec sets it from its domain). */
  publicUrl: string | undefined;
  /** `ACCOUNTS_MAX_LIMIT`: the largest page `GET /accounts` returns. */
  accountsMaxLimit: number;
  /** `SLOW_MAX`: the longest `GET /slow` may wait (ms). */
  slowMaxMs: number;
  /** `HEARTBEAT_INTERVAL`: how often the heartbeat routine writes to Redis (ms). */
  heartbeatIntervalMs: number;
}

/** Reads {@link Config}; problems are reported together with the contract's. */
export function readConfig(env: EnvReader): Config {
  return {
    greeting: env.string('GREETING', { default: 'hello from acme-api', description: 'greeting of GET /' }),
    publicUrl: env
      .optionalUrl('PUBLIC_URL', { description: 'public URL', protocols: ['https:', 'http:'] })
      ?.toString(),
    accountsMaxLimit: env.int('ACCOUNTS_MAX_LIMIT', {
      default: 100,
      min: 1,
      max: 1000,
      description: 'largest page of GET /accounts',
    }),
    slowMaxMs: env.duration('SLOW_MAX', { default: '30s', description: 'longest wait of GET /slow' }),
    heartbeatIntervalMs: env.duration('HEARTBEAT_INTERVAL', {
      default: '30s',
      description: 'heartbeat period',
    }),
  };
}

/** The PostgreSQL database the spec provisions (`resources.postgreSQL.databases: [primary]`). */
export const DATABASE = 'primary';
/** Redis key of the request counter. */
export const COUNTER_KEY = 'acme-api:counter';
/** Redis key the heartbeat routine refreshes. */
export const HEARTBEAT_KEY = 'acme-api:heartbeat';
/** BigQuery table the spec declares (`api_requests.bigquerytable.json`), written when BigQuery is configured. */
export const REQUESTS_TABLE = 'api_requests';

const MIGRATION_LOCK = 0x61636d65; // "acme"

/**
 * Creates the tables once, even with several instances starting together. `accounts` and
 * `events` are the tables the spec's `api_events` publication replicates.
 */
export async function migrate(db: PostgresDatabase): Promise<void> {
  await db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS accounts (
      id bigserial PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await client.query(`CREATE TABLE IF NOT EXISTS events (
      id bigserial PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id),
      kind text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readJson(req: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body must be JSON');
  }
}

interface AccountRow {
  id: string;
  name: string;
  created_at: Date;
}

function accountJson(row: AccountRow): { id: number; name: string; createdAt: string } {
  return { id: Number(row.id), name: row.name, createdAt: row.created_at.toISOString() };
}

/** What the HTTP API needs. */
export interface HandlerDeps {
  db: PostgresDatabase;
  redis: RedisClient;
  /** Present when the environment has the BigQuery dataset (prod in the spec). */
  bigquery: BigQueryDataset | undefined;
  config: Config;
  logger: Logger;
  version: string;
  environment: string;
}

/**
 * The HTTP API:
 * `GET /`, `GET /accounts?limit=`, `POST /accounts {"name"}`, `GET /accounts/:id`,
 * `POST /counter`, `GET /counter`, and `GET /slow?ms=` (waits, then uses both stores).
 */
export function createHandler(deps: HandlerDeps) {
  const { db, redis, config, logger } = deps;

  // Fire-and-forget audit row; BigQuery being slow or down must not fail the request.
  const recordRequest = (req: IncomingMessage, status: number) => {
    if (deps.bigquery === undefined) return;
    const row = {
      request_id: randomUUID(),
      received_at: new Date().toISOString(),
      status,
      client: { name: req.headers['user-agent'] ?? 'unknown', version: null },
    };
    deps.bigquery.insert(REQUESTS_TABLE, [row]).catch((err: unknown) => {
      logger.warn({ err }, 'could not record the request in BigQuery');
    });
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    // Route templates name spans, metrics and request logs (raw paths would explode cardinality).
    const route = /^\/accounts\/\d{1,18}$/.test(path)
      ? '/accounts/:id'
      : ['/', '/accounts', '/counter', '/slow'].includes(path)
        ? path
        : undefined;
    if (route !== undefined) setRoute(req, route);
    try {
      if (path === '/' && method === 'GET') {
        sendJson(res, 200, {
          service: 'acme-api',
          version: deps.version,
          environment: deps.environment,
          greeting: config.greeting,
          publicUrl: config.publicUrl ?? null,
        });
      } else if (path === '/accounts' && method === 'GET') {
        const limit = Math.min(
          Math.max(Number(url.searchParams.get('limit') ?? 20) || 20, 1),
          config.accountsMaxLimit,
        );
        const { rows } = await db.query<AccountRow>(
          'SELECT id, name, created_at FROM accounts ORDER BY id DESC LIMIT $1',
          [limit],
        );
        sendJson(res, 200, { accounts: rows.map(accountJson) });
      } else if (path === '/accounts' && method === 'POST') {
        const body = (await readJson(req)) as { name?: unknown } | null;
        if (typeof body?.name !== 'string' || body.name.length < 1 || body.name.length > 200) {
          throw new HttpError(400, 'name must be a string of 1 to 200 characters');
        }
        const name = body.name;
        const row = await db.transaction(async (client) => {
          const created = await client.query<AccountRow>(
            'INSERT INTO accounts (name) VALUES ($1) RETURNING id, name, created_at',
            [name],
          );
          await client.query("INSERT INTO events (account_id, kind) VALUES ($1, 'account.created')", [
            created.rows[0]!.id,
          ]);
          return created.rows[0]!;
        });
        sendJson(res, 201, accountJson(row));
        recordRequest(req, 201);
      } else if (/^\/accounts\/\d{1,18}$/.test(path) && method === 'GET') {
        const id = path.slice('/accounts/'.length);
        const { rows } = await db.query<AccountRow>(
          'SELECT id, name, created_at FROM accounts WHERE id = $1',
          [id],
        );
        if (rows.length === 0) throw new HttpError(404, 'account not found');
        sendJson(res, 200, accountJson(rows[0]!));
      } else if (path === '/counter' && method === 'POST') {
        sendJson(res, 200, { count: await redis.client.incr(COUNTER_KEY) });
      } else if (path === '/counter' && method === 'GET') {
        sendJson(res, 200, { count: Number((await redis.client.get(COUNTER_KEY)) ?? 0) });
      } else if (path === '/slow' && method === 'GET') {
        // Waits, then uses both data stores: during a graceful shutdown this shows that the pools
        // stay open until in-flight requests are done.
        const ms = Math.min(Math.max(Number(url.searchParams.get('ms') ?? 1000) || 0, 0), config.slowMaxMs);
        logger.info({ ms }, 'slow request waiting');
        // The request's signal aborts when the client goes away: stop waiting then.
        const signal = requestSignal(req);
        await sleep(ms, undefined, { signal }).catch(() => {});
        if (signal.aborted) return;
        const { rows } = await db.query<{ now: Date }>('SELECT now() AS now');
        const count = await redis.client.incr(COUNTER_KEY);
        sendJson(res, 200, { sleptMs: ms, dbTime: rows[0]!.now.toISOString(), count });
      } else {
        throw new HttpError(404, 'not found');
      }
    } catch (err) {
      if (err instanceof HttpError) sendJson(res, err.status, { error: err.message });
      else throw err; // the runtime logs it and answers 500
    }
  };
}

/** The version reported in logs, traces and `/-/version`: the image build sets `APP_VERSION`. */
export const VERSION = process.env.APP_VERSION ?? '0.1.0';

/**
 * The `acme-api` service, matching `examples/services/acme-api/service.yaml`: PostgreSQL
 * database `primary`, Redis, and (in prod) the `acme_api` BigQuery dataset.
 */
export const service: ServiceDefinition<Config> = {
  name: 'acme-api',
  version: VERSION,
  config: readConfig,
  async initialize(ctx) {
    const db = await ctx.postgres(DATABASE);
    await migrate(db);
    const redis = ctx.redis();
    const heartbeat = createIntervalRoutine(
      'heartbeat',
      ctx.config.heartbeatIntervalMs,
      async () => {
        await redis.client.set(HEARTBEAT_KEY, new Date().toISOString(), 'EX', 300);
      },
      { runAtStart: true },
    );
    return {
      handler: createHandler({
        db,
        redis,
        bigquery: ctx.contract.bigquery === undefined ? undefined : ctx.bigquery(),
        config: ctx.config,
        logger: ctx.logger,
        version: VERSION,
        environment: ctx.contract.environmentId,
      }),
      routines: [heartbeat],
    };
  },
};
