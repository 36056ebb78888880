import { randomUUID } from 'node:crypto';
import { TraceExporter } from '@google-cloud/opentelemetry-cloud-trace-exporter';
import { context, type Tracer, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { Contract, TracesExporter } from '../contract/contract.ts';

/** Name of the tracer the runtime's own spans (HTTP server, PostgreSQL) are created with. */
export const TRACER_NAME = '@msp/runtime';

/** What {@link startTelemetry} will set up, decided from the contract alone. */
export interface TelemetryPlan {
  /** `gcp`: Cloud Trace (production); `console`: stdout (local); `none`: no export. */
  exporter: TracesExporter;
  /** Project the Cloud Trace exporter writes to (`OTEL_GCP_PROJECT_ID`, else `GOOGLE_CLOUD_PROJECT`). */
  projectId: string | undefined;
  /** OpenTelemetry resource attributes. */
  resource: Record<string, string>;
}

/** Running telemetry; call {@link Telemetry.shutdown} once at exit to flush spans. */
export interface Telemetry {
  readonly plan: TelemetryPlan;
  /** The tracer for the runtime's and the service's spans (a no-op tracer when export is off). */
  readonly tracer: Tracer;
  /** Flushes and stops exporting; resolves after at most `timeoutMs`, never rejects. */
  shutdown(timeoutMs: number): Promise<void>;
}

/**
 * Decides the tracing setup from the contract: Cloud Trace when `MSP=true` (unless
 * `OTEL_SDK_DISABLED` or `OTEL_TRACES_EXPORTER=none`), stdout when `OTEL_TRACES_EXPORTER=console`
 * locally, otherwise none. Pure; does no I/O.
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
  if (contract.googleCloudProject !== undefined) resource['cloud.account.id'] = contract.googleCloudProject;
  const faasName = contract.cloudRun.service ?? contract.cloudRun.job;
  if (faasName !== undefined) resource['faas.name'] = faasName;
  if (contract.cloudRun.revision !== undefined) resource['faas.version'] = contract.cloudRun.revision;
  return {
    exporter: contract.telemetry.disabled ? 'none' : contract.telemetry.exporter,
    projectId: contract.telemetry.gcpProjectId,
    resource,
  };
}

/**
 * Builds the span exporter for a plan: a Google Cloud Trace exporter bound to the plan's project,
 * or a console exporter. Constructing the Cloud Trace exporter does no network I/O (credentials
 * are looked up on first export).
 *
 * @returns `undefined` for `none`.
 */
export function createSpanExporter(plan: TelemetryPlan): SpanExporter | undefined {
  switch (plan.exporter) {
    case 'gcp':
      return new TraceExporter(plan.projectId === undefined ? {} : { projectId: plan.projectId });
    case 'console':
      return new ConsoleSpanExporter();
    case 'none':
      return undefined;
  }
}

let contextManagerInstalled = false;

/** Registers an AsyncLocalStorage context manager once, so spans and log correlation follow async calls. */
function ensureContextManager(): void {
  if (contextManagerInstalled) return;
  contextManagerInstalled = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

/**
 * Starts OpenTelemetry tracing as planned by {@link planTelemetry}: the Node SDK with a batching
 * Cloud Trace exporter in production, a console exporter locally on request, and no SDK at all
 * otherwise (the context manager is still installed so incoming trace IDs reach the logs).
 * Metrics and log export of the SDK are switched off explicitly (they default to OTLP).
 *
 * @param opts.spanExporter replaces the planned exporter (tests use an in-memory one).
 */
export function startTelemetry(
  contract: Contract,
  service: { name: string; version: string },
  opts: { spanExporter?: SpanExporter } = {},
): Telemetry {
  const plan = planTelemetry(contract, service);
  const exporter = opts.spanExporter ?? createSpanExporter(plan);
  if (exporter === undefined) {
    ensureContextManager();
    return { plan, tracer: trace.getTracer(TRACER_NAME, service.version), shutdown: async () => {} };
  }
  const processor: SpanProcessor =
    plan.exporter === 'gcp' && opts.spanExporter === undefined
      ? new BatchSpanProcessor(exporter)
      : new SimpleSpanProcessor(exporter);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes(plan.resource),
    autoDetectResources: false,
    spanProcessors: [processor],
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  contextManagerInstalled = true;
  return {
    plan,
    tracer: trace.getTracer(TRACER_NAME, service.version),
    async shutdown(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, timeoutMs));
      });
      await Promise.race([sdk.shutdown().catch(() => {}), timeout]);
      clearTimeout(timer);
    },
  };
}
