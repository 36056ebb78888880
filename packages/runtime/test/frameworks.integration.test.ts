// Express and Fastify on the runtime's server, with the real PostgreSQL: route-template spans,
// errors as structured logs and error spans, error reporting to a loopback Sentry, the
// per-request abort signal, access to the server, and shutdown through the framework.
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import express from 'express';
import Fastify from 'fastify';
import {
  expressErrorHandler,
  type RunningService,
  requestSignal,
  startService,
  useFastify,
} from '../src/index.ts';
import { httpRequest, LogCapture, testServices, waitFor } from './helpers.ts';

const services = testServices();
const ENV = { PORT: '0', PGDSN: services.pgDsn };

/** Starts a request and destroys it after `ms`, as a client giving up. */
function abandonAfter(port: number, path: string, ms: number): void {
  const req = request({ host: '127.0.0.1', port, path });
  req.on('error', () => {});
  req.end();
  setTimeout(() => req.destroy(), ms);
}

function spanNamed(spans: ReadableSpan[], name: string): ReadableSpan {
  const s = spans.find((x) => x.name === name);
  assert.ok(s, `no span ${name} in ${spans.map((x) => x.name).join(', ')}`);
  return s;
}

/** A loopback stand-in for Sentry's ingestion endpoint: records envelope bodies. */
async function startSentryReceiver() {
  const envelopes: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.includes('/envelope/')) envelopes.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { envelopes, dsn: `http://publickey@127.0.0.1:${port}/1`, close: () => server.close() };
}

describe('Express', () => {
  const spans = new InMemorySpanExporter();
  const logs = new LogCapture();
  let svc: RunningService;
  let port = 0;
  let sentry: Awaited<ReturnType<typeof startSentryReceiver>>;
  let aborted: unknown;

  before(async () => {
    sentry = await startSentryReceiver();
    svc = await startService(
      {
        name: 'express-svc',
        version: 'v1',
        async initialize(ctx) {
          const db = await ctx.postgres('primary');
          const app = express();
          app.get('/items/:id', async (req, res) => {
            const { rows } = await db.query('SELECT $1::int AS id', [req.params.id]);
            res.json(rows[0]);
          });
          app.get('/fail/:what', async () => {
            throw new Error('express exploded');
          });
          app.get('/bad', (_req, _res, next) => next(Object.assign(new Error('bad input'), { status: 400 })));
          app.get('/wait', async (req, res) => {
            const signal = requestSignal(req);
            await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
            aborted = signal.reason;
            res.end();
          });
          app.use(expressErrorHandler({ logger: ctx.logger, reportError: ctx.reportError }));
          return {
            handler: app,
            configureServer: (server) => {
              server.keepAliveTimeout = 7000;
            },
          };
        },
      },
      {
        env: { ...ENV, SENTRY_DSN: sentry.dsn },
        host: '127.0.0.1',
        logDestination: logs,
        spanExporter: spans,
      },
    );
    port = svc.address.port;
  });
  after(async () => {
    await svc.shutdown('test over');
    sentry.close();
  });

  it('names spans after the route template, with the query span inside', async () => {
    spans.reset();
    const r = await httpRequest(port, '/items/7?token=secret');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { id: 7 });
    const server = spanNamed(spans.getFinishedSpans(), 'GET /items/:id');
    assert.equal(server.attributes['http.route'], '/items/:id');
    const query = spanNamed(spans.getFinishedSpans(), 'pg.query SELECT');
    assert.equal(query.parentSpanContext?.spanId, server.spanContext().spanId);
    const access = logs.find('GET /items/:id 200')[0]!;
    assert.equal((access.httpRequest as { requestUrl: string }).requestUrl, '/items/7?token=REDACTED');
  });

  it('turns a thrown error into a structured ERROR line, an error span, a Sentry event and a JSON 500', async () => {
    spans.reset();
    const r = await httpRequest(port, '/fail/now');
    assert.equal(r.status, 500);
    assert.deepEqual(r.json(), { error: 'internal server error' });
    const line = logs.find('request handler failed: express exploded')[0]!;
    assert.equal(line.severity, 'ERROR');
    assert.match(String(line.stack_trace), /express exploded/);
    const ctx = (line.context as { httpRequest: Record<string, unknown> }).httpRequest;
    assert.equal(ctx.route, '/fail/:what');
    assert.equal(ctx.url, '/fail/now');
    const span = spanNamed(spans.getFinishedSpans(), 'GET /fail/:what');
    assert.equal(span.status.code, 2);
    assert.ok(span.events.some((e) => e.name === 'exception'));
    await waitFor(
      () => sentry.envelopes.some((e) => e.includes('express exploded')),
      5000,
      'the Sentry event',
    );
    const event = sentry.envelopes.find((e) => e.includes('express exploded'))!;
    assert.match(event, /\/fail\/:what/);
  });

  it('answers a client error with its status and message, logged as a warning', async () => {
    const r = await httpRequest(port, '/bad');
    assert.equal(r.status, 400);
    assert.deepEqual(r.json(), { error: 'bad input' });
    assert.equal(logs.find('request failed with 400')[0]!.severity, 'WARNING');
  });

  it('aborts the request signal when the client goes away, and exposes the server', async () => {
    abandonAfter(port, '/wait', 100);
    await waitFor(() => aborted !== undefined, 3000, 'the abort');
    assert.match(String((aborted as Error).message), /client disconnected/);
    assert.equal(svc.server.keepAliveTimeout, 7000);
  });
});

describe('Fastify', () => {
  const spans = new InMemorySpanExporter();
  const logs = new LogCapture();
  let svc: RunningService;
  let port = 0;
  let closedByFramework = false;
  let aborted = false;

  before(async () => {
    svc = await startService(
      {
        name: 'fastify-svc',
        version: 'v1',
        async initialize(ctx) {
          const db = await ctx.postgres('primary');
          const app = Fastify();
          app.get<{ Params: { id: string } }>('/items/:id', async (req) => {
            const { rows } = await db.query('SELECT $1::int AS id', [req.params.id]);
            return rows[0];
          });
          app.get('/fail/:what', async () => {
            throw new Error('fastify exploded');
          });
          app.get('/wait', async (req) => {
            const signal = requestSignal(req.raw);
            await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
            aborted = true;
            return {};
          });
          app.addHook('onClose', async () => {
            closedByFramework = true;
          });
          const f = await useFastify(app, { logger: ctx.logger, reportError: ctx.reportError });
          return { handler: f.handler, routines: [f.routine] };
        },
      },
      { env: ENV, host: '127.0.0.1', logDestination: logs, spanExporter: spans },
    );
    port = svc.address.port;
  });
  after(async () => {
    await svc.shutdown('test over');
  });

  it('names spans after the route template, with the query span inside', async () => {
    spans.reset();
    const r = await httpRequest(port, '/items/42');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { id: 42 });
    const server = spanNamed(spans.getFinishedSpans(), 'GET /items/:id');
    const query = spanNamed(spans.getFinishedSpans(), 'pg.query SELECT');
    assert.equal(query.parentSpanContext?.spanId, server.spanContext().spanId);
    // Not found: no route, so the span is named after the method only.
    spans.reset();
    assert.equal((await httpRequest(port, '/nope/123')).status, 404);
    assert.equal(spans.getFinishedSpans()[0]!.name, 'GET');
  });

  it('turns a thrown error into a structured ERROR line, an error span and a JSON 500; Sentry stays off', async () => {
    spans.reset();
    const r = await httpRequest(port, '/fail/now');
    assert.equal(r.status, 500);
    assert.deepEqual(r.json(), { error: 'internal server error' });
    const line = logs.find('request handler failed: fastify exploded')[0]!;
    assert.equal(line.severity, 'ERROR');
    assert.match(String(line.stack_trace), /fastify exploded/);
    assert.equal((line.context as { httpRequest: Record<string, unknown> }).httpRequest.route, '/fail/:what');
    const span = spanNamed(spans.getFinishedSpans(), 'GET /fail/:what');
    assert.equal(span.status.code, 2);
    assert.equal(logs.find('started')[0]!.errorReporting, 'none');
  });

  it('aborts the request signal when the client goes away, and closes the app at shutdown', async () => {
    abandonAfter(port, '/wait', 100);
    await waitFor(() => aborted, 3000, 'the abort');
    assert.equal(closedByFramework, false);
    assert.equal(await svc.shutdown('test'), 0);
    assert.equal(closedByFramework, true, 'onClose hooks ran');
  });
});
