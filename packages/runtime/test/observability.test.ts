import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { context, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ConsoleSpanExporter, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  clientIp,
  createLogger,
  createSpanExporter,
  extractTraceContext,
  formatSeconds,
  HttpServer,
  loadContract,
  parseCloudTraceContext,
  parseTraceparent,
  planTelemetry,
  RuntimeMetrics,
  redactUrl,
  SPAN_ID_FIELD,
  setRoute,
  startTelemetry,
  TRACE_FIELD,
  TRACE_SAMPLED_FIELD,
} from '../src/index.ts';
import { httpRequest, LogCapture } from './helpers.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

describe('Cloud Logging format', () => {
  it('writes severity, message, time and serviceContext for every level', () => {
    const logs = new LogCapture();
    const logger = createLogger({ service: 'svc', version: 'v1', level: 'trace', destination: logs });
    logger.trace('t');
    logger.debug('d');
    logger.info({ answer: 42 }, 'i');
    logger.warn('w');
    logger.error('e');
    logger.fatal('f');
    assert.deepEqual(
      logs.lines.map((l) => [l.severity, l.message]),
      [
        ['DEBUG', 't'],
        ['DEBUG', 'd'],
        ['INFO', 'i'],
        ['WARNING', 'w'],
        ['ERROR', 'e'],
        ['CRITICAL', 'f'],
      ],
    );
    const info = logs.lines[2]!;
    assert.equal(info.answer, 42);
    assert.deepEqual(info.serviceContext, { service: 'svc', version: 'v1' });
    assert.match(String(info.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal('level' in info, false);
    assert.equal('msg' in info, false);
    assert.equal('pid' in info, false);
  });

  it('turns logged errors into Error Reporting events at ERROR and above', () => {
    const logs = new LogCapture();
    const logger = createLogger({ service: 'svc', version: 'v1', destination: logs });
    const err = new Error('kaput');
    logger.error({ err }, 'it broke');
    logger.error(err, 'bare error');
    logger.warn({ err }, 'only a warning');
    const [withObj, bare, warning] = logs.lines;
    for (const l of [withObj!, bare!]) {
      assert.equal(
        l['@type'],
        'type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent',
      );
      assert.match(String(l.stack_trace), /^Error: kaput\n\s+at /);
      assert.equal((l.err as { message: string }).message, 'kaput');
    }
    assert.equal(bare!.message, 'bare error');
    assert.equal(warning!['@type'], undefined);
    assert.equal(warning!.stack_trace, undefined);
  });

  it('keeps primitive error fields and causes, drops object-valued ones', () => {
    const logs = new LogCapture();
    const logger = createLogger({ service: 'svc', version: 'v1', destination: logs });
    const err = Object.assign(new Error('outer', { cause: new Error('inner') }), {
      code: '57P01',
      client: { huge: 'object' },
    });
    logger.warn({ err }, 'failed');
    const logged = logs.lines[0]!.err as Record<string, unknown>;
    assert.equal(logged.type, 'Error');
    assert.equal(logged.message, 'outer');
    assert.equal(logged.code, '57P01');
    assert.equal(logged.client, undefined);
    assert.equal((logged.cause as { message: string }).message, 'inner');
  });

  it('adds the trace and span of the active span', async () => {
    const logs = new LogCapture();
    const logger = createLogger({ service: 'svc', version: 'v1', projectId: 'proj-1', destination: logs });
    // No SDK is needed: a wrapped span context is enough for correlation.
    await startTelemetry(loadContract({ PORT: '1' }).contract, { name: 'svc', version: 'v1' });
    const span = trace.wrapSpanContext({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
    });
    context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
    logger.info('outside');
    assert.equal(logs.lines[0]![TRACE_FIELD], `projects/proj-1/traces/${TRACE_ID}`);
    assert.equal(logs.lines[0]![SPAN_ID_FIELD], SPAN_ID);
    assert.equal(logs.lines[0]![TRACE_SAMPLED_FIELD], true);
    assert.equal(logs.lines[1]![TRACE_FIELD], undefined);
  });

  it('formats latencies as Cloud Logging durations', () => {
    assert.equal(formatSeconds(1234), '1.234s');
    assert.equal(formatSeconds(10_000), '10s');
    assert.equal(formatSeconds(0.5), '0.0005s');
  });
});

describe('incoming trace context', () => {
  it('parses traceparent', () => {
    assert.deepEqual(parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-01`), {
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    assert.equal(parseTraceparent(`00-${'0'.repeat(32)}-${SPAN_ID}-01`), undefined);
    assert.equal(parseTraceparent(`ff-${TRACE_ID}-${SPAN_ID}-01`), undefined);
    assert.equal(parseTraceparent('garbage'), undefined);
  });

  it('parses X-Cloud-Trace-Context (decimal span ID)', () => {
    assert.deepEqual(parseCloudTraceContext(`${TRACE_ID}/123;o=1`), {
      traceId: TRACE_ID,
      spanId: '000000000000007b',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    assert.equal(parseCloudTraceContext(`${TRACE_ID}/0;o=1`), undefined);
    assert.equal(parseCloudTraceContext(`${TRACE_ID}/99999999999999999999999`), undefined);
    assert.equal(parseCloudTraceContext(`${TRACE_ID}`)?.traceFlags, TraceFlags.NONE);
  });

  it('prefers traceparent over X-Cloud-Trace-Context', () => {
    const other = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    assert.equal(
      extractTraceContext({
        traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`,
        'x-cloud-trace-context': `${other}/1;o=1`,
      })?.traceId,
      TRACE_ID,
    );
    assert.equal(
      extractTraceContext({ traceparent: 'bad', 'x-cloud-trace-context': `${other}/1;o=1` })?.traceId,
      other,
    );
    assert.equal(extractTraceContext({}), undefined);
  });
});

describe('telemetry plan and exporters (no network)', () => {
  const prod = loadContract({
    MSP: 'true',
    PORT: '9992',
    ENVIRONMENT_ID: 'prod',
    GOOGLE_CLOUD_PROJECT: 'proj-prod',
    DIAGNOSTICS_SECRET: 'x',
    K_SERVICE: 'acme-api',
    K_REVISION: 'acme-api-00042',
  }).contract;

  it('exports traces and metrics over OTLP to Google in production, for the env project or OTEL_GCP_PROJECT_ID', async () => {
    const plan = planTelemetry(prod, { name: 'acme-api', version: 'v9' });
    assert.equal(plan.exporter, 'otlp');
    assert.equal(plan.metrics, 'otlp');
    assert.equal(plan.endpoint, 'https://telemetry.googleapis.com');
    assert.equal(plan.googleAuth, true);
    assert.equal(plan.detectGcpResource, true);
    assert.equal(plan.projectId, 'proj-prod');
    assert.equal(plan.resource['service.name'], 'acme-api');
    assert.equal(plan.resource['service.version'], 'v9');
    assert.equal(plan.resource['faas.version'], 'acme-api-00042');
    assert.equal(plan.resource['cloud.provider'], 'gcp');
    assert.equal(plan.resource['gcp.project_id'], 'proj-prod');

    // Constructing the exporter does no network I/O (credentials are fetched at the first export).
    const exporter = await createSpanExporter(plan);
    assert.ok(exporter instanceof OTLPTraceExporter);
    await exporter.shutdown();

    const other = loadContract({ ...envOf(prod), OTEL_GCP_PROJECT_ID: 'traces-project' }).contract;
    assert.equal(planTelemetry(other, { name: 'a', version: 'b' }).projectId, 'traces-project');
    // The old value `gcp` still means Cloud Trace, now over OTLP.
    const legacy = loadContract({ ...envOf(prod), OTEL_TRACES_EXPORTER: 'gcp' }).contract;
    assert.equal(legacy.telemetry.exporter, 'otlp');
  });

  it('is off locally unless asked for, and off when OTEL_SDK_DISABLED', async () => {
    const local = loadContract({ PORT: '1' }).contract;
    const plan = planTelemetry(local, { name: 'a', version: 'b' });
    assert.equal(plan.exporter, 'none');
    assert.equal(plan.metrics, 'none');
    assert.equal(plan.detectGcpResource, false);
    assert.equal(await createSpanExporter(plan), undefined);
    const console = loadContract({ PORT: '1', OTEL_TRACES_EXPORTER: 'console' }).contract;
    assert.ok(
      (await createSpanExporter(planTelemetry(console, { name: 'a', version: 'b' }))) instanceof
        ConsoleSpanExporter,
    );
    const disabled = loadContract({ ...envOf(prod), OTEL_SDK_DISABLED: 'true' }).contract;
    assert.equal(planTelemetry(disabled, { name: 'a', version: 'b' }).exporter, 'none');
    assert.equal(planTelemetry(disabled, { name: 'a', version: 'b' }).metrics, 'none');
  });
});

function envOf(c: {
  environmentId: string;
  googleCloudProject: string | undefined;
  port: number | undefined;
}) {
  return {
    MSP: 'true',
    PORT: String(c.port),
    ENVIRONMENT_ID: c.environmentId,
    GOOGLE_CLOUD_PROJECT: c.googleCloudProject ?? '',
    DIAGNOSTICS_SECRET: 'x',
  };
}

describe('log fields', () => {
  it('keeps reserved fields: a caller cannot overwrite severity, message or the trace', () => {
    const logs = new LogCapture();
    const logger = createLogger({ service: 'svc', version: 'v1', destination: logs });
    logger.info(
      { severity: 'CRITICAL', message: 'forged', [TRACE_FIELD]: 'projects/x/traces/y', time: 'then', ok: 1 },
      'real message',
    );
    const line = logs.lines[0]!;
    assert.equal(line.severity, 'INFO');
    assert.equal(line.message, 'real message');
    assert.equal(line[TRACE_FIELD], undefined);
    assert.notEqual(line.time, 'then');
    assert.equal(line['user.severity'], 'CRITICAL');
    assert.equal(line['user.message'], 'forged');
    assert.equal(line.ok, 1);
  });

  it('keeps message and stack of an error under any key', () => {
    const logs = new LogCapture();
    const logger = createLogger({ service: 'svc', version: 'v1', destination: logs });
    logger.error({ cause: new Error('deep down') }, 'wrapped');
    logger.warn({ error: new TypeError('bad type') }, 'warned');
    const [a, b] = logs.lines;
    assert.equal((a!.cause as Record<string, unknown>).message, 'deep down');
    assert.match(String(a!.stack_trace), /deep down/);
    assert.equal((b!.error as Record<string, unknown>).type, 'TypeError');
    assert.match(String((b!.error as Record<string, unknown>).stack), /bad type/);
  });

  it('redacts query string values and takes the client IP from the trusted proxy hop', () => {
    assert.equal(redactUrl('/a?token=s3cret&x=1&flag'), '/a?token=REDACTED&x=REDACTED&flag');
    assert.equal(redactUrl('/a'), '/a');
    // Google's load balancer appends "<client>, <load balancer>"; anything further left is the client's own.
    const xff = { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 35.191.0.1' };
    assert.equal(clientIp(xff, '10.0.0.1', 1), '203.0.113.7');
    assert.equal(clientIp(xff, '10.0.0.1', 2), '6.6.6.6');
    assert.equal(clientIp(xff, '10.0.0.1', 0), '10.0.0.1');
    assert.equal(clientIp({ 'x-forwarded-for': '1.2.3.4' }, '10.0.0.1', 1), '10.0.0.1');
    assert.equal(clientIp({}, '10.0.0.1', 1), '10.0.0.1');
    assert.equal(
      loadContract({ ...envOf({ environmentId: 'p', googleCloudProject: 'p', port: 1 }) }).contract.http
        .trustedProxyHops,
      1,
    );
    assert.equal(loadContract({ PORT: '1' }).contract.http.trustedProxyHops, 0);
  });
});

describe('request spans and request logs', () => {
  const exporter = new InMemorySpanExporter();
  const logs = new LogCapture();
  const contract = loadContract({ PORT: '1', GOOGLE_CLOUD_PROJECT: 'proj-local' }).contract;
  let telemetry: Awaited<ReturnType<typeof startTelemetry>>;
  const logger = createLogger({ service: 'svc', version: 'v1', projectId: 'proj-local', destination: logs });
  let server: HttpServer;
  let port = 0;
  before(async () => {
    telemetry = await startTelemetry(contract, { name: 'svc', version: 'v1' }, { spanExporter: exporter });
    server = new HttpServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      tracer: telemetry.tracer,
      trustedProxyHops: 1,
      handler: async (req, res) => {
        if (req.url?.startsWith('/hello')) setRoute(req, '/hello');
        if (req.url === '/boom') throw new Error('handler exploded');
        logger.info('handling');
        res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'content-length': '2' });
        res.end('ok');
      },
    });
    port = (await server.listen()).port;
  });
  after(async () => {
    await server.drain(Date.now() + 1000);
    await telemetry.shutdown(1000);
  });

  it('creates a server span parented on traceparent, and correlates the logs', async () => {
    exporter.reset();
    logs.lines.length = 0;
    const r = await httpRequest(port, '/hello?x=1', {
      headers: {
        traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`,
        'user-agent': 'ua/1',
        'x-forwarded-for': '6.6.6.6, 203.0.113.7, 35.191.0.1',
      },
    });
    assert.equal(r.status, 200);
    const spans = exporter.getFinishedSpans();
    assert.equal(spans.length, 1);
    const span = spans[0]!;
    assert.equal(span.name, 'GET /hello');
    assert.equal(span.attributes['http.route'], '/hello');
    assert.equal(span.kind, SpanKind.SERVER);
    assert.equal(span.spanContext().traceId, TRACE_ID);
    assert.equal(span.parentSpanContext?.spanId, SPAN_ID);
    assert.equal(span.attributes['http.response.status_code'], 200);

    const handling = logs.find('handling')[0]!;
    assert.equal(handling[TRACE_FIELD], `projects/proj-local/traces/${TRACE_ID}`);
    assert.equal(handling[SPAN_ID_FIELD], span.spanContext().spanId);
    const access = logs.find('GET /hello 200')[0]!;
    assert.equal(access.severity, 'INFO');
    assert.equal(access[TRACE_FIELD], `projects/proj-local/traces/${TRACE_ID}`);
    const hr = access.httpRequest as Record<string, unknown>;
    assert.equal(hr.requestMethod, 'GET');
    assert.equal(hr.requestUrl, '/hello?x=REDACTED');
    assert.equal(hr.status, 200);
    assert.ok(Number(hr.responseSize) > 2, 'headers and body');
    assert.equal(hr.userAgent, 'ua/1');
    assert.equal(hr.protocol, 'HTTP/1.1');
    assert.match(String(hr.latency), /^\d+(\.\d+)?s$/);
    assert.equal(hr.remoteIp, '203.0.113.7');
  });

  it('names a span without a route after the method only, and starts a new trace without incoming context', async () => {
    exporter.reset();
    await httpRequest(port, '/missing/12345');
    const span = exporter.getFinishedSpans()[0]!;
    assert.equal(span.name, 'GET');
    assert.equal(span.parentSpanContext, undefined);
    assert.equal(span.attributes['http.response.status_code'], 404);
  });

  it('turns a throwing handler into a 500, an ERROR log with the request context and an error span', async () => {
    exporter.reset();
    logs.lines.length = 0;
    const r = await httpRequest(port, '/boom', { headers: { 'user-agent': 'ua/2' } });
    assert.equal(r.status, 500);
    assert.deepEqual(r.json(), { error: 'internal server error' });
    const failure = logs.find('request handler failed')[0]!;
    assert.equal(failure.severity, 'ERROR');
    assert.match(String(failure.stack_trace), /handler exploded/);
    assert.match(String((failure.err as Record<string, unknown>).stack), /handler exploded/);
    const reqCtx = (failure.context as { httpRequest: Record<string, unknown> }).httpRequest;
    assert.equal(reqCtx.method, 'GET');
    assert.equal(reqCtx.url, '/boom');
    assert.equal(reqCtx.userAgent, 'ua/2');
    assert.ok(failure[TRACE_FIELD], 'the error line carries the trace');
    assert.equal(logs.find('GET /boom 500')[0]!.severity, 'WARNING');
    const span = exporter.getFinishedSpans()[0]!;
    assert.equal(span.status.code, 2);
    assert.ok(span.events.some((e) => e.name === 'exception'));
  });
});

/** A loopback OTLP/HTTP receiver: records each request's path, content type and raw body. */
async function startOtlpReceiver() {
  const received: { path: string; contentType: string; body: Buffer }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: String(req.headers['content-type']),
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    received,
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('OTLP export to a loopback receiver', () => {
  it('sends spans and metrics (request, data store) as OTLP/protobuf and flushes them at shutdown', async () => {
    const receiver = await startOtlpReceiver();
    const logs = new LogCapture();
    try {
      const contract = loadContract({
        PORT: '0',
        GOOGLE_CLOUD_PROJECT: 'proj-otlp',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      }).contract;
      const plan = planTelemetry(contract, { name: 'otlp-svc', version: 'v1' });
      assert.equal(plan.googleAuth, false, 'no Google credentials for another endpoint');
      const logger = createLogger({ service: 'otlp-svc', version: 'v1', destination: logs });
      const telemetry = await startTelemetry(contract, { name: 'otlp-svc', version: 'v1' }, { logger });
      const metrics = new RuntimeMetrics(telemetry.meter);
      const server = new HttpServer({
        port: 0,
        host: '127.0.0.1',
        logger,
        tracer: telemetry.tracer,
        metrics,
        handler: (req, res) => {
          setRoute(req, '/things/:id');
          metrics.recordDb(0.002, { 'db.system.name': 'postgresql', 'db.operation.name': 'SELECT' });
          res.end('ok');
        },
      });
      const { port } = await server.listen();
      assert.equal((await httpRequest(port, '/things/42')).status, 200);
      await server.drain(Date.now() + 1000);
      const { flushed } = await telemetry.shutdown(5000);
      assert.equal(flushed, true);

      const traces = receiver.received.filter((r) => r.path === '/v1/traces');
      const metricPosts = receiver.received.filter((r) => r.path === '/v1/metrics');
      assert.ok(traces.length >= 1, 'spans were exported');
      assert.ok(metricPosts.length >= 1, 'metrics were exported');
      assert.equal(traces[0]!.contentType, 'application/x-protobuf');
      // Protobuf keeps strings as raw UTF-8: the route-template span name and resource are in the bytes.
      const traceBytes = Buffer.concat(traces.map((t) => t.body)).toString('latin1');
      assert.ok(traceBytes.includes('GET /things/:id'), 'span named after the route template');
      assert.ok(!traceBytes.includes('/things/42 '), 'no raw path as a name');
      assert.ok(traceBytes.includes('otlp-svc'));
      assert.ok(traceBytes.includes('proj-otlp'), 'resource names the project logs use');
      const metricBytes = Buffer.concat(metricPosts.map((m) => m.body)).toString('latin1');
      for (const name of [
        'http.server.request.duration',
        'http.server.active_requests',
        'db.client.operation.duration',
      ])
        assert.ok(metricBytes.includes(name), `metric ${name} exported`);
    } finally {
      await receiver.close();
    }
  });

  it('logs an export failure once, and a hung collector cannot hold the shutdown', async () => {
    // A receiver that accepts connections and never answers.
    const hung = createServer(() => {});
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(hung.address() as { port: number }).port}`;
    const refused = createServer();
    await new Promise<void>((r) => refused.listen(0, '127.0.0.1', r));
    const refusedEndpoint = `http://127.0.0.1:${(refused.address() as { port: number }).port}`;
    await new Promise<void>((r) => refused.close(() => r()));
    try {
      const logs = new LogCapture();
      const logger = createLogger({ service: 's', version: 'v', destination: logs });
      const c1 = loadContract({
        PORT: '0',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: refusedEndpoint,
      }).contract;
      const t1 = await startTelemetry(c1, { name: 's', version: 'v' }, { logger });
      for (let i = 0; i < 3; i++) {
        t1.tracer.startSpan(`span ${i}`).end();
        // Each flush fails against the closed port.
        await (trace.getTracerProvider() as unknown as { getDelegate(): { forceFlush(): Promise<void> } })
          .getDelegate()
          .forceFlush()
          .catch(() => {});
      }
      await t1.shutdown(2000);
      const failures = logs.lines.filter((l) => String(l.message).startsWith('telemetry:'));
      assert.equal(failures.length, 1, JSON.stringify(logs.lines));

      const c2 = loadContract({
        PORT: '0',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      }).contract;
      const t2 = await startTelemetry(c2, { name: 's', version: 'v' }, { logger });
      t2.tracer.startSpan('never delivered').end();
      const { flushed } = await t2.shutdown(300);
      assert.equal(flushed, false, 'gave up on the hung collector instead of waiting');
    } finally {
      hung.closeAllConnections();
      await new Promise<void>((r) => hung.close(() => r()));
    }
  });
});

describe('outgoing HTTP spans', () => {
  it('creates CLIENT spans for fetch (with traceparent) and node:http inside a traced operation', async () => {
    const { traceOutgoingHttp } = await import('../src/index.ts');
    const { get } = await import('node:http');
    const exporter = new InMemorySpanExporter();
    const contract = loadContract({ PORT: '0' }).contract;
    const telemetry = await startTelemetry(contract, { name: 's', version: 'v' }, { spanExporter: exporter });
    const seen: (string | undefined)[] = [];
    const target = createServer((req, res) => {
      seen.push(req.headers.traceparent as string | undefined);
      res.end('ok');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const port = (target.address() as { port: number }).port;
    const untrace = traceOutgoingHttp(telemetry.tracer);
    try {
      await telemetry.tracer.startActiveSpan('parent', async (parent) => {
        await (await fetch(`http://127.0.0.1:${port}/f?secret=1`)).text();
        await new Promise<void>((resolve, reject) =>
          get(`http://127.0.0.1:${port}/h`, (res) => {
            res.resume();
            res.on('end', resolve);
          }).on('error', reject),
        );
        parent.end();
      });
      // Outside any span: no client span.
      await (await fetch(`http://127.0.0.1:${port}/outside`)).text();
      const spans = exporter.getFinishedSpans();
      const parent = spans.find((s) => s.name === 'parent')!;
      const clients = spans.filter((s) => s.kind === SpanKind.CLIENT);
      assert.equal(clients.length, 2, spans.map((s) => s.name).join(', '));
      for (const c of clients) {
        assert.equal(c.name, 'GET');
        assert.equal(c.parentSpanContext?.spanId, parent.spanContext().spanId);
        assert.equal(c.attributes['http.response.status_code'], 200);
        assert.ok(!String(c.attributes['url.full']).includes('secret'), 'no query string on the span');
      }
      const fetchSpan = clients.find((c) => String(c.attributes['url.full']).endsWith('/f'))!;
      assert.equal(seen[0], `00-${fetchSpan.spanContext().traceId}-${fetchSpan.spanContext().spanId}-01`);
    } finally {
      untrace();
      target.close();
      await telemetry.shutdown(1000);
    }
  });
});
