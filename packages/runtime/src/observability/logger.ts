import { context, isSpanContextValid, type SpanContext, TraceFlags, trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../contract/contract.ts';
import { currentRequest } from '../http/request-context.ts';

export type { Logger } from 'pino';

/** Cloud Logging's field for the trace a log entry belongs to. */
export const TRACE_FIELD = 'logging.googleapis.com/trace';
/** Cloud Logging's field for the span a log entry belongs to. */
export const SPAN_ID_FIELD = 'logging.googleapis.com/spanId';
/** Cloud Logging's field telling whether the trace was sampled. */
export const TRACE_SAMPLED_FIELD = 'logging.googleapis.com/trace_sampled';

const ERROR_EVENT_TYPE = 'type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent';

/**
 * Fields the runtime writes and Cloud Logging interprets. A caller's field of the same name is
 * kept, renamed `user.<name>`, so it can neither forge a severity or a trace nor be lost.
 */
export const RESERVED_LOG_FIELDS = [
  'severity',
  'message',
  'time',
  'serviceContext',
  'stack_trace',
  '@type',
  'context',
  'httpRequest',
  TRACE_FIELD,
  SPAN_ID_FIELD,
  TRACE_SAMPLED_FIELD,
] as const;
const RESERVED = new Set<string>(RESERVED_LOG_FIELDS);
/** Reserved fields the runtime itself passes in the merge object. */
const RUNTIME_PASSED = new Set<string>(['httpRequest']);

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
 * trace/span correlation fields. Errors (under `err` or any other key) keep type, message,
 * stack and cause; at ERROR or above the line also carries `stack_trace` and the Error Reporting
 * `@type`, so it is grouped as an error, and, inside a request, `context.httpRequest` (method,
 * redacted URL, route, user agent, client IP). Reserved fields ({@link RESERVED_LOG_FIELDS})
 * cannot be overwritten by the caller: a clashing field is renamed `user.<name>`.
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
        const fields: Record<string, unknown> = {};
        const m = mergeObject as Record<string, unknown>;
        if (level >= 50) {
          // The first error found (under `err` or any other key) gives the Error Reporting stack.
          const stack = firstErrorStack(m);
          if (stack !== undefined) {
            fields.stack_trace = stack;
            fields['@type'] = ERROR_EVENT_TYPE;
          }
          const req = currentRequest();
          if (req !== undefined) {
            fields.context = {
              httpRequest: {
                method: req.method,
                url: req.url,
                ...(req.route === undefined ? {} : { route: req.route }),
                ...(req.userAgent === undefined ? {} : { userAgent: req.userAgent }),
                ...(req.referer === undefined ? {} : { referrer: req.referer }),
                ...(req.remoteIp === undefined ? {} : { remoteIp: req.remoteIp }),
              },
            };
          }
        }
        const span = trace.getSpan(context.active());
        if (span !== undefined && isSpanContextValid(span.spanContext())) {
          Object.assign(fields, traceLogFields(span.spanContext(), projectId));
        }
        return fields;
      },
      mixinMergeStrategy(mergeObject, mixinObject) {
        // A copy: the caller's object is not ours to change.
        const out: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(mergeObject as Record<string, unknown>)) {
          if (RESERVED.has(key) && !RUNTIME_PASSED.has(key)) {
            out[`user.${key}`] = v instanceof Error ? serializeError(v) : v;
          } else if (v instanceof Error && key !== 'err') {
            // An Error under any key keeps its message and stack (JSON.stringify would give {}).
            out[key] = serializeError(v);
          } else out[key] = v;
        }
        return Object.assign(out, mixinObject);
      },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

function firstErrorStack(m: Record<string, unknown>): string | undefined {
  const err = m.err;
  if (err instanceof Error && typeof err.stack === 'string') return err.stack;
  if (typeof (err as { stack?: unknown } | undefined)?.stack === 'string')
    return (err as { stack: string }).stack;
  for (const v of Object.values(m)) if (v instanceof Error && typeof v.stack === 'string') return v.stack;
  return undefined;
}
