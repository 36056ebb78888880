import { randomBytes } from 'node:crypto';
import {
  context,
  isSpanContextValid,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { DestinationStream, Logger } from 'pino';
import { type Contract, ContractError } from '../contract/contract.ts';
import type { BigQueryDataset } from '../datastores/bigquery.ts';
import type { CloudSqlConnector, PostgresDatabase, PostgresPoolOptions } from '../datastores/postgres.ts';
import type { RedisClient } from '../datastores/redis.ts';
import { DataStores } from '../datastores/registry.ts';
import { errorMessage } from '../diagnostics/health.ts';
import { RuntimeMetrics } from '../observability/metrics.ts';
import {
  type Definition,
  exitIfFastExit,
  logContractError,
  onStopSignals,
  readContract,
  startObservability,
} from './bootstrap.ts';
import { ExitCode, signalExitCode } from './exit-codes.ts';
import { raceDeadline } from './routine.ts';

/** What a job's `execute` receives. */
export interface JobContext<C> {
  contract: Contract;
  config: C;
  /** Logger whose lines carry `jobExecutionId`. */
  logger: Logger;
  tracer: Tracer;
  /** See {@link jobExecutionId}. */
  executionId: string;
  /** Aborted when the deadline passes or SIGTERM/SIGINT arrives; `signal.reason` says which. */
  signal: AbortSignal;
  /** The PostgreSQL pool for `database`, closed when the job ends. */
  postgres(database: string, pool?: PostgresPoolOptions): Promise<PostgresDatabase>;
  /** The Redis client, closed when the job ends. */
  redis(): RedisClient;
  /** The platform's BigQuery dataset. */
  bigquery(): BigQueryDataset;
}

/** A job: identity, optional typed config, and `execute`. */
export interface JobDefinition<C = undefined> extends Definition<C> {
  /** The work. Resolving means success (exit 0); throwing means failure (exit 1). */
  execute(ctx: JobContext<C>): Promise<void> | void;
  /** Deadline in ms; default `JOB_EXECUTION_DEADLINE` (the Cloud Run task timeout), else none. */
  deadlineMs?: number;
}

/** Options of {@link executeJob} and {@link runJob}. */
export interface ExecuteJobOptions {
  env?: Readonly<Record<string, string | undefined>>;
  logDestination?: DestinationStream;
  spanExporter?: SpanExporter;
  connector?: CloudSqlConnector;
  /** Aborts the job from outside (what `runJob` wires to SIGTERM/SIGINT); the reason is logged. */
  signal?: AbortSignal;
  /** Command-line arguments (for `--help`); default `process.argv.slice(2)` in `runJob`. */
  argv?: readonly string[];
}

/** Raised into `ctx.signal` when the job's deadline passes. */
export class DeadlineExceededError extends Error {
  constructor(deadlineMs: number) {
    super(`job deadline of ${deadlineMs}ms exceeded`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits; sorts by creation time.
 */
export function uuidv7(now: number = Date.now()): string {
  const b = randomBytes(16);
  let ts = BigInt(now);
  for (let i = 5; i >= 0; i--) {
    b[i] = Number(ts & 0xffn);
    ts >>= 8n;
  }
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The execution ID of a job run: `CLOUD_RUN_EXECUTION[-CLOUD_RUN_TASK_INDEX][-CLOUD_RUN_TASK_ATTEMPT]`
 * on Cloud Run; otherwise the trace ID of the job's span when tracing; otherwise a UUIDv7.
 */
export function jobExecutionId(job: Contract['job'], traceId?: string): string {
  if (job.execution !== undefined) {
    let id = job.execution;
    if (job.taskIndex !== undefined) id += `-${job.taskIndex}`;
    if (job.taskAttempt !== undefined) id += `-${job.taskAttempt}`;
    return id;
  }
  return traceId ?? uuidv7();
}

/**
 * Runs a job once without touching the process: loads the contract, runs `execute` under a
 * deadline, closes data stores and flushes telemetry.
 *
 * @returns the exit code: 0 on success; 1 for an invalid environment, a failure or a missed
 *   deadline; 130/143 when `opts.signal` was aborted by SIGINT/SIGTERM. Never rejects.
 */
export async function executeJob<C>(def: JobDefinition<C>, opts: ExecuteJobOptions = {}): Promise<number> {
  const env = opts.env ?? process.env;
  const parsed = readContract('job', def, env);
  if (!parsed.ok) {
    logContractError(def, new ContractError(parsed.problems), opts.logDestination);
    return ExitCode.FAILURE;
  }
  const { contract, config } = parsed;
  const { logger: rootLogger, telemetry } = await startObservability(contract, def, {
    logDestination: opts.logDestination,
    ...(opts.spanExporter ? { spanExporter: opts.spanExporter } : {}),
  });
  const span = telemetry.tracer.startSpan(`job ${def.name}`, { kind: SpanKind.INTERNAL });
  const sc = span.spanContext();
  const executionId = jobExecutionId(
    contract.job,
    span.isRecording() && isSpanContextValid(sc) ? sc.traceId : undefined,
  );
  span.setAttribute('job.execution_id', executionId);
  const logger = rootLogger.child({ jobExecutionId: executionId });
  const stores = new DataStores(contract, {
    logger,
    tracer: telemetry.tracer,
    metrics: new RuntimeMetrics(telemetry.meter),
    connector: opts.connector,
  });

  const controller = new AbortController();
  const deadlineMs = def.deadlineMs ?? contract.job.deadlineMs;
  const started = Date.now();
  let deadlineTimer: NodeJS.Timeout | undefined;
  let interrupted: NodeJS.Signals | undefined;
  const stopped = new Promise<'deadline' | 'signal'>((resolve) => {
    if (deadlineMs !== undefined) {
      deadlineTimer = setTimeout(() => {
        controller.abort(new DeadlineExceededError(deadlineMs));
        resolve('deadline');
      }, deadlineMs);
    }
    const onAbort = () => {
      const reason: unknown = opts.signal?.reason;
      interrupted = reason === 'SIGINT' || reason === 'SIGTERM' ? reason : 'SIGTERM';
      controller.abort(new Error(`job interrupted by ${interrupted}`));
      resolve('signal');
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
  });

  logger.info(
    { cronSchedule: contract.job.cronSchedule, deadlineMs, environment: contract.environmentId },
    `job ${def.name} ${def.version}: execution starting`,
  );
  let code: number;
  const ctx: JobContext<C> = {
    contract,
    config,
    logger,
    tracer: telemetry.tracer,
    executionId,
    signal: controller.signal,
    postgres: (database, pool) => stores.postgres(database, pool),
    redis: () => stores.redis(),
    bigquery: () => stores.bigquery(),
  };
  const run = context
    .with(trace.setSpan(context.active(), span), async () => def.execute(ctx))
    .then(
      () => ({ ok: true as const }),
      (err: unknown) => ({ ok: false as const, err }),
    );
  const first = await Promise.race([run, stopped]);
  clearTimeout(deadlineTimer);
  if (first === 'deadline' || first === 'signal') {
    // Give execute the grace period to notice the abort and clean up.
    const grace = AbortSignal.timeout(contract.shutdownGracePeriodMs);
    await raceDeadline(run, grace);
    if (first === 'deadline') {
      logger.error(
        { deadlineMs, durationMs: Date.now() - started },
        `job execution failed: deadline of ${deadlineMs}ms exceeded`,
      );
      code = ExitCode.FAILURE;
    } else {
      logger.warn(
        { signal: interrupted, durationMs: Date.now() - started },
        `job execution interrupted by ${interrupted}`,
      );
      code = signalExitCode(interrupted ?? 'SIGTERM');
    }
    span.setStatus({ code: SpanStatusCode.ERROR, message: first });
  } else if (first.ok) {
    logger.info({ durationMs: Date.now() - started }, 'job execution succeeded');
    code = ExitCode.OK;
  } else {
    logger.error(
      { err: first.err, durationMs: Date.now() - started },
      `job execution failed: ${errorMessage(first.err)}`,
    );
    span.recordException(first.err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(first.err) });
    code = ExitCode.FAILURE;
  }
  span.end();
  const closeSignal = AbortSignal.timeout(5000);
  await raceDeadline(
    stores.close().then((errors) => {
      if (errors.length > 0) logger.warn({ errors }, 'data stores failed to close');
    }),
    closeSignal,
  );
  await telemetry.shutdown(5000);
  return code;
}

/**
 * The entry point of a Cloud Run job: handles `--help` and `SANITY_CHECK`, runs
 * {@link executeJob} with SIGTERM/SIGINT wired to abort it, then exits with its code
 * (0 success, 1 failure or missed deadline, 130/143 interrupted). A second signal exits at once.
 */
export async function runJob<C>(def: JobDefinition<C>, opts: ExecuteJobOptions = {}): Promise<never> {
  exitIfFastExit('job', def, opts);
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signalExitCode(signal));
    controller.abort(signal);
  };
  onStopSignals(onSignal);
  const code = await executeJob(def, { ...opts, signal: controller.signal });
  process.exit(code);
}
