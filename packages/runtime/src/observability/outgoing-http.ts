import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import {
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';

interface UndiciRequest {
  origin?: string | URL;
  path?: string;
  method?: string;
  addHeader?(name: string, value: string): unknown;
}

/**
 * Creates CLIENT spans for outgoing HTTP requests made inside a traced operation, through Node's
 * diagnostics channels (no monkey-patching): `fetch` (undici) requests also carry the W3C
 * `traceparent` of their span; `node:http` requests get a span (their headers are already sent
 * when the channel reports them, so they carry no `traceparent`). Requests made outside any span
 * are left alone.
 *
 * @returns a function that unsubscribes.
 */
export function traceOutgoingHttp(tracer: Tracer): () => void {
  const httpSpans = new WeakMap<ClientRequest, Span>();
  const fetchSpans = new WeakMap<object, Span>();

  const start = (method: string, url: string, attrs: Record<string, string>): Span | undefined => {
    if (trace.getSpan(context.active()) === undefined) return undefined;
    return tracer.startSpan(method, {
      kind: SpanKind.CLIENT,
      attributes: { 'http.request.method': method, 'url.full': url, ...attrs },
    });
  };
  const end = (span: Span | undefined, status: number | undefined, err?: unknown) => {
    if (span === undefined) return;
    if (status !== undefined) span.setAttribute('http.response.status_code', status);
    if (err !== undefined) {
      span.recordException(err instanceof Error ? err : new Error(String(err)));
      span.setStatus({ code: SpanStatusCode.ERROR });
    } else if (status !== undefined && status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };

  const onHttpStart = (msg: unknown) => {
    const request = (msg as { request: ClientRequest }).request;
    const host = request.getHeader('host') ?? request.host;
    const url = `${request.protocol}//${String(host)}${request.path.split('?')[0]}`;
    const span = start(request.method, url, { 'server.address': String(request.host) });
    if (span === undefined) return;
    httpSpans.set(request, span);
    request.once('error', (err) => {
      httpSpans.delete(request);
      end(span, undefined, err);
    });
    request.once('close', () => {
      if (httpSpans.delete(request)) end(span, undefined);
    });
  };
  const onHttpFinish = (msg: unknown) => {
    const { request, response } = msg as { request: ClientRequest; response: IncomingMessage };
    const span = httpSpans.get(request);
    if (span === undefined) return;
    httpSpans.delete(request);
    end(span, response.statusCode);
  };
  const onFetchCreate = (msg: unknown) => {
    const request = (msg as { request: UndiciRequest }).request;
    const origin = String(request.origin ?? '');
    const method = request.method ?? 'GET';
    const span = start(method, `${origin}${(request.path ?? '/').split('?')[0]}`, {
      'server.address': origin.replace(/^\w+:\/\//, ''),
    });
    if (span === undefined) return;
    fetchSpans.set(request, span);
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    for (const [k, v] of Object.entries(carrier)) request.addHeader?.(k, v);
  };
  const onFetchHeaders = (msg: unknown) => {
    const { request, response } = msg as { request: object; response: { statusCode: number } };
    const span = fetchSpans.get(request);
    fetchSpans.delete(request);
    end(span, response.statusCode);
  };
  const onFetchError = (msg: unknown) => {
    const { request, error } = msg as { request: object; error: unknown };
    const span = fetchSpans.get(request);
    fetchSpans.delete(request);
    end(span, undefined, error);
  };
  const subs: [string, (msg: unknown) => void][] = [
    ['http.client.request.start', onHttpStart],
    ['http.client.response.finish', onHttpFinish],
    ['undici:request:create', onFetchCreate],
    ['undici:request:headers', onFetchHeaders],
    ['undici:request:error', onFetchError],
  ];
  for (const [name, fn] of subs) subscribe(name, fn);
  return () => {
    for (const [name, fn] of subs) unsubscribe(name, fn);
  };
}
