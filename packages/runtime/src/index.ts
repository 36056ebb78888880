// Public API of @msp/runtime. Every export is named here on purpose.

export {
  type Contract,
  ContractError,
  type ContractOptions,
  type ContractResult,
  DEFAULT_PG_CONNECT_TIMEOUT_MS,
  DEFAULT_PG_QUERY_TIMEOUT_MS,
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
  DEFAULT_SHUTDOWN_GRACE_PERIOD_MS,
  GOOGLE_OTLP_ENDPOINT,
  isInstanceConnectionName,
  LOCAL_ONLY_VARIABLES,
  LOCAL_OTLP_ENDPOINT,
  LOG_LEVELS,
  type LogLevel,
  loadContract,
  type MetricsExporter,
  type PostgresContract,
  parseContract,
  type RuntimeKind,
  renderDsn,
  type TracesExporter,
} from './contract/contract.ts';
export { formatSeconds, parseDuration } from './contract/duration.ts';
export {
  type EnvOptions,
  type EnvProblem,
  EnvReader,
  type EnvVariableInfo,
  type NumberOptions,
} from './contract/env-reader.ts';
export {
  CONTAINER_PORT,
  LIVENESS_PATH,
  METRICS_PATH,
  PLATFORM_ENV,
  PLATFORM_SHUTDOWN_LIMIT_MS,
  type PlatformEnvCondition,
  type PlatformEnvName,
  type PlatformEnvVar,
  PROBES,
  platformEnvVar,
  READINESS_PATH,
} from './contract/platform.ts';
export { BigQueryDataset, openBigQuery } from './datastores/bigquery.ts';
export { readCertificates, trustedCertificates } from './datastores/certs.ts';
export {
  buildPoolConfig,
  type CloudSqlConnector,
  cloudSqlConnectionOptions,
  openPostgres,
  PostgresDatabase,
  type PostgresDeps,
  type PostgresPoolOptions,
  PostgresTimeoutError,
} from './datastores/postgres.ts';
export {
  openRedis,
  type Redis,
  RedisClient,
  type RedisDeps,
  RedisTimeoutError,
  redisOptions,
} from './datastores/redis.ts';
export { type DataStoreDeps, DataStores } from './datastores/registry.ts';
export { isAuthorized, parseBearerToken, tokenMatches } from './diagnostics/auth.ts';
export {
  createDiagnosticsHandler,
  type DiagnosticsHandler,
  type DiagnosticsOptions,
  HEALTHZ_PATH,
  VERSION_PATH,
} from './diagnostics/handler.ts';
export {
  DEFAULT_HEALTH_CHECK_TIMEOUT_MS,
  errorMessage,
  type HealthCheck,
  type HealthCheckContext,
  type HealthCheckResult,
  type HealthReport,
  runHealthChecks,
} from './diagnostics/health.ts';
export { expressErrorHandler, type FastifyIntegration, useFastify } from './http/frameworks.ts';
export {
  clientIp,
  currentRequest,
  type RequestState,
  redactUrl,
  requestSignal,
  requestState,
  setRoute,
} from './http/request-context.ts';
export {
  type DrainResult,
  type HttpRequestLog,
  HttpServer,
  type HttpServerOptions,
  type RequestHandler,
  reportRequestError,
} from './http/server.ts';
export { formatHelp, type Identity, routeProcessWarnings } from './lifecycle/bootstrap.ts';
export { ExitCode, signalExitCode } from './lifecycle/exit-codes.ts';
export {
  DeadlineExceededError,
  type ExecuteJobOptions,
  executeJob,
  type JobContext,
  type JobDefinition,
  jobExecutionId,
  runJob,
  uuidv7,
} from './lifecycle/job.ts';
export {
  createIntervalRoutine,
  type IntervalRoutineOptions,
  type Routine,
  type RoutineContext,
  raceDeadline,
  type StopContext,
} from './lifecycle/routine.ts';
export {
  type RunningService,
  type RunServiceOptions,
  runService,
  type ServiceContext,
  type ServiceDefinition,
  type ServiceSetup,
  type StartServiceOptions,
  startService,
} from './lifecycle/service.ts';
export { type ErrorReporter, startErrorReporting } from './observability/error-reporting.ts';
export {
  createLogger,
  type Logger,
  type LoggerOptions,
  RESERVED_LOG_FIELDS,
  SPAN_ID_FIELD,
  serializeError,
  TRACE_FIELD,
  TRACE_SAMPLED_FIELD,
  traceLogFields,
} from './observability/logger.ts';
export { type PoolStats, RuntimeMetrics } from './observability/metrics.ts';
export { traceOutgoingHttp } from './observability/outgoing-http.ts';
export {
  createMetricExporter,
  createSpanExporter,
  METRIC_EXPORT_INTERVAL_MS,
  planTelemetry,
  type StartTelemetryOptions,
  startTelemetry,
  type Telemetry,
  type TelemetryPlan,
  TRACER_NAME,
} from './observability/telemetry.ts';
export {
  extractTraceContext,
  parseCloudTraceContext,
  parseTraceparent,
} from './observability/trace-context.ts';
