import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, Server as NetServer, type Socket } from 'node:net';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { formatSeconds } from '../contract/duration.ts';
import { METRICS_PATH } from '../contract/platform.ts';
import type { DiagnosticsHandler } from '../diagnostics/handler.ts';
import { errorMessage } from '../diagnostics/health.ts';
import type { RuntimeMetrics } from '../observability/metrics.ts';
import { extractTraceContext } from '../observability/trace-context.ts';
import { clientIp, type RequestState, redactUrl, runInRequest } from './request-context.ts';

/** A request listener as for `http.createServer`; it may return a promise (rejections become 500s). */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Options of {@link HttpServer}. */
export interface HttpServerOptions {
  /** The service's handler (an Express app or a Fastify app's `routing` work too). */
  handler: RequestHandler;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind; default all interfaces, as Cloud Run requires. */
  host?: string;
  logger: Logger;
  tracer: Tracer;
  /** Answers `/-/healthz`, `/-/livez` and `/-/version` before the service's handler sees the request. */
  diagnostics?: DiagnosticsHandler;
  /** Log one line per request (diagnostics requests at debug level). Default `true`. */
  requestLogging?: boolean;
  /** See `TRUSTED_PROXY_HOPS`: proxies of your own in `X-Forwarded-For`. Default 0 (the socket's peer). */
  trustedProxyHops?: number;
  /** Keep query string values in logs (`LOG_QUERY_STRINGS`). Default `false`: values are redacted. */
  logQueryStrings?: boolean;
  /** Records request count, latency, errors and requests in flight. */
  metrics?: RuntimeMetrics;
  /** Serves `/-/metrics` (the Prometheus endpoint, local development only). */
  metricsHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * How long, after the drain begins, idle keep-alive connections stay open so a request a
   * client already sent on one is answered (with `Connection: close`) instead of being reset.
   * Default 500 ms; never past the drain deadline.
   */
  idleLingerMs?: number;
  /** Called with every error a handler throws (after it is logged), e.g. to report it to Sentry. */
  onError?: (err: unknown, req: IncomingMessage) => void;
}

/** How a drain ended. */
export interface DrainResult {
  /** Requests still running when the deadline came; their connections were destroyed. */
  abandoned: number;
}

/** Cloud Logging's `httpRequest` object for a request log entry. */
export interface HttpRequestLog {
  requestMethod: string;
  requestUrl: string;
  status: number;
  responseSize?: string;
  userAgent?: string;
  remoteIp?: string;
  referer?: string;
  latency: string;
  protocol: string;
}

const SHUTTING_DOWN_BODY = `${JSON.stringify({ error: 'shutting down' })}\n`;
const DEFAULT_IDLE_LINGER_MS = 500;

interface SocketState {
  /** Requests of this connection being handled (pipelining allows more than one). */
  busy: number;
}

/**
 * The service's HTTP server, with the platform's behaviour built in: diagnostics endpoints,
 * a server span per request (parented on the caller's `traceparent` / `X-Cloud-Trace-Context`,
 * named after the route template), request metrics, request logging in Cloud Logging's
 * `httpRequest` format, a per-request abort signal, and graceful draining.
 *
 * Draining ({@link HttpServer.drain}): every response from then on carries `Connection: close`,
 * so clients stop reusing their connections after their next answer, and the readiness check
 * answers 503. For a short linger (default 500 ms) the listener stays open and idle keep-alive
 * connections stay up: whatever was already on its way (a connection in the kernel's accept
 * backlog, a request on an idle connection) is served, with `Connection: close`, instead of
 * being reset. Then the listener closes (new connections are refused by the OS) and idle
 * connections are closed gracefully (FIN). In-flight requests run to completion until the
 * deadline; whatever is still running then is aborted (its signal fires) and cut off.
 */
export class HttpServer {
  readonly #opts: HttpServerOptions;
  readonly #server: Server;
  readonly #inFlight = new Map<ServerResponse, RequestState>();
  readonly #sockets = new Map<Socket, SocketState>();
  #draining = false;
  #cutOff = false;
  #waiters: (() => void)[] = [];

  constructor(opts: HttpServerOptions) {
    this.#opts = opts;
    this.#server = createServer((req, res) => this.#handle(req, res));
    // Cloud Run's request timeout is 300 s; let requests run that long.
    this.#server.requestTimeout = 300_000;
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.set(socket, { busy: 0 });
      socket.once('close', () => {
        this.#sockets.delete(socket);
        this.#wake();
      });
    });
  }

  /** The underlying Node server (for upgrades, timeouts or other tuning). */
  get server(): Server {
    return this.#server;
  }

  /** Requests currently being handled. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Open client connections. */
  get connections(): number {
    return this.#sockets.size;
  }

  /** Whether {@link HttpServer.drain} has begun. */
  get draining(): boolean {
    return this.#draining;
  }

  /** The bound address, once listening. */
  address(): AddressInfo | undefined {
    const a = this.#server.address();
    return a !== null && typeof a === 'object' ? a : undefined;
  }

  /**
   * Starts listening.
   *
   * @throws the listen error (e.g. `EADDRINUSE`).
   */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.#server.once('error', onError);
      this.#server.listen({ port: this.#opts.port, host: this.#opts.host }, () => {
        this.#server.off('error', onError);
        resolve(this.address()!);
      });
    });
  }

  /**
   * Drains (see the class comment): answers everything with `Connection: close`, stops
   * listening after the linger, waits for in-flight requests until `deadline` (epoch ms), closes
   * idle connections gracefully, then aborts and destroys whatever remains. Never rejects.
   */
  async drain(deadline: number): Promise<DrainResult> {
    this.#draining = true;
    for (const res of this.#inFlight.keys()) {
      if (!res.headersSent) res.setHeader('connection', 'close');
    }
    // The listener stays open for the linger: connections the kernel already accepted into the
    // backlog (the client sees them as open and has sent its request) would be reset if it
    // closed now. They are served with `Connection: close` instead.
    const lingerUntil = Math.min(Date.now() + (this.#opts.idleLingerMs ?? DEFAULT_IDLE_LINGER_MS), deadline);
    await this.#waitUntil(() => Date.now() >= lingerUntil, deadline);
    // http.Server#close would also destroy idle keep-alive connections at once, resetting
    // requests already on their way; net.Server#close only stops listening.
    const closed = new Promise<void>((resolve) => {
      if (!this.#server.listening) resolve();
      else NetServer.prototype.close.call(this.#server, () => resolve());
    });
    await this.#waitUntil(() => this.#inFlight.size === 0, deadline);
    // Idle connections: a graceful FIN. Busy ones (past the deadline) are handled below.
    for (const [socket, s] of this.#sockets) if (s.busy === 0) socket.end();
    await this.#waitUntil(
      () => this.#inFlight.size === 0 && this.#sockets.size === 0,
      Math.min(deadline, Date.now() + 200),
    );

    this.#cutOff = true;
    const abandoned = this.#inFlight.size;
    if (abandoned > 0) {
      this.#opts.logger.error({ abandoned }, 'grace period over: cutting off requests still in flight');
      for (const state of this.#inFlight.values())
        state.controller.abort(new Error('shutdown deadline reached'));
    }
    for (const socket of this.#sockets.keys()) socket.destroy();
    await closed;
    return { abandoned };
  }

  /** Resolves when `done()` holds (checked on every request end and connection close) or at `deadline`. */
  async #waitUntil(done: () => boolean, deadline: number): Promise<void> {
    while (!done() && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        // Also re-check periodically: the linger ends by time, not by an event.
        timer = setTimeout(resolve, Math.max(1, Math.min(50, deadline - Date.now())));
      });
      clearTimeout(timer);
    }
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.#cutOff) {
      res.writeHead(503, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(SHUTTING_DOWN_BODY),
        connection: 'close',
        'retry-after': '1',
      });
      res.end(SHUTTING_DOWN_BODY);
      return;
    }
    // During the drain: serve it, and close the connection after the answer.
    if (this.#draining) res.setHeader('connection', 'close');
    const started = performance.now();
    const sentBefore = req.socket.bytesWritten;
    const socketState = this.#sockets.get(req.socket);
    if (socketState !== undefined) socketState.busy++;
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const path = pathOf(rawUrl);
    const isDiagnostics = path.startsWith('/-/');
    const remoteIp = clientIp(req.headers, req.socket.remoteAddress, this.#opts.trustedProxyHops ?? 0);

    const parent = extractTraceContext(req.headers);
    const parentCtx = parent === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, parent);
    const span = this.#opts.tracer.startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'url.path': path,
          'url.scheme': 'http',
          'user_agent.original': req.headers['user-agent'] ?? '',
          'network.protocol.version': req.httpVersion,
          ...(remoteIp === undefined ? {} : { 'client.address': remoteIp }),
        },
      },
      parentCtx,
    );
    const ctx = trace.setSpan(parentCtx, span);
    const state: RequestState = {
      method,
      url: this.#opts.logQueryStrings ? rawUrl : redactUrl(rawUrl),
      path,
      route: isDiagnostics ? path : undefined,
      remoteIp,
      userAgent: req.headers['user-agent'],
      referer: req.headers.referer,
      span,
      controller: new AbortController(),
    };
    this.#inFlight.set(res, state);
    const metrics = this.#opts.metrics;
    metrics?.activeRequests.add(1, { 'http.request.method': method });

    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      this.#inFlight.delete(res);
      if (socketState !== undefined) socketState.busy--;
      const status = res.writableFinished ? res.statusCode : 499;
      // The client went away (or the deadline cut the request off): stop the work.
      if (!res.writableFinished) state.controller.abort(new Error('client disconnected'));
      const route = state.route ?? frameworkRoute(req);
      state.route = route;
      span.updateName(route === undefined ? method : `${method} ${route}`);
      if (route !== undefined) span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      const seconds = (performance.now() - started) / 1000;
      if (metrics !== undefined) {
        metrics.activeRequests.add(-1, { 'http.request.method': method });
        metrics.requestDuration.record(seconds, {
          'http.request.method': method,
          'http.response.status_code': status,
          ...(route === undefined ? {} : { 'http.route': route }),
          ...(status >= 500 ? { 'error.type': String(status) } : {}),
        });
      }
      if (this.#opts.requestLogging !== false) {
        context.with(ctx, () => this.#logRequest(req, state, status, seconds, sentBefore, isDiagnostics));
      }
      span.end();
      this.#wake();
    };
    res.once('finish', done);
    res.once('close', done);

    runInRequest(req, state, () =>
      context.with(ctx, () => {
        try {
          if (this.#opts.diagnostics?.(req, res)) return;
          if (path === METRICS_PATH && this.#opts.metricsHandler !== undefined) {
            this.#opts.metricsHandler(req, res);
            return;
          }
          const result = this.#opts.handler(req, res);
          if (result instanceof Promise) result.catch((err: unknown) => this.#fail(req, res, err));
        } catch (err) {
          this.#fail(req, res, err);
        }
      }),
    );
  }

  #fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    reportRequestError(this.#opts.logger, err, this.#opts.onError, req);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = `${JSON.stringify({ error: 'internal server error' })}\n`;
    res.writeHead(500, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  #logRequest(
    req: IncomingMessage,
    state: RequestState,
    status: number,
    seconds: number,
    sentBefore: number,
    isDiagnostics: boolean,
  ): void {
    const httpRequest: HttpRequestLog = {
      requestMethod: state.method,
      requestUrl: state.url,
      status,
      latency: formatSeconds(seconds * 1000),
      protocol: `HTTP/${req.httpVersion}`,
    };
    // Cloud Logging's responseSize counts headers and body: what went onto the socket.
    const written = (req.socket?.bytesWritten ?? sentBefore) - sentBefore;
    if (written > 0) httpRequest.responseSize = String(written);
    if (state.userAgent !== undefined) httpRequest.userAgent = state.userAgent;
    if (state.remoteIp !== undefined) httpRequest.remoteIp = state.remoteIp;
    if (state.referer !== undefined) httpRequest.referer = state.referer;
    const msg = `${state.method} ${state.route ?? state.path} ${status}`;
    const log = this.#opts.logger;
    if (isDiagnostics && status < 500) log.debug({ httpRequest }, msg);
    else if (status >= 500) log.warn({ httpRequest }, msg);
    else log.info({ httpRequest }, msg);
  }
}

/**
 * Logs an error a request handler threw (with its stack and the request context), marks the
 * request's span as failed with the exception, and passes it to `onError` (error reporting).
 * Framework integrations call it from their error handlers. Call inside the request's context.
 */
export function reportRequestError(
  logger: Logger,
  err: unknown,
  onError: ((err: unknown, req: IncomingMessage) => void) | undefined,
  req: IncomingMessage,
): void {
  logger.error({ err }, `request handler failed: ${errorMessage(err)}`);
  const span = trace.getSpan(context.active());
  if (span !== undefined) {
    span.recordException(err instanceof Error ? err : new Error(String(err)));
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
  }
  try {
    onError?.(err, req);
  } catch {
    // Error reporting must never break the answer.
  }
}

/** The route template Express recorded on the request (`req.baseUrl` + `req.route.path`). */
function frameworkRoute(req: IncomingMessage): string | undefined {
  const r = req as IncomingMessage & { route?: { path?: unknown }; baseUrl?: unknown };
  if (typeof r.route?.path !== 'string') return undefined;
  return `${typeof r.baseUrl === 'string' ? r.baseUrl : ''}${r.route.path}`;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
