import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Contract } from '../contract/contract.ts';
import { errorMessage } from '../diagnostics/health.ts';
import { currentRequest } from '../http/request-context.ts';

/** Where unexpected errors are reported besides the log (Sentry when `SENTRY_DSN` is set). */
export interface ErrorReporter {
  /** `sentry` or `none`. */
  readonly kind: 'sentry' | 'none';
  /** Reports an error, with the current request's method, route and URL when inside one. Never throws. */
  capture(err: unknown, req?: IncomingMessage): void;
  /** Sends what is queued; resolves after at most `timeoutMs`, never rejects. */
  flush(timeoutMs: number): Promise<void>;
}

const NONE: ErrorReporter = { kind: 'none', capture: () => {}, flush: async () => {} };

/**
 * Starts error reporting: Sentry (`@sentry/node`, loaded only then) when `SENTRY_DSN` is set,
 * with `ENVIRONMENT_ID` as environment and the service version as release; nothing otherwise.
 * Sentry's own OpenTelemetry setup, automatic instrumentation and global handlers are off: the
 * runtime owns tracing, and errors reach Sentry only through {@link ErrorReporter.capture}
 * (request handler errors, routine failures, uncaught errors).
 *
 * @returns the reporter; a failure to start Sentry is logged and gives the no-op reporter.
 */
export async function startErrorReporting(
  contract: Pick<Contract, 'sentryDsn' | 'environmentId'>,
  service: { name: string; version: string },
  logger: Logger,
): Promise<ErrorReporter> {
  if (contract.sentryDsn === undefined) return NONE;
  let Sentry: typeof import('@sentry/node');
  try {
    Sentry = await import('@sentry/node');
    Sentry.init({
      dsn: contract.sentryDsn,
      environment: contract.environmentId,
      release: `${service.name}@${service.version}`,
      skipOpenTelemetrySetup: true,
      defaultIntegrations: false,
      integrations: [],
      tracesSampleRate: 0,
      sendDefaultPii: false,
      initialScope: { tags: { service: service.name } },
    });
  } catch (err) {
    logger.error({ err }, `error reporting: Sentry could not start: ${errorMessage(err)}`);
    return NONE;
  }
  logger.info('error reporting: Sentry enabled (SENTRY_DSN)');
  return {
    kind: 'sentry',
    capture(err) {
      try {
        const r = currentRequest();
        Sentry.withScope((scope) => {
          if (r !== undefined) {
            scope.setTag('http.method', r.method);
            if (r.route !== undefined) scope.setTag('http.route', r.route);
            scope.setContext('request', { method: r.method, url: r.url, route: r.route ?? null });
          }
          Sentry.captureException(err);
        });
      } catch {
        // Reporting must never break the caller.
      }
    },
    async flush(timeoutMs) {
      try {
        await Sentry.flush(Math.max(0, timeoutMs));
      } catch {
        // ignored: a stuck transport must not fail the shutdown
      }
    },
  };
}
