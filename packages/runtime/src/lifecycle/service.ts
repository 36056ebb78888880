import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Meter, Tracer } from '@opentelemetry/api';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { DestinationStream, Logger } from 'pino';
import { type Contract, ContractError } from '../contract/contract.ts';
import type { BigQueryDataset } from '../datastores/bigquery.ts';
import type { CloudSqlConnector, PostgresDatabase, PostgresPoolOptions } from '../datastores/postgres.ts';
import type { RedisClient } from '../datastores/redis.ts';
import { DataStores } from '../datastores/registry.ts';
import { createDiagnosticsHandler } from '../diagnostics/handler.ts';
import { errorMessage, type HealthCheck } from '../diagnostics/health.ts';
import { HttpServer, type RequestHandler } from '../http/server.ts';
import { type ErrorReporter, startErrorReporting } from '../observability/error-reporting.ts';
import { RuntimeMetrics } from '../observability/metrics.ts';
import { traceOutgoingHttp } from '../observability/outgoing-http.ts';
import {
  bootLogger,
  type Definition,
  exitIfFastExit,
  logContractError,
  onStopSignals,
  readContract,
  routeProcessWarnings,
  startObservability,
} from './bootstrap.ts';
import { ExitCode, signalExitCode } from './exit-codes.ts';
import { type Routine, raceDeadline } from './routine.ts';

/** What `initialize` receives: the contract, the service's config and ready-made clients. */
export interface ServiceContext<C> {
  contract: Contract;
  config: C;
  logger: Logger;
  tracer: Tracer;
  /** The meter for the service's own instruments (exported with the runtime's). */
  meter: Meter;
  /** Aborted when shutdown begins. */
  signal: AbortSignal;
  /** Reports an error to Sentry (when `SENTRY_DSN` is set) besides the log; never throws. */
  reportError(err: unknown): void;
  /**
   * The PostgreSQL pool for `database` (Cloud SQL with IAM auth in production, `PGDSN` locally),
   * opened once, health-checked as `postgres:<database>` and closed at shutdown.
   *
   * @throws when PostgreSQL is not configured or the Cloud SQL connector fails.
   */
  postgres(database: string, pool?: PostgresPoolOptions): Promise<PostgresDatabase>;
  /** The Redis client from `REDIS_ENDPOINT`, health-checked as `redis`. @throws when not configured. */
  redis(): RedisClient;
  /** The platform's BigQuery dataset. @throws when not configured. */
  bigquery(): BigQueryDataset;
  /** Adds a check to `/-/healthz`. */
  addHealthCheck(check: HealthCheck): void;
}

/** What `initialize` returns. */
export interface ServiceSetup {
  /** The HTTP handler; without one, only the diagnostics endpoints answer (others get 404). */
  handler?: RequestHandler;
  /** Background routines: started in order after initialize, stopped in reverse after the HTTP drain. */
  routines?: Routine[];
  /** Extra `/-/healthz` checks (same as calling `addHealthCheck`). */
  healthChecks?: HealthCheck[];
  /**
   * Called with the underlying `node:http` server before it listens: register `upgrade`
   * handlers (WebSockets), tune `keepAliveTimeout`, `headersTimeout`, and so on.
   */
  configureServer?: (server: Server) => void;
}

/** A service: identity, optional typed config, and `initialize`. */
export interface ServiceDefinition<C = undefined> extends Definition<C> {
  /** Builds the handler and routines. Throwing aborts startup with exit code 1. */
  initialize(ctx: ServiceContext<C>): ServiceSetup | Promise<ServiceSetup>;
  /** Per-check timeout of `/-/healthz` in milliseconds; default 2000. */
  healthCheckTimeoutMs?: number;
}

/** Options of {@link startService} and {@link runService}; all optional. */
export interface StartServiceOptions {
  /** Environment to read; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Interface to bind; default all interfaces (Cloud Run requires that). */
  host?: string;
  /** Where logs go; default stdout. */
  logDestination?: DestinationStream;
  /** Replaces the planned span exporter (tests use an in-memory one). */
  spanExporter?: SpanExporter;
  /** Replaces the planned metric reader (tests use an in-memory one). */
  metricReader?: MetricReader;
  /** Replaces the Cloud SQL connector in production mode (tests use a fake). */
  connector?: CloudSqlConnector;
}

/** A started service. */
export interface RunningService {
  readonly contract: Contract;
  readonly logger: Logger;
  /** The bound address. */
  readonly address: AddressInfo;
  /** The underlying `node:http` server (upgrades, timeouts, connection counts). */
  readonly server: Server;
  /** Requests being handled right now. */
  readonly inFlight: number;
  /**
   * Begins the graceful shutdown (idempotent): drain HTTP, stop routines last-first, close data
   * stores, flush telemetry, all within the grace period.
   *
   * @param failed make the exit code 1 even if everything stops cleanly.
   * @returns the exit code: 0 when everything stopped cleanly, 1 otherwise.
   */
  shutdown(reason: string, failed?: boolean): Promise<number>;
  /** Resolves with the exit code once shutdown (started by anyone) completes. */
  readonly stopped: Promise<number>;
}

const notFoundBody = `${JSON.stringify({ error: 'not found' })}\n`;
function notFound(_req: unknown, res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
  res.end(notFoundBody);
}

/**
 * Starts a service without touching the process (no signal handlers, no exit): loads the
 * contract, starts telemetry and logging, runs `initialize`, starts the routines and listens on
 * `PORT` with the diagnostics endpoints.
 *
 * @throws {ContractError} for an invalid environment; rethrows `initialize`, routine start and
 *   listen errors after closing whatever was opened.
 */
export async function startService<C>(
  def: ServiceDefinition<C>,
  opts: StartServiceOptions = {},
): Promise<RunningService> {
  const env = opts.env ?? process.env;
  const parsed = readContract('service', def, env);
  if (!parsed.ok) throw new ContractError(parsed.problems);
  const { contract, config } = parsed;

  const { logger, telemetry } = await startObservability(contract, def, {
    logDestination: opts.logDestination,
    ...(opts.spanExporter ? { spanExporter: opts.spanExporter } : {}),
    ...(opts.metricReader ? { metricReader: opts.metricReader } : {}),
  });
  const metrics = new RuntimeMetrics(telemetry.meter);
  const untraceOutgoing = traceOutgoingHttp(telemetry.tracer);
  const reporter: ErrorReporter = await startErrorReporting(contract, def, logger);
  if (contract.diagnosticsSecret === undefined) {
    logger.warn('DIAGNOSTICS_SECRET is not set: /-/healthz is unauthenticated (local development only)');
  }

  const stores = new DataStores(contract, {
    logger,
    tracer: telemetry.tracer,
    metrics,
    connector: opts.connector,
  });
  const extraChecks: HealthCheck[] = [];
  const lifetime = new AbortController();
  let failRequested: ((err: unknown) => void) | undefined;

  const ctx: ServiceContext<C> = {
    contract,
    config,
    logger,
    tracer: telemetry.tracer,
    meter: telemetry.meter,
    signal: lifetime.signal,
    reportError: (err) => reporter.capture(err),
    postgres: (database, pool) => stores.postgres(database, pool),
    redis: () => stores.redis(),
    bigquery: () => stores.bigquery(),
    addHealthCheck: (check) => {
      extraChecks.push(check);
    },
  };

  const cleanUp = async () => {
    lifetime.abort();
    untraceOutgoing();
    await stores.close();
    await reporter.flush(1000);
    await telemetry.shutdown(2000);
  };

  let setup: ServiceSetup;
  try {
    setup = await def.initialize(ctx);
  } catch (err) {
    await cleanUp();
    throw err;
  }
  if (setup.healthChecks) extraChecks.push(...setup.healthChecks);

  const routines = setup.routines ?? [];
  const started: Routine[] = [];
  try {
    for (const r of routines) {
      await r.start({ logger, signal: lifetime.signal, fail: (err) => failRequested?.(err) });
      started.push(r);
    }
  } catch (err) {
    const signal = AbortSignal.timeout(contract.shutdownGracePeriodMs);
    for (const r of started.reverse())
      await raceDeadline(Promise.resolve(r.stop({ signal, deadline: Date.now() })), signal);
    await cleanUp();
    throw err;
  }

  const http: HttpServer = new HttpServer({
    handler: setup.handler ?? notFound,
    port: contract.port!,
    ...(opts.host === undefined ? {} : { host: opts.host }),
    logger,
    tracer: telemetry.tracer,
    metrics,
    trustedProxyHops: contract.http.trustedProxyHops,
    logQueryStrings: contract.http.logQueryStrings,
    ...(telemetry.prometheus === undefined ? {} : { metricsHandler: telemetry.prometheus }),
    onError: (err) => reporter.capture(err),
    diagnostics: createDiagnosticsHandler({
      secret: contract.diagnosticsSecret,
      version: def.version,
      checks: () => [...stores.healthChecks(), ...extraChecks],
      draining: (): boolean => http.draining,
      ...(def.healthCheckTimeoutMs === undefined ? {} : { timeoutMs: def.healthCheckTimeoutMs }),
      logger,
    }),
  });
  let address: AddressInfo;
  try {
    setup.configureServer?.(http.server);
    address = await http.listen();
  } catch (err) {
    await cleanUp();
    throw err;
  }
  logger.info(
    {
      port: address.port,
      msp: contract.msp,
      environment: contract.environmentId,
      tracing: telemetry.plan.exporter,
      metrics: telemetry.plan.metrics,
      errorReporting: reporter.kind,
    },
    `service ${def.name} ${def.version} started`,
  );

  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve;
  });
  let shuttingDown: Promise<number> | undefined;

  const shutdown = (reason: string, failed = false): Promise<number> => {
    shuttingDown ??= (async () => {
      const grace = contract.shutdownGracePeriodMs;
      const begun = Date.now();
      const deadline = begun + grace;
      // Keep a slice of the grace period for routines, pools and the telemetry flush.
      const reserve = Math.min(1000, Math.floor(grace / 4));
      // drain() marks the server as draining synchronously, before this line is logged: from
      // here on every answer carries Connection: close and readiness answers 503.
      const inFlight = http.inFlight;
      const draining = http.drain(deadline - reserve);
      logger.info({ reason, gracePeriodMs: grace, inFlight }, 'shutting down');
      lifetime.abort();
      let code: number = failed ? ExitCode.FAILURE : ExitCode.OK;

      const { abandoned } = await draining;
      if (abandoned > 0) code = ExitCode.FAILURE;

      const stopSignal = AbortSignal.timeout(Math.max(0, Math.floor(deadline - Date.now() - reserve / 2)));
      for (const r of [...started].reverse()) {
        let outcome: 'stopped' | 'failed' | undefined;
        await raceDeadline(
          Promise.resolve()
            .then(() => r.stop({ signal: stopSignal, deadline: Math.floor(deadline - reserve / 2) }))
            .then(
              () => {
                outcome = 'stopped';
              },
              (err: unknown) => {
                outcome = 'failed';
                logger.error(
                  { err, routine: r.name },
                  `routine ${r.name} failed to stop: ${errorMessage(err)}`,
                );
              },
            ),
          stopSignal,
        );
        if (outcome === undefined)
          logger.error({ routine: r.name }, `routine ${r.name} did not stop in time`);
        if (outcome !== 'stopped') code = ExitCode.FAILURE;
      }

      // Data store clients close within their own bound; a hung one is logged but does not turn
      // a clean stop into a failure (every request was answered, nothing is lost).
      const closeSignal = AbortSignal.timeout(Math.max(0, Math.floor(deadline - Date.now() - reserve / 4)));
      let closeErrors: string[] | undefined;
      await raceDeadline(
        stores.close().then((e) => {
          closeErrors = e;
        }),
        closeSignal,
      );
      if (closeErrors === undefined)
        logger.warn('data stores did not close in time; their connections are dropped');
      else if (closeErrors.length > 0)
        logger.warn({ errors: closeErrors }, 'data stores failed to close cleanly');
      untraceOutgoing();
      logger.info({ exitCode: code, durationMs: Date.now() - begun }, 'service stopped');
      // Exporters get what is left (minus a margin before the watchdog); a hung one is abandoned.
      const left = () => Math.max(0, deadline - Date.now() - 50);
      await raceDeadline(
        reporter.flush(Math.floor(left() / 2)),
        AbortSignal.timeout(Math.max(1, Math.floor(left() / 2))),
      );
      await telemetry.shutdown(left());
      resolveStopped(code);
      return code;
    })();
    return shuttingDown;
  };
  failRequested = (err) => {
    logger.error({ err }, `routine failed: ${errorMessage(err)}`);
    reporter.capture(err);
    void shutdown('routine failed', true);
  };

  return {
    contract,
    logger,
    address,
    server: http.server,
    get inFlight() {
      return http.inFlight;
    },
    shutdown,
    stopped,
  };
}

/** Options of {@link runService}. */
export interface RunServiceOptions extends StartServiceOptions {
  /** Command-line arguments (for `--help`); default `process.argv.slice(2)`. */
  argv?: readonly string[];
}

/**
 * The entry point of a service: handles `--help` and `SANITY_CHECK`, starts the service
 * ({@link startService}), and on SIGTERM or SIGINT shuts it down within the grace period
 * (`SHUTDOWN_GRACE_PERIOD`, default 9 s), then exits. A second signal exits at once with
 * 128 + signal number; a watchdog exits with 1 if shutdown overruns the grace period.
 *
 * Exit codes: 0 after a clean shutdown; 1 for an invalid environment (every problem logged in
 * one CRITICAL line), a failed start, a failed routine, requests cut off, or an overrun.
 */
export async function runService<C>(def: ServiceDefinition<C>, opts: RunServiceOptions = {}): Promise<never> {
  exitIfFastExit('service', def, opts);

  let service: RunningService;
  try {
    service = await startService(def, opts);
  } catch (err) {
    if (err instanceof ContractError) logContractError(def, err, opts.logDestination);
    else bootLogger(def, opts.logDestination).fatal({ err }, `service failed to start: ${errorMessage(err)}`);
    process.exit(ExitCode.FAILURE);
  }

  if (service.contract.msp) routeProcessWarnings(service.logger);
  let signalled: NodeJS.Signals | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  const begin = (reason: string, failed: boolean) => {
    watchdog ??= setTimeout(() => {
      service.logger.fatal(
        { gracePeriodMs: service.contract.shutdownGracePeriodMs },
        'grace period exceeded: exiting',
      );
      process.exit(ExitCode.FAILURE);
    }, service.contract.shutdownGracePeriodMs);
    void service.shutdown(reason, failed);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled !== undefined) {
      service.logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(signalExitCode(signal));
    }
    signalled = signal;
    begin(signal, false);
  };
  onStopSignals(onSignal);
  process.on('uncaughtException', (err) => {
    service.logger.fatal({ err }, `uncaught exception: ${errorMessage(err)}`);
    begin('uncaught exception', true);
  });
  process.on('unhandledRejection', (err) => {
    service.logger.fatal({ err }, `unhandled rejection: ${errorMessage(err)}`);
    begin('unhandled rejection', true);
  });

  const code = await service.stopped;
  clearTimeout(watchdog);
  process.exit(code);
}
