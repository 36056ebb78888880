import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';

/** What the runtime knows about the request being handled. */
export interface RequestState {
  readonly method: string;
  /** The URL as logged: query string values redacted unless `LOG_QUERY_STRINGS=true`. */
  readonly url: string;
  /** The path without the query string. */
  readonly path: string;
  /** The route template (`/accounts/:id`), once a router or the handler has named it. */
  route: string | undefined;
  readonly remoteIp: string | undefined;
  readonly userAgent: string | undefined;
  readonly referer: string | undefined;
  readonly span: Span;
  /** Aborted when the client goes away or the shutdown deadline cuts the request off. */
  readonly controller: AbortController;
}

const storage = new AsyncLocalStorage<RequestState>();
const byRequest = new WeakMap<IncomingMessage, RequestState>();

/** Runs `fn` with `state` as the current request (for log lines and {@link currentRequest}). */
export function runInRequest<T>(req: IncomingMessage, state: RequestState, fn: () => T): T {
  byRequest.set(req, state);
  return storage.run(state, fn);
}

/** The request being handled in the current async context, if any. */
export function currentRequest(): RequestState | undefined {
  return storage.getStore();
}

/** The runtime's state of `req`, if the runtime's server is handling it. */
export function requestState(req: IncomingMessage): RequestState | undefined {
  return byRequest.get(req);
}

const neverAborted = new AbortController().signal;

/**
 * The request's abort signal: aborted when the client disconnects before the response is
 * complete, or when the shutdown deadline cuts the request off. Pass it to queries, `fetch` and
 * anything else long-running so abandoned work stops.
 *
 * @returns a signal that never aborts for a request the runtime's server is not handling.
 */
export function requestSignal(req: IncomingMessage): AbortSignal {
  return byRequest.get(req)?.controller.signal ?? neverAborted;
}

/**
 * Names the request's route template (`/accounts/:id`) for its span name, metrics and logs.
 * Framework integrations call it; plain `node:http` handlers may call it themselves. Without a
 * route the span is named after the method only (raw paths would explode cardinality).
 */
export function setRoute(req: IncomingMessage, template: string): void {
  const s = byRequest.get(req);
  if (s !== undefined) s.route = template;
}

/**
 * Replaces every query string value with `REDACTED` (names are kept): query strings carry
 * tokens, emails and other personal data that must not end up in logs.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const query = url.slice(q + 1);
  if (query === '') return url;
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1 ? pair : `${pair.slice(0, eq)}=REDACTED`;
    })
    .join('&');
  return `${url.slice(0, q)}?${redacted}`;
}

/**
 * The client's IP address. With `trustedProxyHops` = n > 0, the client is the entry of
 * `X-Forwarded-For` just left of the n entries your own proxies appended (on the platform,
 * Google's load balancer appends `<client>, <load balancer>`: n = 1). Entries further left were
 * written by the client and can be forged, so they are never used. With n = 0, or a header with
 * too few entries (the request did not come through the proxies), it is the socket's peer.
 */
export function clientIp(
  headers: IncomingHttpHeaders,
  socketAddress: string | undefined,
  trustedProxyHops: number,
): string | undefined {
  if (trustedProxyHops <= 0) return socketAddress;
  const raw = headers['x-forwarded-for'];
  if (raw === undefined) return socketAddress;
  const entries = (Array.isArray(raw) ? raw.join(',') : raw)
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const i = entries.length - 1 - trustedProxyHops;
  return i >= 0 ? entries[i] : socketAddress;
}
