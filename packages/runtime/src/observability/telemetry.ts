import { randomUUID } from 'node:crypto';
import { context, DiagLogLevel, diag, type Meter, metrics, type Tracer, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { MetricReader, PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';
import {
  type Contract,
  GOOGLE_OTLP_ENDPOINT,
  type MetricsExporter,
  type TracesExporter,
} from '../contract/contract.ts';
import { errorMessage } from '../diagnostics/health.ts';

/** Name of the tracer and meter the runtime's own spans and instruments are created with. */
export const TRACER_NAME = '@msp/runtime';

/** Interval of the periodic metric export: Cloud Monitoring accepts one point per 10 s at most; 30 s as the Go runtime. */
export const METRIC_EXPORT_INTERVAL_MS = 30_000;

/** What {@link startTelemetry} will set up, decided from the contract alone. */
export interface TelemetryPlan {
  /** `otlp`: OTLP/HTTP (Cloud Trace in production); `console`: stdout (local); `none`: no export. */
  exporter: TracesExporter;
  /** `otlp`: OTLP/HTTP (Cloud Monitoring in production); `prometheus`: `/-/metrics` (local); `none`. */
  metrics: MetricsExporter;
  /** OTLP/HTTP base URL; `/v1/traces` and `/v1/metrics` are appended. */
  endpoint: string;
  /** Whether requests to the endpoint carry Google credentials (the endpoint is Google's). */
  googleAuth: boolean;
  /** Project traces and metrics are written to (`OTEL_GCP_PROJECT_ID`, else `GOOGLE_CLOUD_PROJECT`). */
  projectId: string | undefined;
  /** Whether to ask the GCP resource detector (metadata server) for more attributes: on Cloud Run only. */
  detectGcpResource: boolean;
  /** OpenTelemetry resource attributes known without I/O. */
  resource: Record<string, string>;
}

/** Running telemetry; call {@link Telemetry.shutdown} once at exit to flush spans and metrics. */
export interface Telemetry {
  readonly plan: TelemetryPlan;
  /** The tracer for the runtime's and the service's spans (no-op when tracing is off). */
  readonly tracer: Tracer;
  /** The meter for the runtime's and the service's instruments (no-op when metrics are off). */
  readonly meter: Meter;
  /** Serves the Prometheus text format when the plan says `prometheus`. */
  readonly prometheus:
    | ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void)
    | undefined;
  /** Flushes and stops exporting; resolves after at most `timeoutMs`, never rejects. */
  shutdown(timeoutMs: number): Promise<{ flushed: boolean }>;
}

/**
 * Decides the telemetry setup from the contract. Pure; does no I/O.
 *
 * Production (`MSP=true`): traces and metrics over OTLP/HTTP to Google's endpoint, with Google
 * credentials and the `x-goog-user-project` of the trace project. Locally: nothing unless asked
 * (`OTEL_TRACES_EXPORTER=otlp|console`, `OTEL_METRICS_EXPORTER=otlp|prometheus`).
 */
export function planTelemetry(contract: Contract, service: { name: string; version: string }): TelemetryPlan {
  const resource: Record<string, string> = {
    'service.name': service.name,
    'service.version': service.version,
    'service.instance.id': randomUUID(),
    'service.namespace': contract.environmentId,
    'deployment.environment.name': contract.environmentId,
  };
  if (contract.msp) resource['cloud.provider'] = 'gcp';
  const projectId = contract.telemetry.gcpProjectId;
  // The project the data is written to, so resource, logs' trace field and spans agree.
  if (projectId !== undefined) resource['gcp.project_id'] = projectId;
  if (contract.googleCloudProject !== undefined) resource['cloud.account.id'] = contract.googleCloudProject;
  const faasName = contract.cloudRun.service ?? contract.cloudRun.job;
  if (faasName !== undefined) resource['faas.name'] = faasName;
  if (contract.cloudRun.revision !== undefined) resource['faas.version'] = contract.cloudRun.revision;
  const endpoint = contract.telemetry.otlpEndpoint;
  return {
    exporter: contract.telemetry.disabled ? 'none' : contract.telemetry.exporter,
    metrics: contract.telemetry.disabled ? 'none' : contract.telemetry.metrics,
    endpoint,
    googleAuth: new URL(endpoint).hostname === new URL(GOOGLE_OTLP_ENDPOINT).hostname,
    projectId,
    detectGcpResource: contract.msp && faasName !== undefined && !contract.telemetry.disabled,
    resource,
  };
}

/**
 * The headers of every OTLP request: Google credentials (Application Default Credentials, the
 * workload identity on Cloud Run) plus `x-goog-user-project` when the endpoint is Google's;
 * none otherwise. Credentials are fetched at the first export, not here.
 */
function otlpHeaders(plan: TelemetryPlan): () => Promise<Record<string, string>> {
  if (!plan.googleAuth) return async () => ({});
  let auth: Promise<{ getRequestHeaders(): Promise<Headers> }> | undefined;
  return async () => {
    auth ??= import('google-auth-library').then(
      (m) => new m.GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] }),
    );
    const headers = await (await auth).getRequestHeaders();
    const out: Record<string, string> = {};
    headers.forEach((v, k) => {
      out[k] = v;
    });
    if (plan.projectId !== undefined) out['x-goog-user-project'] = plan.projectId;
    return out;
  };
}

/**
 * Builds the span exporter for a plan: OTLP/HTTP (protobuf) to `<endpoint>/v1/traces`, or the
 * console exporter. Constructing it does no network I/O. Loads the exporter module on demand.
 *
 * @returns `undefined` for `none`.
 */
export async function createSpanExporter(plan: TelemetryPlan): Promise<SpanExporter | undefined> {
  switch (plan.exporter) {
    case 'otlp': {
      const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
      return new OTLPTraceExporter({ url: `${plan.endpoint}/v1/traces`, headers: otlpHeaders(plan) });
    }
    case 'console': {
      const { ConsoleSpanExporter } = await import('@opentelemetry/sdk-trace-base');
      return new ConsoleSpanExporter();
    }
    case 'none':
      return undefined;
  }
}

/**
 * Builds the metric exporter for an `otlp` plan: OTLP/HTTP (protobuf) to `<endpoint>/v1/metrics`
 * with cumulative temporality (what Cloud Monitoring expects). Loads the module on demand.
 */
export async function createMetricExporter(plan: TelemetryPlan): Promise<PushMetricExporter> {
  const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-proto');
  return new OTLPMetricExporter({ url: `${plan.endpoint}/v1/metrics`, headers: otlpHeaders(plan) });
}

let contextManagerInstalled = false;

/** Registers an AsyncLocalStorage context manager once, so spans and log correlation follow async calls. */
function ensureContextManager(): void {
  if (contextManagerInstalled) return;
  contextManagerInstalled = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

/**
 * Routes OpenTelemetry's own diagnostics and export errors into the JSON log, each distinct
 * message once (an unreachable collector would otherwise log on every batch), so nothing but
 * JSON reaches stdout or stderr.
 */
async function routeTelemetryErrors(logger: Logger | undefined): Promise<void> {
  const { setGlobalErrorHandler } = await import('@opentelemetry/core');
  const seen = new Set<string>();
  const once = (level: 'warn' | 'error', text: string, err?: unknown) => {
    const key = text.slice(0, 200);
    if (seen.has(key) || seen.size > 100) return;
    seen.add(key);
    logger?.[level](
      err === undefined ? {} : { err },
      `telemetry: ${text} (further identical messages are not logged)`,
    );
  };
  setGlobalErrorHandler((err) => once('warn', `export failed: ${errorMessage(err)}`, err));
  diag.setLogger(
    {
      error: (msg, ...args) => once('error', [msg, ...args.map((a) => errorMessage(a))].join(' ')),
      warn: (msg, ...args) => once('warn', [msg, ...args.map((a) => errorMessage(a))].join(' ')),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
}

/** Options of {@link startTelemetry}. */
export interface StartTelemetryOptions {
  /** Replaces the planned span exporter (tests use an in-memory one). */
  spanExporter?: SpanExporter;
  /** Replaces the planned metric reader (tests use an in-memory one). */
  metricReader?: MetricReader;
  /** Where export errors are logged (once each). */
  logger?: Logger;
}

/**
 * Starts OpenTelemetry as planned by {@link planTelemetry}: a tracer provider with a batching
 * exporter (simple for an injected or console exporter), a meter provider with a periodic OTLP
 * reader or a Prometheus reader, W3C trace-context propagation, and the GCP resource detector
 * on Cloud Run. Exporter modules load only when used. Without any export, no SDK is loaded at
 * all (the context manager is still installed so incoming trace IDs reach the logs).
 */
export async function startTelemetry(
  contract: Contract,
  service: { name: string; version: string },
  opts: StartTelemetryOptions = {},
): Promise<Telemetry> {
  const plan = planTelemetry(contract, service);
  const exporter = opts.spanExporter ?? (await createSpanExporter(plan));
  const wantMetrics = opts.metricReader !== undefined || plan.metrics !== 'none';
  ensureContextManager();
  if (exporter === undefined && !wantMetrics) {
    return {
      plan,
      tracer: trace.getTracer(TRACER_NAME, service.version),
      meter: metrics.getMeter(TRACER_NAME, service.version),
      prometheus: undefined,
      shutdown: async () => ({ flushed: true }),
    };
  }
  await routeTelemetryErrors(opts.logger);

  const { resourceFromAttributes, detectResources } = await import('@opentelemetry/resources');
  let resource = resourceFromAttributes(plan.resource);
  if (plan.detectGcpResource) {
    const { gcpDetector } = await import('@opentelemetry/resource-detector-gcp');
    // Detected attributes resolve in the background (metadata server); our own win on conflict.
    resource = detectResources({ detectors: [gcpDetector] }).merge(resource);
  }

  const stops: (() => Promise<void>)[] = [];
  if (exporter !== undefined) {
    const { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor } = await import(
      '@opentelemetry/sdk-trace-base'
    );
    const { W3CTraceContextPropagator } = await import('@opentelemetry/core');
    const { propagation } = await import('@opentelemetry/api');
    const processor: SpanProcessor =
      plan.exporter === 'otlp' && opts.spanExporter === undefined
        ? new BatchSpanProcessor(exporter)
        : new SimpleSpanProcessor(exporter);
    const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
    trace.setGlobalTracerProvider(provider);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    stops.push(() => provider.shutdown());
  }

  let prometheus: Telemetry['prometheus'];
  if (wantMetrics) {
    const { MeterProvider, PeriodicExportingMetricReader } = await import('@opentelemetry/sdk-metrics');
    const readers: MetricReader[] = [];
    if (opts.metricReader !== undefined) readers.push(opts.metricReader);
    else if (plan.metrics === 'otlp') {
      readers.push(
        new PeriodicExportingMetricReader({
          exporter: await createMetricExporter(plan),
          exportIntervalMillis: METRIC_EXPORT_INTERVAL_MS,
          exportTimeoutMillis: 10_000,
        }),
      );
    } else if (plan.metrics === 'prometheus') {
      const { PrometheusExporter } = await import('@opentelemetry/exporter-prometheus');
      const prom = new PrometheusExporter({ preventServerStart: true });
      readers.push(prom);
      prometheus = (req, res) => prom.getMetricsRequestHandler(req, res);
    }
    const provider = new MeterProvider({ resource, readers });
    metrics.setGlobalMeterProvider(provider);
    stops.push(() => provider.shutdown());
  }

  return {
    plan,
    tracer: trace.getTracer(TRACER_NAME, service.version),
    meter: metrics.getMeter(TRACER_NAME, service.version),
    prometheus,
    async shutdown(timeoutMs) {
      // A hung exporter must not hold the process: give up after the timeout, never reject.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs));
        timer.unref();
      });
      const done = Promise.all(stops.map((s) => s().catch(() => {}))).then(() => 'done' as const);
      const outcome = await Promise.race([done, timeout]);
      clearTimeout(timer);
      trace.disable();
      metrics.disable();
      if (outcome === 'timeout') {
        opts.logger?.warn({ timeoutMs }, 'telemetry: flush did not finish in time; remaining data dropped');
      }
      return { flushed: outcome === 'done' };
    },
  };
}
