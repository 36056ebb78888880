import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TraceExporter } from '@google-cloud/opentelemetry-cloud-trace-exporter';
import { context, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { ConsoleSpanExporter, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  createLogger,
  createSpanExporter,
  extractTraceContext,
  formatSeconds,
  HttpServer,
  loadContract,
  parseCloudTraceContext,
  parseTraceparent,
  planTelemetry,
  SPAN_ID_FIELD,
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

  it('adds the trace and span of the active span', () => {
    const logs = new LogCapture();
    const logger = createLogger({ service: 'svc', version: 'v1', projectId: 'proj-1', destination: logs });
    // No SDK is needed: a wrapped span context is enough for correlation.
    startTelemetry(loadContract({ PORT: '1' }).contract, { name: 'svc', version: 'v1' });
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

  it('exports to Cloud Trace in production, to the env project or OTEL_GCP_PROJECT_ID', async () => {
    const plan = planTelemetry(prod, { name: 'acme-api', version: 'v9' });
    assert.equal(plan.exporter, 'gcp');
    assert.equal(plan.projectId, 'proj-prod');
    assert.equal(plan.resource['service.name'], 'acme-api');
    assert.equal(plan.resource['service.version'], 'v9');
    assert.equal(plan.resource['faas.version'], 'acme-api-00042');
    assert.equal(plan.resource['cloud.provider'], 'gcp');

    const exporter = createSpanExporter(plan);
    assert.ok(exporter instanceof TraceExporter);
    // The exporter resolves its project from the option, without asking the metadata server.
    const projectId = await (exporter as unknown as { _projectId: Promise<string> })._projectId;
    assert.equal(projectId, 'proj-prod');
    await exporter.shutdown();

    const other = loadContract({ ...envOf(prod), OTEL_GCP_PROJECT_ID: 'traces-project' }).contract;
    assert.equal(planTelemetry(other, { name: 'a', version: 'b' }).projectId, 'traces-project');
  });

  it('is off locally unless asked for stdout, and off when OTEL_SDK_DISABLED', () => {
    const local = loadContract({ PORT: '1' }).contract;
    assert.equal(planTelemetry(local, { name: 'a', version: 'b' }).exporter, 'none');
    assert.equal(createSpanExporter(planTelemetry(local, { name: 'a', version: 'b' })), undefined);
    const console = loadContract({ PORT: '1', OTEL_TRACES_EXPORTER: 'console' }).contract;
    assert.ok(
      createSpanExporter(planTelemetry(console, { name: 'a', version: 'b' })) instanceof ConsoleSpanExporter,
    );
    const disabled = loadContract({ ...envOf(prod), OTEL_SDK_DISABLED: 'true' }).contract;
    assert.equal(planTelemetry(disabled, { name: 'a', version: 'b' }).exporter, 'none');
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

describe('request spans and request logs', () => {
  const exporter = new InMemorySpanExporter();
  const logs = new LogCapture();
  const contract = loadContract({ PORT: '1', GOOGLE_CLOUD_PROJECT: 'proj-local' }).contract;
  const telemetry = startTelemetry(contract, { name: 'svc', version: 'v1' }, { spanExporter: exporter });
  const logger = createLogger({ service: 'svc', version: 'v1', projectId: 'proj-local', destination: logs });
  const server = new HttpServer({
    port: 0,
    host: '127.0.0.1',
    logger,
    tracer: telemetry.tracer,
    handler: async (req, res) => {
      if (req.url === '/boom') throw new Error('handler exploded');
      logger.info('handling');
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-length': '2' });
      res.end('ok');
    },
  });
  let port = 0;
  before(async () => {
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
      headers: { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`, 'user-agent': 'ua/1' },
    });
    assert.equal(r.status, 200);
    const spans = exporter.getFinishedSpans();
    assert.equal(spans.length, 1);
    const span = spans[0]!;
    assert.equal(span.name, 'GET /hello');
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
    assert.equal(hr.requestUrl, '/hello?x=1');
    assert.equal(hr.status, 200);
    assert.ok(Number(hr.responseSize) > 2, 'headers and body');
    assert.equal(hr.userAgent, 'ua/1');
    assert.equal(hr.protocol, 'HTTP/1.1');
    assert.match(String(hr.latency), /^\d+(\.\d+)?s$/);
    assert.match(String(hr.remoteIp), /127\.0\.0\.1/);
  });

  it('starts a new trace without incoming context', async () => {
    exporter.reset();
    await httpRequest(port, '/missing');
    const span = exporter.getFinishedSpans()[0]!;
    assert.equal(span.parentSpanContext, undefined);
    assert.equal(span.attributes['http.response.status_code'], 404);
  });

  it('turns a throwing handler into a 500, an ERROR log and an error span', async () => {
    exporter.reset();
    logs.lines.length = 0;
    const r = await httpRequest(port, '/boom');
    assert.equal(r.status, 500);
    assert.deepEqual(r.json(), { error: 'internal server error' });
    const failure = logs.find('request handler failed')[0]!;
    assert.equal(failure.severity, 'ERROR');
    assert.match(String(failure.stack_trace), /handler exploded/);
    assert.equal(logs.find('GET /boom 500')[0]!.severity, 'WARNING');
    assert.equal(exporter.getFinishedSpans()[0]!.status.code, 2);
  });
});
