import { context, isSpanContextValid, type SpanContext, TraceFlags, trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../contract/contract.ts';

export type { Logger } from 'pino';

/** Cloud Logging's field for the trace a log entry belongs to. */
export const TRACE_FIELD = 'logging.googleapis.com/trace';
/** Cloud Logging's field for the span a log entry belongs to. */
export const SPAN_ID_FIELD = 'logging.googleapis.com/spanId';
/** Cloud Logging's field telling whether the trace was sampled. */
export const TRACE_SAMPLED_FIELD = 'logging.googleapis.com/trace_sampled';

const ERROR_EVENT_TYPE = 'type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent';

const SEVERITY: Record<string, string> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};

/**
 * Serialises an error for a log line: type, message, stack, the error's own primitive fields
 * (`code`, `errno`, `detail`, ...), and its `cause` / aggregated errors, a few levels deep.
 * Object-valued fields are left out: drivers hang whole clients and sockets on their errors.
 */
export function serializeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, unknown> = {
    type: err.constructor?.name ?? err.name,
    message: err.message,
    stack: err.stack,
  };
  for (const [k, v] of Object.entries(err)) {
    if (k in out || k === 'cause') continue;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  if (depth < 3) {
    if (err.cause !== undefined) out.cause = serializeError(err.cause, depth + 1);
    if (err instanceof AggregateError)
      out.errors = err.errors.slice(0, 5).map((e) => serializeError(e, depth + 1));
  }
  return out;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Service name, written as `serviceContext.service` (read by Error Reporting). */
  service: string;
  /** Service version, written as `serviceContext.version`. */
  version: string;
  /** Minimum level; default `info`. */
  level?: LogLevel;
  /** GCP project for the trace field (`projects/<p>/traces/<id>`); without it the bare trace ID is written. */
  projectId?: string | undefined;
  /** Where to write JSON lines; default stdout (synchronous, so nothing is lost at exit). */
  destination?: DestinationStream;
}

/**
 * The Cloud Logging correlation fields for a span context.
 *
 * @returns `logging.googleapis.com/trace`, `.../spanId` and `.../trace_sampled`.
 */
export function traceLogFields(sc: SpanContext, projectId: string | undefined): Record<string, unknown> {
  return {
    [TRACE_FIELD]: projectId === undefined ? sc.traceId : `projects/${projectId}/traces/${sc.traceId}`,
    [SPAN_ID_FIELD]: sc.spanId,
    [TRACE_SAMPLED_FIELD]: (sc.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
  };
}

/**
 * Creates a pino logger writing one JSON object per line in Cloud Logging's structured format:
 * `severity` (DEBUG, INFO, WARNING, ERROR, CRITICAL), `message`, `time` (RFC 3339),
 * `serviceContext`, and, whenever a span is active in the current OpenTelemetry context, the
 * trace/span correlation fields. Errors logged under `err` at ERROR or above also carry
 * `stack_trace` and the Error Reporting `@type`, so they are grouped as errors.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const projectId = opts.projectId;
  return pino(
    {
      level: opts.level ?? 'info',
      messageKey: 'message',
      errorKey: 'err',
      serializers: { err: serializeError },
      base: { serviceContext: { service: opts.service, version: opts.version } },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level(label) {
          return { severity: SEVERITY[label] ?? 'DEFAULT' };
        },
      },
      mixin(mergeObject, level) {
        let fields: Record<string, unknown> = {};
        const err = (mergeObject as { err?: { stack?: unknown } }).err;
        if (level >= 50 && err !== undefined && typeof err.stack === 'string') {
          fields = { stack_trace: err.stack, '@type': ERROR_EVENT_TYPE };
        }
        if (TRACE_FIELD in mergeObject) return fields;
        const span = trace.getSpan(context.active());
        if (span === undefined || !isSpanContextValid(span.spanContext())) return fields;
        return { ...fields, ...traceLogFields(span.spanContext(), projectId) };
      },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
