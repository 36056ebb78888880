import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { LIVENESS_PATH, READINESS_PATH, VERSION_PATH } from '../contract/platform.ts';
import { isAuthorized } from './auth.ts';
import { type HealthCheck, runHealthChecks } from './health.ts';

/**
 * Path of the authenticated readiness endpoint (dependency checks) the platform's startup probe
 * and uptime check call; from the contract shared with the generator.
 */
export const HEALTHZ_PATH = READINESS_PATH;
export { LIVENESS_PATH, VERSION_PATH };

/** Options of {@link createDiagnosticsHandler}. */
export interface DiagnosticsOptions {
  /** `DIAGNOSTICS_SECRET`; `undefined` leaves diagnostics open (local development only). */
  secret: string | undefined;
  /** Reported by `/-/version`. */
  version: string;
  /** The checks to run, read at each request (checks registered late are included). */
  checks: () => readonly HealthCheck[];
  /** Per-check timeout in milliseconds. */
  timeoutMs?: number;
  /** Whether shutdown has begun: readiness then answers 503 `draining` without running checks. */
  draining?: () => boolean;
  logger?: Logger;
}

/**
 * Handles a diagnostics request, if `req` is one.
 *
 * @returns `true` when the request was a diagnostics path and has been answered (or is being
 *   answered asynchronously); `false` to let the service handle it.
 */
export type DiagnosticsHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * Creates the handler for `/-/healthz`, `/-/livez` and `/-/version`.
 *
 * - `GET /-/version` (unauthenticated): 200, the version as plain text.
 * - `GET /-/livez` (unauthenticated, the liveness probe): 200 `{"status":"ok"}` as long as the
 *   process answers; runs no check, so a data store outage never restarts the instance.
 * - `GET /-/healthz`: requires `Authorization: Bearer <secret>`, compared in constant time. Any
 *   failure (no header, another scheme, a wrong token of any length) gets the same 401
 *   `{"error":"unauthorized"}`, revealing nothing. Authorized: runs every check with the timeout
 *   and answers 200 (all ok) or 503 (any failed) with a {@link HealthReport}.
 * - Other methods on these paths: 405.
 */
export function createDiagnosticsHandler(opts: DiagnosticsOptions): DiagnosticsHandler {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== HEALTHZ_PATH && url.pathname !== VERSION_PATH && url.pathname !== LIVENESS_PATH)
      return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
      return true;
    }
    if (url.pathname === VERSION_PATH) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(opts.version);
      return true;
    }
    if (url.pathname === LIVENESS_PATH) {
      sendJson(res, 200, { status: 'ok' });
      return true;
    }
    if (!isAuthorized(req.headers.authorization, opts.secret)) {
      sendJson(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
      return true;
    }
    if (opts.draining?.()) {
      sendJson(res, 503, { status: 'draining', checks: {} });
      return true;
    }
    const query = url.searchParams;
    runHealthChecks(opts.checks(), { timeoutMs: opts.timeoutMs, query }).then(
      (report) => {
        if (report.status !== 'ok') {
          opts.logger?.warn({ report, query: url.search }, 'health check failed');
        }
        if (!res.destroyed) sendJson(res, report.status === 'ok' ? 200 : 503, report);
      },
      (err: unknown) => {
        // runHealthChecks never rejects; this is a bug guard.
        opts.logger?.error({ err }, 'health checks crashed');
        if (!res.destroyed) sendJson(res, 500, { status: 'error' });
      },
    );
    return true;
  };
}
