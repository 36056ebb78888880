import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { formatSeconds } from '../contract/duration.ts';
import type { DiagnosticsHandler } from '../diagnostics/handler.ts';
import { errorMessage } from '../diagnostics/health.ts';
import { extractTraceContext } from '../observability/trace-context.ts';

/** A request listener as for `http.createServer`; it may return a promise (rejections become 500s). */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Options of {@link HttpServer}. */
export interface HttpServerOptions {
  /** The service's handler (an Express app works too). */
  handler: RequestHandler;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind; default all interfaces, as Cloud Run requires. */
  host?: string;
  logger: Logger;
  tracer: Tracer;
  /** Answers `/-/healthz` and `/-/version` before the service's handler sees the request. */
  diagnostics?: DiagnosticsHandler;
  /** Log one line per request (diagnostics requests at debug level). Default `true`. */
  requestLogging?: boolean;
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

/**
 * The service's HTTP server, with the platform's behaviour built in: diagnostics endpoints,
 * a server span per request (parented on the caller's `traceparent` / `X-Cloud-Trace-Context`),
 * request logging in Cloud Logging's `httpRequest` format, and graceful draining.
 *
 * Draining ({@link HttpServer.drain}): the listening socket closes at once (new connections are
 * refused by the OS), idle keep-alive connections are closed, a request that still arrives on an
 * open connection gets `503 {"error":"shutting down"}` with `Connection: close`, and in-flight
 * requests run to completion until the deadline; whatever is still running then is cut off.
 */
export class HttpServer {
  readonly #opts: HttpServerOptions;
  readonly #server: Server;
  readonly #inFlight = new Set<ServerResponse>();
  #draining = false;
  #idleWaiters: (() => void)[] = [];

  constructor(opts: HttpServerOptions) {
    this.#opts = opts;
    this.#server = createServer((req, res) => this.#handle(req, res));
    // Cloud Run's request timeout is 300 s; let requests run that long.
    this.#server.requestTimeout = 300_000;
  }

  /** The underlying Node server (for upgrades or tuning). */
  get server(): Server {
    return this.#server;
  }

  /** Requests currently being handled. */
  get inFlight(): number {
    return this.#inFlight.size;
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
   * Stops accepting requests and waits for in-flight ones until `deadline` (epoch ms), then
   * destroys whatever connections remain. Never rejects.
   */
  async drain(deadline: number): Promise<DrainResult> {
    this.#draining = true;
    const closed = new Promise<void>((resolve) => {
      if (!this.#server.listening) resolve();
      else this.#server.close(() => resolve());
    });
    // Responses not yet started end their connection afterwards.
    for (const res of this.#inFlight) {
      if (!res.headersSent) res.setHeader('connection', 'close');
    }
    this.#server.closeIdleConnections();
    if (this.#inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.#idleWaiters.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        }),
      ]);
      clearTimeout(timer);
    }
    const abandoned = this.#inFlight.size;
    if (abandoned > 0) {
      this.#opts.logger.error({ abandoned }, 'grace period over: cutting off requests still in flight');
    }
    this.#server.closeAllConnections();
    await closed;
    return { abandoned };
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.#draining) {
      // Arrived on a connection that was already open when shutdown began: refuse, cleanly.
      res.writeHead(503, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(SHUTTING_DOWN_BODY),
        connection: 'close',
        'retry-after': '1',
      });
      res.end(SHUTTING_DOWN_BODY);
      return;
    }
    const started = performance.now();
    const sentBefore = req.socket.bytesWritten;
    this.#inFlight.add(res);
    const isDiagnostics = req.url?.startsWith('/-/') ?? false;

    const parent = extractTraceContext(req.headers);
    const parentCtx = parent === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, parent);
    const path = pathOf(req.url);
    const span = this.#opts.tracer.startSpan(
      `${req.method ?? 'GET'} ${path}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method ?? 'GET',
          'url.path': path,
          'user_agent.original': req.headers['user-agent'] ?? '',
          'network.protocol.version': req.httpVersion,
        },
      },
      parentCtx,
    );
    const ctx = trace.setSpan(parentCtx, span);

    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      this.#inFlight.delete(res);
      const status = res.writableFinished ? res.statusCode : 499;
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (this.#opts.requestLogging !== false) {
        context.with(ctx, () => this.#logRequest(req, status, started, sentBefore, isDiagnostics));
      }
      span.end();
      if (this.#draining) {
        this.#server.closeIdleConnections();
        if (this.#inFlight.size === 0) for (const w of this.#idleWaiters.splice(0)) w();
      }
    };
    res.once('finish', done);
    res.once('close', done);

    context.with(ctx, () => {
      try {
        if (this.#opts.diagnostics?.(req, res)) return;
        const result = this.#opts.handler(req, res);
        if (result instanceof Promise) result.catch((err: unknown) => this.#fail(res, err));
      } catch (err) {
        this.#fail(res, err);
      }
    });
  }

  #fail(res: ServerResponse, err: unknown): void {
    this.#opts.logger.error({ err }, `request handler failed: ${errorMessage(err)}`);
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
    status: number,
    started: number,
    sentBefore: number,
    isDiagnostics: boolean,
  ): void {
    const httpRequest: HttpRequestLog = {
      requestMethod: req.method ?? 'GET',
      requestUrl: req.url ?? '/',
      status,
      latency: formatSeconds(performance.now() - started),
      protocol: `HTTP/${req.httpVersion}`,
    };
    // Cloud Logging's responseSize counts headers and body: what went onto the socket.
    const written = (req.socket?.bytesWritten ?? sentBefore) - sentBefore;
    if (written > 0) httpRequest.responseSize = String(written);
    const ua = req.headers['user-agent'];
    if (ua !== undefined) httpRequest.userAgent = ua;
    const fwd = req.headers['x-forwarded-for'];
    const remoteIp = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim() ?? req.socket.remoteAddress;
    if (remoteIp !== undefined) httpRequest.remoteIp = remoteIp;
    const referer = req.headers.referer;
    if (referer !== undefined) httpRequest.referer = referer;
    const msg = `${httpRequest.requestMethod} ${pathOf(req.url)} ${status}`;
    const log = this.#opts.logger;
    if (isDiagnostics && status < 500) log.debug({ httpRequest }, msg);
    else if (status >= 500) log.warn({ httpRequest }, msg);
    else log.info({ httpRequest }, msg);
  }
}

function pathOf(url: string | undefined): string {
  const u = url ?? '/';
  const q = u.indexOf('?');
  return q === -1 ? u : u.slice(0, q);
}
