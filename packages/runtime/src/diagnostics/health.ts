/** What a health check receives. */
export interface HealthCheckContext {
  /** Aborted when the check's time is up; long checks should stop early. */
  signal: AbortSignal;
  /** Query parameters of the `/-/healthz` request, for operators asking for deeper checks. */
  query: URLSearchParams;
}

/** One named check run by `/-/healthz`. Healthy means "ready to take traffic". */
export interface HealthCheck {
  /** Unique name in the report, e.g. `postgres:primary`. */
  readonly name: string;
  /** Resolves when healthy; rejects (or throws) with the reason when not. */
  check(ctx: HealthCheckContext): Promise<void> | void;
}

/** Result of one check in a {@link HealthReport}. */
export interface HealthCheckResult {
  status: 'ok' | 'error';
  /** How long the check ran, in milliseconds (capped by the timeout). */
  durationMs: number;
  /** Why it failed: the error message, or `timed out after <n>ms`. */
  error?: string;
}

/** The JSON body of `/-/healthz` for an authorized caller. */
export interface HealthReport {
  status: 'ok' | 'error';
  checks: Record<string, HealthCheckResult>;
}

/** Default per-check timeout: below the 3 s probe timeout the platform configures by default. */
export const DEFAULT_HEALTH_CHECK_TIMEOUT_MS = 2000;

/**
 * Runs all checks concurrently, each bounded by `timeoutMs`, and reports every result. Never
 * rejects: a throwing, rejecting or slow check is reported as `error`. A check that ignores its
 * abort signal keeps running in the background, but its late outcome is discarded.
 */
export async function runHealthChecks(
  checks: readonly HealthCheck[],
  opts: { timeoutMs?: number; query?: URLSearchParams } = {},
): Promise<HealthReport> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_HEALTH_CHECK_TIMEOUT_MS;
  const query = opts.query ?? new URLSearchParams();
  const results = await Promise.all(
    checks.map(async (c): Promise<[string, HealthCheckResult]> => {
      const controller = new AbortController();
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => {
          controller.abort(new Error(`timed out after ${timeoutMs}ms`));
          resolve('timeout');
        }, timeoutMs);
      });
      const run = (async () => c.check({ signal: controller.signal, query }))().then(
        () => 'ok' as const,
        (err: unknown) => err,
      );
      const outcome = await Promise.race([run, timedOut]);
      clearTimeout(timer);
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      if (outcome === 'ok') return [c.name, { status: 'ok', durationMs }];
      const error = outcome === 'timeout' ? `timed out after ${timeoutMs}ms` : errorMessage(outcome);
      return [c.name, { status: 'error', durationMs, error }];
    }),
  );
  const report: HealthReport = { status: 'ok', checks: {} };
  for (const [name, r] of results) {
    report.checks[name] = r;
    if (r.status === 'error') report.status = 'error';
  }
  return report;
}

/** A readable message for anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return err.errors.map((e) => errorMessage(e)).join('; ');
  }
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
