import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { errorMessage } from '../diagnostics/health.ts';
import type { Routine } from '../lifecycle/routine.ts';
import { setRoute } from './request-context.ts';
import { type RequestHandler, reportRequestError } from './server.ts';

/** What the framework integrations need from the service. */
export interface IntegrationOptions {
  logger: Logger;
  /** Error reporting (`ctx.reportError`): called for 5xx errors after they are logged. */
  reportError?: (err: unknown) => void;
}

/** The HTTP status an error asks for (`status` / `statusCode` 400–599), else 500. */
function statusOf(err: unknown): number {
  const e = err as { status?: unknown; statusCode?: unknown } | null;
  const s = typeof e?.statusCode === 'number' ? e.statusCode : typeof e?.status === 'number' ? e.status : 500;
  return Number.isInteger(s) && s >= 400 && s <= 599 ? s : 500;
}

function errorBody(status: number, err: unknown): { error: string } {
  // A client error's message is meant for the client; a server error's is not.
  return { error: status < 500 ? errorMessage(err) : 'internal server error' };
}

/**
 * Express error middleware (install it last: `app.use(expressErrorHandler(ctx))`). A 5xx error
 * is logged as one structured ERROR line with its stack and the request context, recorded on the
 * request's span (status ERROR) and reported (Sentry when configured); a 4xx error (`status` /
 * `statusCode` on the error, as body parsers set) is logged at WARNING. The client gets
 * `{"error": ...}` JSON. Replaces Express's default handler, which prints to stderr.
 *
 * Route templates need nothing more: the runtime's server reads `req.baseUrl + req.route.path`
 * when the response ends, and names the span, metrics and logs after it.
 */
export function expressErrorHandler(
  opts: IntegrationOptions,
): (err: unknown, req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  return (err, req, res, next) => {
    // Name the request after its route before the error line is written.
    const r = req as IncomingMessage & { route?: { path?: unknown }; baseUrl?: unknown };
    if (typeof r.route?.path === 'string')
      setRoute(req, `${typeof r.baseUrl === 'string' ? r.baseUrl : ''}${r.route.path}`);
    const status = statusOf(err);
    if (status >= 500)
      reportRequestError(opts.logger, err, opts.reportError && ((e) => opts.reportError?.(e)), req);
    else opts.logger.warn({ err }, `request failed with ${status}: ${errorMessage(err)}`);
    if (res.headersSent) {
      // Too late for a status: let Express end the connection.
      next(err);
      return;
    }
    const body = `${JSON.stringify(errorBody(status, err))}\n`;
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
}

/** The part of a Fastify instance the integration uses (a `FastifyInstance` fits). */
export interface FastifyLike {
  routing(req: IncomingMessage, res: ServerResponse): void;
  ready(): PromiseLike<unknown>;
  close(): PromiseLike<unknown>;
}

interface FastifyHooks {
  addHook(
    name: 'onRequest',
    hook: (
      request: { raw: IncomingMessage; routeOptions?: { url?: string } },
      reply: unknown,
      done: () => void,
    ) => void,
  ): unknown;
  setErrorHandler(
    handler: (
      err: unknown,
      request: { raw: IncomingMessage },
      reply: { code(status: number): { send(body: unknown): unknown } },
    ) => unknown,
  ): unknown;
}

/** What {@link useFastify} gives the service to return from `initialize`. */
export interface FastifyIntegration {
  /** Serves requests through the Fastify app (its router, hooks and handlers). */
  handler: RequestHandler;
  /** Closes the app at shutdown (its `onClose` hooks run) after the HTTP drain. */
  routine: Routine;
}

/**
 * Runs a Fastify app on the runtime's server: call it in `initialize` after registering the
 * routes, and return `{ handler, routines: [routine] }`. It adds an `onRequest` hook that names
 * the request's span, metrics and logs after the route template (`/accounts/:id`), sets an error
 * handler that logs 5xx errors as structured ERROR lines with the request context, marks the
 * span as failed and reports them (4xx at WARNING), then readies the app. Shutdown drains
 * through the runtime's server, then `app.close()` runs the app's `onClose` hooks. Create the
 * app with its default `logger: false`: the runtime logs each request already.
 *
 * @throws what `app.ready()` throws (a plugin failing to load).
 */
export async function useFastify(app: FastifyLike, opts: IntegrationOptions): Promise<FastifyIntegration> {
  const hooks = app as unknown as FastifyHooks;
  hooks.addHook('onRequest', (request, _reply, done) => {
    const url = request.routeOptions?.url;
    if (url !== undefined) setRoute(request.raw, url);
    done();
  });
  hooks.setErrorHandler((err, request, reply) => {
    const status = statusOf(err);
    if (status >= 500)
      reportRequestError(opts.logger, err, opts.reportError && ((e) => opts.reportError?.(e)), request.raw);
    else opts.logger.warn({ err }, `request failed with ${status}: ${errorMessage(err)}`);
    return reply.code(status).send(errorBody(status, err));
  });
  await app.ready();
  return {
    handler: (req, res) => app.routing(req, res),
    routine: {
      name: 'fastify',
      start() {},
      async stop() {
        await app.close();
      },
    },
  };
}
