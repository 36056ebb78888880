// Against the real PostgreSQL and Redis that scripts/test-services.sh started on loopback.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { AuthTypes, Connector, IpAddressTypes } from '@google-cloud/cloud-sql-connector';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { service as exampleService } from '../../../examples/runtime-service/src/service.ts';
import {
  buildPoolConfig,
  type CloudSqlConnector,
  loadContract,
  openBigQuery,
  openPostgres,
  openRedis,
  type RunningService,
  readCertificates,
  redisOptions,
  startService,
} from '../src/index.ts';
import { freePort, httpRequest, LogCapture, testServices, waitFor } from './helpers.ts';

const services = testServices();
const SECRET = 'integration-secret';
const local = loadContract({
  PORT: '0',
  PGDSN: services.pgDsn.replace(/\/primary$/, '/{{ .Database }}'),
  REDIS_ENDPOINT: services.redisUrl,
}).contract;

/** A stand-in for the Cloud SQL connector: same interface, dials the local server instead. */
class FakeConnector implements CloudSqlConnector {
  readonly requests: unknown[] = [];
  closed = false;
  async getOptions(opts: { instanceConnectionName: string; ipType?: IpAddressTypes; authType?: AuthTypes }) {
    this.requests.push(opts);
    const port = Number(new URL(services.pgDsn).port);
    return {
      stream: (): Duplex => {
        const socket = connect(port, '127.0.0.1');
        // Like the real connector's socket: already connecting, so the driver's connect() is a no-op.
        socket.connect = (() => socket) as typeof socket.connect;
        return socket;
      },
    };
  }
  close() {
    this.closed = true;
  }
}

describe('PostgreSQL', () => {
  it('runs queries and transactions through the pool', async () => {
    const db = await openPostgres(local, 'primary');
    try {
      await db.query('CREATE TABLE IF NOT EXISTS t_queries (id int PRIMARY KEY, v text)');
      await db.query('TRUNCATE t_queries');
      await db.query('INSERT INTO t_queries VALUES ($1, $2), ($3, $4)', [1, 'one', 2, 'two']);
      const { rows } = await db.query<{ id: number; v: string }>('SELECT id, v FROM t_queries ORDER BY id');
      assert.deepEqual(rows, [
        { id: 1, v: 'one' },
        { id: 2, v: 'two' },
      ]);
      await assert.rejects(
        db.transaction(async (c) => {
          await c.query("INSERT INTO t_queries VALUES (3, 'three')");
          throw new Error('roll back');
        }),
        /roll back/,
      );
      await db.transaction(async (c) => {
        await c.query("INSERT INTO t_queries VALUES (4, 'four')");
      });
      const ids = (await db.query<{ id: number }>('SELECT id FROM t_queries ORDER BY id')).rows.map(
        (r) => r.id,
      );
      assert.deepEqual(ids, [1, 2, 4]);
      await assert.rejects(
        db.query('SELECT * FROM no_such_table'),
        /relation "no_such_table" does not exist/,
      );
      const who = await db.query<{ db: string }>('SELECT current_database() AS db');
      assert.equal(who.rows[0]!.db, 'primary', '{{ .Database }} was filled in');
    } finally {
      await db.close();
    }
  });

  it('reconnects after the server restarts, and its health check follows', async () => {
    const logs = new LogCapture();
    const { createLogger } = await import('../src/index.ts');
    const db = await openPostgres(local, 'primary', {
      logger: createLogger({ service: 't', version: 'v', destination: logs }),
    });
    const check = db.healthCheck();
    try {
      // Warm the pool: several idle connections that the restart will break.
      await Promise.all(Array.from({ length: 5 }, () => db.query('SELECT pg_sleep(0.05)')));
      await check.check({ signal: AbortSignal.timeout(2000), query: new URLSearchParams() });

      services.control('pg-stop');
      await assert.rejects(db.query('SELECT 1'));
      await assert.rejects(
        Promise.resolve(check.check({ signal: AbortSignal.timeout(2000), query: new URLSearchParams() })),
      );

      services.control('pg-start');
      await waitFor(
        async () => (await db.query('SELECT 1 AS one')).rows[0]?.one === 1,
        15_000,
        'queries to work again',
      );
      await check.check({ signal: AbortSignal.timeout(2000), query: new URLSearchParams() });
      // Every pooled connection works, not just one.
      await Promise.all(Array.from({ length: 5 }, () => db.query('SELECT pg_sleep(0.05)')));
      assert.ok(
        logs.find('postgres: idle connection failed').length > 0,
        'broken idle connections were noticed and dropped',
      );
    } finally {
      services.control('pg-start'); // no-op when running
      await db.close();
    }
  });

  it('production mode goes through the Cloud SQL connector with IAM auth: private IP, PGUSER, no password', async () => {
    const prod = loadContract({
      MSP: 'true',
      PORT: '9992',
      ENVIRONMENT_ID: 'prod',
      GOOGLE_CLOUD_PROJECT: 'acme-prod',
      DIAGNOSTICS_SECRET: SECRET,
      PGINSTANCE: 'acme-prod:us-central1:postgresql-ab12',
      PGUSER: 'msp', // the local server's user stands in for the IAM user
    }).contract;
    const fake = new FakeConnector();
    const { config } = await buildPoolConfig(prod.postgres, 'primary', { connector: fake });
    assert.deepEqual(fake.requests, [
      {
        instanceConnectionName: 'acme-prod:us-central1:postgresql-ab12',
        ipType: IpAddressTypes.PRIVATE,
        authType: AuthTypes.IAM,
      },
    ]);
    assert.equal(config.user, 'msp');
    assert.equal(config.database, 'primary');
    assert.equal(config.password, undefined);
    assert.equal(config.connectionString, undefined);
    assert.equal(typeof config.stream, 'function');

    // And the pool really talks through the connector's sockets.
    const db = await openPostgres(prod, 'primary', { connector: fake });
    try {
      const { rows } = await db.query<{ u: string; d: string }>(
        'SELECT current_user AS u, current_database() AS d',
      );
      assert.deepEqual(rows[0], { u: 'msp', d: 'primary' });
    } finally {
      await db.close();
    }
    assert.equal(fake.closed, false, 'a connector passed in is the caller’s to close');
  });

  it('constructs the real Cloud SQL connector without network I/O', () => {
    // getOptions would call the Cloud SQL Admin API, unreachable here; construction must not.
    const connector = new Connector();
    connector.close();
  });

  it('refuses to open without configuration', async () => {
    await assert.rejects(
      openPostgres(loadContract({ PORT: '1' }).contract, 'primary'),
      /PostgreSQL is not configured: set PGINSTANCE and PGUSER \(or PGDSN locally\)/,
    );
  });
});

describe('Redis', () => {
  it('counts with INCR and follows a server restart', async () => {
    const redis = openRedis(local);
    try {
      await waitFor(() => redis.client.status === 'ready', 5000, 'redis ready');
      await redis.client.del('t:counter');
      assert.equal(await redis.client.incr('t:counter'), 1);
      assert.equal(await redis.client.incr('t:counter'), 2);
      await redis.ping();

      services.control('redis-stop');
      await waitFor(() => redis.client.status !== 'ready', 5000, 'redis to notice');
      await assert.rejects(redis.ping(), /redis connection is/);
      await assert.rejects(redis.client.incr('t:counter'));

      services.control('redis-start');
      await waitFor(
        async () => {
          await redis.ping();
          return true;
        },
        15_000,
        'redis back',
      );
      // No persistence: the counter starts over on the fresh server.
      assert.equal(await redis.client.incr('t:counter'), 1);
    } finally {
      services.control('redis-start');
      await redis.close();
    }
  });

  it('rediss:// verifies the server against the CA found in SSL_CERT_DIR', {
    skip: services.redisTlsUrl === undefined,
  }, async () => {
    const tls = loadContract({
      PORT: '1',
      REDIS_ENDPOINT: services.redisTlsUrl!,
      SSL_CERT_DIR: `/nonexistent:${services.redisCaDir}`,
    }).contract;
    assert.equal(tls.redis?.tls, true);
    const opts = redisOptions(tls);
    const ca = (opts.tls as { ca: string[] }).ca;
    assert.ok(ca.includes(readCertificates([services.redisCaDir!])[0]!), 'the test CA is trusted');
    assert.equal(opts.password, services.redisUrl.match(/:([^:@]+)@/)![1]);
    const redis = openRedis(tls);
    try {
      await waitFor(() => redis.client.status === 'ready', 5000, 'TLS redis ready');
      assert.equal(await redis.client.set('t:tls', 'yes'), 'OK');
      assert.equal(await redis.client.get('t:tls'), 'yes');
    } finally {
      await redis.close();
    }

    // Without the platform's CA the server is not trusted.
    const untrusted = openRedis(loadContract({ PORT: '1', REDIS_ENDPOINT: services.redisTlsUrl! }).contract, {
      options: { retryStrategy: () => null },
    });
    try {
      await waitFor(() => untrusted.client.status === 'end', 5000, 'untrusted connection to fail');
      await assert.rejects(untrusted.ping());
    } finally {
      await untrusted.close();
    }
  });
});

describe('BigQuery', () => {
  it('binds the client and dataset to the contract (no request is made)', () => {
    const contract = loadContract({
      PORT: '1',
      BIGQUERY_PROJECT_ID: 'bq-proj',
      BIGQUERY_DATASET_ID: 'acme_api',
    }).contract;
    const bq = openBigQuery(contract);
    assert.equal(bq.client.projectId, 'bq-proj');
    assert.equal(bq.dataset.id, 'acme_api');
    assert.equal(bq.projectId, 'bq-proj');
    assert.equal(bq.table('events').id, 'events');
    assert.equal(bq.table('events').dataset.id, 'acme_api');
  });

  it('names the missing variables', () => {
    assert.throws(
      () => openBigQuery(loadContract({ PORT: '1' }).contract),
      /set BIGQUERY_PROJECT_ID and BIGQUERY_DATASET_ID/,
    );
  });
});

describe('the example service in-process: /-/healthz goes red and green with its data stores', () => {
  let svc: RunningService;
  const logs = new LogCapture();
  const env = {
    PORT: '0',
    DIAGNOSTICS_SECRET: SECRET,
    PGDSN: services.pgDsn,
    REDIS_ENDPOINT: services.redisUrl,
    HEARTBEAT_INTERVAL: '1s',
  };
  before(async () => {
    svc = await startService(exampleService, { env, host: '127.0.0.1', logDestination: logs });
  });
  after(async () => {
    services.control('pg-start');
    services.control('redis-start');
    await svc.shutdown('test done');
  });
  const healthz = () =>
    httpRequest(svc.address.port, '/-/healthz', { headers: { authorization: `Bearer ${SECRET}` } });
  type Report = { status: string; checks: Record<string, { status: string; error?: string }> };

  it('is green with both stores up, and the API works', async () => {
    const r = await healthz();
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(Object.keys((r.json() as Report).checks).sort(), ['postgres:primary', 'redis']);
    const created = await httpRequest(svc.address.port, '/accounts', {
      method: 'POST',
      body: JSON.stringify({ name: 'Widgets Inc' }),
    });
    assert.equal(created.status, 201);
    const { id } = created.json() as { id: number };
    assert.equal(
      ((await httpRequest(svc.address.port, `/accounts/${id}`)).json() as { name: string }).name,
      'Widgets Inc',
    );
    assert.equal((await httpRequest(svc.address.port, '/accounts/999999999')).status, 404);
    assert.equal(
      (await httpRequest(svc.address.port, '/accounts', { method: 'POST', body: '{"name":""}' })).status,
      400,
    );
    assert.equal(
      (await httpRequest(svc.address.port, '/accounts', { method: 'POST', body: 'not json' })).status,
      400,
    );
    const list = (await httpRequest(svc.address.port, '/accounts?limit=1')).json() as {
      accounts: { id: number }[];
    };
    assert.deepEqual(
      list.accounts.map((a) => a.id),
      [id],
    );
    const c1 = (await httpRequest(svc.address.port, '/counter', { method: 'POST' })).json() as {
      count: number;
    };
    const c2 = (await httpRequest(svc.address.port, '/counter', { method: 'POST' })).json() as {
      count: number;
    };
    assert.equal(c2.count, c1.count + 1);
  });

  it('goes red when PostgreSQL stops and green when it returns', async () => {
    services.control('pg-stop');
    const red = await healthz();
    assert.equal(red.status, 503);
    const report = red.json() as Report;
    assert.equal(report.checks['postgres:primary']?.status, 'error');
    assert.equal(report.checks.redis?.status, 'ok');
    assert.equal((await httpRequest(svc.address.port, '/accounts')).status, 500);

    services.control('pg-start');
    await waitFor(async () => (await healthz()).status === 200, 15_000, 'healthz green again');
    assert.equal((await httpRequest(svc.address.port, '/accounts')).status, 200, 'the pool reconnected');
  });

  it('goes red when Redis stops and green when it returns', async () => {
    services.control('redis-stop');
    await waitFor(async () => (await healthz()).status === 503, 5000, 'healthz red');
    const report = (await healthz()).json() as Report;
    assert.equal(report.checks.redis?.status, 'error');
    assert.equal(report.checks['postgres:primary']?.status, 'ok');

    services.control('redis-start');
    await waitFor(async () => (await healthz()).status === 200, 15_000, 'healthz green again');
    assert.equal((await httpRequest(svc.address.port, '/counter', { method: 'POST' })).status, 200);
  });
});

describe('the example service in production mode (MSP=true) against local stand-ins', () => {
  it('serves through the Cloud SQL connector and TLS Redis, with spans for requests and queries', {
    skip: services.redisTlsUrl === undefined,
  }, async () => {
    const exporter = new InMemorySpanExporter();
    const logs = new LogCapture();
    const svc = await startService(exampleService, {
      env: {
        MSP: 'true',
        PORT: String(await freePort()),
        ENVIRONMENT_ID: 'prod',
        GOOGLE_CLOUD_PROJECT: 'acme-prod',
        DIAGNOSTICS_SECRET: SECRET,
        PGINSTANCE: 'acme-prod:us-central1:postgresql-ab12',
        PGUSER: 'msp',
        REDIS_ENDPOINT: services.redisTlsUrl!,
        SSL_CERT_DIR: `/etc/ssl/certs:${services.redisCaDir}`,
      },
      host: '127.0.0.1',
      logDestination: logs,
      connector: new FakeConnector(),
      spanExporter: exporter, // never the real Cloud Trace exporter: no network here
    });
    try {
      const r = await httpRequest(svc.address.port, '/-/healthz', {
        headers: { authorization: `Bearer ${SECRET}` },
      });
      assert.equal(r.status, 200, r.body);
      assert.equal((await httpRequest(svc.address.port, '/-/healthz')).status, 401);
      exporter.reset();
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      const items = await httpRequest(svc.address.port, '/accounts?limit=1', {
        headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
      });
      assert.equal(items.status, 200);
      await waitFor(() => exporter.getFinishedSpans().length >= 2, 2000, 'spans');
      const spans = exporter.getFinishedSpans();
      const server = spans.find((s) => s.kind === SpanKind.SERVER)!;
      const query = spans.find((s) => s.name === 'pg.query SELECT')!;
      assert.equal(server.spanContext().traceId, traceId);
      assert.equal(query.parentSpanContext?.spanId, server.spanContext().spanId);
      assert.equal(query.attributes['db.namespace'], 'primary');
      const access = logs.find('GET /accounts 200')[0]!;
      assert.equal(access['logging.googleapis.com/trace'], `projects/acme-prod/traces/${traceId}`);
    } finally {
      assert.equal(await svc.shutdown('test'), 0);
    }
  });
});
