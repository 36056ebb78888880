import type { IncomingHttpHeaders } from 'node:http';
import { isSpanContextValid, type SpanContext, TraceFlags } from '@opentelemetry/api';

const TRACEPARENT_RE = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})(-.*)?$/;
const CLOUD_TRACE_RE = /^([\da-f]{32})(?:\/(\d{1,20}))?(?:;o=([01]))?/i;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Parses a W3C `traceparent` header value.
 *
 * @returns the remote span context, or `undefined` when the value is malformed or all-zero.
 */
export function parseTraceparent(value: string): SpanContext | undefined {
  const m = TRACEPARENT_RE.exec(value.trim().toLowerCase());
  if (m === null || m[1] === 'ff' || (m[1] === '00' && m[5] !== undefined)) return undefined;
  const sc: SpanContext = {
    traceId: m[2]!,
    spanId: m[3]!,
    traceFlags: Number.parseInt(m[4]!, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  return isSpanContextValid(sc) ? sc : undefined;
}

/**
 * Parses Google's `X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=OPTIONS` header value (span ID in
 * decimal), which Cloud Run and Google's load balancers add.
 *
 * @returns the remote span context, or `undefined` when the value is malformed.
 */
export function parseCloudTraceContext(value: string): SpanContext | undefined {
  const m = CLOUD_TRACE_RE.exec(value.trim());
  if (m === null) return undefined;
  let spanId = '0000000000000001';
  if (m[2] !== undefined) {
    const n = BigInt(m[2]);
    if (n === 0n || n >= 1n << 64n) return undefined;
    spanId = n.toString(16).padStart(16, '0');
  }
  const sc: SpanContext = {
    traceId: m[1]!.toLowerCase(),
    spanId,
    traceFlags: m[3] === '1' ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  };
  return isSpanContextValid(sc) ? sc : undefined;
}

/**
 * The caller's trace context from request headers: `traceparent` first, then
 * `X-Cloud-Trace-Context`.
 *
 * @returns `undefined` when neither header is present and valid.
 */
export function extractTraceContext(headers: IncomingHttpHeaders): SpanContext | undefined {
  const tp = header(headers, 'traceparent');
  if (tp !== undefined) {
    const sc = parseTraceparent(tp);
    if (sc !== undefined) return sc;
  }
  const ct = header(headers, 'x-cloud-trace-context');
  return ct === undefined ? undefined : parseCloudTraceContext(ct);
}
