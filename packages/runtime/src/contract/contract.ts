import { formatSeconds } from './duration.ts';
import { type EnvProblem, EnvReader, type EnvVariableInfo } from './env-reader.ts';
import { PLATFORM_SHUTDOWN_LIMIT_MS } from './platform.ts';

/** Whether the process is a long-running service (listens on `PORT`) or a Cloud Run job. */
export type RuntimeKind = 'service' | 'job';

/** Log levels accepted in `LOG_LEVEL`. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
/** A pino log level name. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How PostgreSQL is reached. */
export type PostgresContract =
  | {
      /** Production: Cloud SQL connector, private IP, automatic IAM authentication. */
      mode: 'cloudsql';
      /** `PGINSTANCE`: the instance connection name `<project>:<region>:<instance>`. */
      instanceConnectionName: string;
      /** `PGUSER`: the IAM database user (service account email without `.gserviceaccount.com`). */
      user: string;
    }
  | {
      /** Local development: a connection URL template from `PGDSN`. */
      mode: 'dsn';
      /** `PGDSN`, may contain `{{ .Database }}`, replaced by the database name. */
      dsnTemplate: string;
    };

/** Where traces go: OTLP (Cloud Trace's OTLP endpoint in production), stdout, or nowhere. */
export type TracesExporter = 'otlp' | 'console' | 'none';
/** Where metrics go: OTLP (Cloud Monitoring's OTLP endpoint in production), Prometheus (local), or nowhere. */
export type MetricsExporter = 'otlp' | 'prometheus' | 'none';

/** Google's OTLP endpoint for Cloud Trace and Cloud Monitoring. */
export const GOOGLE_OTLP_ENDPOINT = 'https://telemetry.googleapis.com';
/** The usual local collector's OTLP/HTTP endpoint. */
export const LOCAL_OTLP_ENDPOINT = 'http://localhost:4318';

/** Everything the platform injects into the container, typed and validated. */
export interface Contract {
  kind: RuntimeKind;
  /** `MSP=true`: running on the platform (production mode). */
  msp: boolean;
  /** `ENVIRONMENT_ID`; `unknown` locally when unset. */
  environmentId: string;
  /** `PORT` for services (Cloud Run sets 9992); `undefined` for jobs. */
  port: number | undefined;
  /** `DIAGNOSTICS_SECRET`: bearer token for `/-/healthz`; required in production. */
  diagnosticsSecret: string | undefined;
  /** `GOOGLE_CLOUD_PROJECT`: the environment's project; required in production. */
  googleCloudProject: string | undefined;
  /** `EXTERNAL_DNS_NAME`: `<subdomain>.<zone>` when the service has a domain. */
  externalDnsName: string | undefined;
  /** `REDIS_ENDPOINT`, when Redis is provisioned (or configured locally). */
  redis: { endpoint: URL; tls: boolean } | undefined;
  /** PostgreSQL access: `PGINSTANCE` + `PGUSER` in production, `PGDSN` locally. */
  postgres: PostgresContract | undefined;
  /** `PG_QUERY_LOGGING` (local only): log every query at debug level. */
  pgQueryLogging: boolean;
  /** `BIGQUERY_PROJECT_ID` + `BIGQUERY_DATASET_ID`, when a dataset is provisioned. */
  bigquery: { projectId: string; datasetId: string } | undefined;
  /** `SENTRY_DSN`: errors are reported to Sentry when set (off otherwise). */
  sentryDsn: string | undefined;
  /** `SSL_CERT_DIR` split on `:`: directories whose certificates are trusted in addition to Node's. */
  sslCertDirs: string[];
  /**
   * OpenTelemetry settings (`OTEL_SDK_DISABLED`, `OTEL_GCP_PROJECT_ID`, `OTEL_TRACES_EXPORTER`,
   * `OTEL_METRICS_EXPORTER`, `OTEL_EXPORTER_OTLP_ENDPOINT`). `gcpProjectId` is the project traces
   * and metrics are written to, and the project of the logs' trace field, so they always agree.
   */
  telemetry: {
    disabled: boolean;
    exporter: TracesExporter;
    metrics: MetricsExporter;
    otlpEndpoint: string;
    gcpProjectId: string | undefined;
  };
  /** Client-side timeouts of data store calls, in milliseconds. */
  timeouts: {
    /** `PG_QUERY_TIMEOUT`, default 10 s: a query without an answer by then fails and its connection is dropped. */
    pgQueryMs: number;
    /** `PG_CONNECT_TIMEOUT`, default 5 s: waiting for a pooled connection (including connecting). */
    pgConnectMs: number;
    /** `REDIS_COMMAND_TIMEOUT`, default 2 s: a command without a reply by then fails. */
    redisCommandMs: number;
    /** `REDIS_CONNECT_TIMEOUT`, default 5 s. */
    redisConnectMs: number;
  };
  /** HTTP server behaviour. */
  http: {
    /**
     * `TRUSTED_PROXY_HOPS`: how many proxies of your own add themselves to `X-Forwarded-For`
     * (default 1 on the platform: Google's load balancer; 0 locally). The client IP is the entry
     * just left of theirs; with 0 (or a shorter header) it is the socket's peer.
     */
    trustedProxyHops: number;
    /** `LOG_QUERY_STRINGS`: keep query string values in request logs; default false (values redacted). */
    logQueryStrings: boolean;
  };
  /** Job variables: schedule and deadline from the platform, execution identity from Cloud Run. */
  job: {
    /** `JOB_EXECUTION_CRON_SCHEDULE`. */
    cronSchedule: string | undefined;
    /** `JOB_EXECUTION_DEADLINE` (`300s`) in milliseconds. */
    deadlineMs: number | undefined;
    /** `CLOUD_RUN_EXECUTION`. */
    execution: string | undefined;
    /** `CLOUD_RUN_TASK_INDEX`. */
    taskIndex: number | undefined;
    /** `CLOUD_RUN_TASK_ATTEMPT`. */
    taskAttempt: number | undefined;
    /** `CLOUD_RUN_TASK_COUNT`. */
    taskCount: number | undefined;
  };
  /** Cloud Run's own identity variables (`K_SERVICE`, `K_REVISION`, `CLOUD_RUN_JOB`), if set. */
  cloudRun: { service: string | undefined; revision: string | undefined; job: string | undefined };
  /** `LOG_LEVEL`, default `info`. */
  logLevel: LogLevel;
  /** `SHUTDOWN_GRACE_PERIOD` in milliseconds, default 9 s (Cloud Run sends SIGKILL 10 s after SIGTERM). */
  shutdownGracePeriodMs: number;
  /** `SANITY_CHECK=true`: print name and version, exit 0 (image smoke test). */
  sanityCheck: boolean;
}

/** The outcome of {@link parseContract}: either everything, or every problem found. */
export type ContractResult<C> =
  | { ok: true; contract: Contract; config: C; variables: readonly EnvVariableInfo[] }
  | { ok: false; problems: readonly EnvProblem[]; variables: readonly EnvVariableInfo[] };

/** Options of {@link parseContract} and {@link loadContract}. */
export interface ContractOptions<C> {
  /** `service` (default) requires `PORT`; `job` does not. */
  kind?: RuntimeKind;
  /** Reads the service's own variables from the same reader, so their problems are reported together. */
  config?: (env: EnvReader) => C;
}

/** Default shutdown grace period: one second less than Cloud Run's 10 s, to flush logs and traces. */
export const DEFAULT_SHUTDOWN_GRACE_PERIOD_MS = 9000;
/** Default `PG_QUERY_TIMEOUT`. */
export const DEFAULT_PG_QUERY_TIMEOUT_MS = 10_000;
/** Default `PG_CONNECT_TIMEOUT`. */
export const DEFAULT_PG_CONNECT_TIMEOUT_MS = 5000;
/** Default `REDIS_COMMAND_TIMEOUT`. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2000;
/** Default `REDIS_CONNECT_TIMEOUT`. */
export const DEFAULT_REDIS_CONNECT_TIMEOUT_MS = 5000;

/** Variables accepted only outside the platform (`MSP` not `true`). */
export const LOCAL_ONLY_VARIABLES = ['PGDSN', 'PG_QUERY_LOGGING'] as const;

const HOSTNAME_RE =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const CRON_FIELD_RE = /^[\d*,/\-A-Za-z?LW#]+$/;

/**
 * Reads and validates the runtime contract from `env`, together with the service's own
 * configuration (`opts.config`).
 *
 * Never throws (unless `opts.config` does): every missing or malformed variable becomes one
 * {@link EnvProblem} naming it, and all are returned together. In production mode (`MSP=true`)
 * `ENVIRONMENT_ID`, `GOOGLE_CLOUD_PROJECT` and `DIAGNOSTICS_SECRET` are required and local-only
 * knobs (`PGDSN`, `PG_QUERY_LOGGING`, `OTEL_TRACES_EXPORTER=console`, a plain `redis://` endpoint)
 * are refused.
 */
export function parseContract<C = undefined>(
  env: Readonly<Record<string, string | undefined>>,
  opts: ContractOptions<C> = {},
): ContractResult<C> {
  const kind = opts.kind ?? 'service';
  const r = new EnvReader(env);
  const msp = r.bool('MSP', { default: false, description: 'true on the platform (production mode)' });

  const environmentId = msp
    ? r.string('ENVIRONMENT_ID', { description: 'environment ID' })
    : r.string('ENVIRONMENT_ID', { default: 'unknown', description: 'environment ID' });

  let port: number | undefined;
  if (kind === 'service') {
    // Port 0 (any free port) is for local runs and tests only.
    port = r.int('PORT', { min: msp ? 1 : 0, max: 65535, description: 'port to listen on (all interfaces)' });
  }

  const diagnosticsSecret = msp
    ? r.string('DIAGNOSTICS_SECRET', { description: 'bearer token for /-/healthz' })
    : r.optionalString('DIAGNOSTICS_SECRET', { description: 'bearer token for /-/healthz' });
  const googleCloudProject = msp
    ? r.string('GOOGLE_CLOUD_PROJECT', { description: 'GCP project of the environment' })
    : r.optionalString('GOOGLE_CLOUD_PROJECT', { description: 'GCP project of the environment' });

  const externalDnsName = r.optionalString('EXTERNAL_DNS_NAME', { description: 'public DNS name' });
  if (externalDnsName !== undefined && !HOSTNAME_RE.test(externalDnsName)) {
    r.addProblem('EXTERNAL_DNS_NAME', `must be a DNS name, got ${JSON.stringify(externalDnsName)}`);
  }

  // Redis: a URL with auth; the platform always gives rediss:// (Memorystore with TLS).
  let redis: Contract['redis'];
  const redisUrl = r.optionalUrl('REDIS_ENDPOINT', {
    description: 'Redis URL (rediss://:<auth>@host:port)',
    protocols: ['redis:', 'rediss:'],
  });
  if (redisUrl !== undefined) {
    if (redisUrl.hostname === '') r.addProblem('REDIS_ENDPOINT', 'must name a host');
    else if (msp && redisUrl.protocol !== 'rediss:') {
      r.addProblem(
        'REDIS_ENDPOINT',
        'must use rediss:// (TLS) when MSP=true; redis:// is for local development',
      );
    } else redis = { endpoint: redisUrl, tls: redisUrl.protocol === 'rediss:' };
  }

  // PostgreSQL: PGINSTANCE + PGUSER (Cloud SQL, IAM auth), or PGDSN locally.
  let postgres: PostgresContract | undefined;
  const pgInstance = r.optionalString('PGINSTANCE', { description: 'Cloud SQL instance connection name' });
  const pgUser = r.optionalString('PGUSER', { description: 'Cloud SQL IAM database user' });
  const pgDsn = r.optionalString('PGDSN', {
    description: 'local only: postgres:// URL, may use {{ .Database }}',
  });
  const pgQueryLogging = r.bool('PG_QUERY_LOGGING', {
    default: false,
    description: 'local only: log queries',
  });
  if (msp) {
    if (pgDsn !== undefined)
      r.addProblem('PGDSN', 'is for local development only and is refused when MSP=true');
    if (r.has('PG_QUERY_LOGGING')) {
      r.addProblem('PG_QUERY_LOGGING', 'is for local development only and is refused when MSP=true');
    }
  }
  if (pgDsn !== undefined && !msp) {
    if (checkDsnTemplate(pgDsn) !== undefined) r.addProblem('PGDSN', checkDsnTemplate(pgDsn)!);
    else postgres = { mode: 'dsn', dsnTemplate: pgDsn };
  } else if (pgInstance !== undefined || pgUser !== undefined) {
    if (pgInstance === undefined) r.addProblem('PGINSTANCE', 'is required when PGUSER is set');
    else if (!isInstanceConnectionName(pgInstance)) {
      r.addProblem('PGINSTANCE', `must be <project>:<region>:<instance>, got ${JSON.stringify(pgInstance)}`);
    }
    if (pgUser === undefined) r.addProblem('PGUSER', 'is required when PGINSTANCE is set');
    if (pgInstance !== undefined && pgUser !== undefined && isInstanceConnectionName(pgInstance)) {
      postgres = { mode: 'cloudsql', instanceConnectionName: pgInstance, user: pgUser };
    }
  }

  let bigquery: Contract['bigquery'];
  const bqProject = r.optionalString('BIGQUERY_PROJECT_ID', { description: 'BigQuery dataset project' });
  const bqDataset = r.optionalString('BIGQUERY_DATASET_ID', { description: 'BigQuery dataset ID' });
  if (bqProject !== undefined || bqDataset !== undefined) {
    if (bqProject === undefined)
      r.addProblem('BIGQUERY_PROJECT_ID', 'is required when BIGQUERY_DATASET_ID is set');
    if (bqDataset === undefined)
      r.addProblem('BIGQUERY_DATASET_ID', 'is required when BIGQUERY_PROJECT_ID is set');
    else if (!/^\w{1,1024}$/.test(bqDataset)) {
      r.addProblem('BIGQUERY_DATASET_ID', 'must contain only letters, digits and underscores');
    }
    if (bqProject !== undefined && bqDataset !== undefined)
      bigquery = { projectId: bqProject, datasetId: bqDataset };
  }

  const sentryUrl = r.optionalUrl('SENTRY_DSN', {
    description: 'Sentry DSN',
    protocols: ['https:', 'http:'],
  });
  const sslCertDirs = (
    r.optionalString('SSL_CERT_DIR', { description: 'extra CA directories, :-separated' }) ?? ''
  )
    .split(':')
    .filter((d) => d !== '');

  const otelDisabled = r.bool('OTEL_SDK_DISABLED', { default: false, description: 'disable OpenTelemetry' });
  const otelProject = r.optionalString('OTEL_GCP_PROJECT_ID', {
    description: 'project traces and metrics are written to (default GOOGLE_CLOUD_PROJECT)',
  });
  // `gcp` is the name this setting had when traces went through the Cloud Trace exporter.
  const tracesSetting = r.oneOf('OTEL_TRACES_EXPORTER', ['otlp', 'gcp', 'console', 'none'] as const, {
    default: msp ? 'otlp' : 'none',
    description: 'traces exporter: otlp (Cloud Trace over OTLP in production), console (local only) or none',
  });
  const exporter: TracesExporter = tracesSetting === 'gcp' ? 'otlp' : tracesSetting;
  if (msp && exporter === 'console') {
    r.addProblem(
      'OTEL_TRACES_EXPORTER',
      'console is for local development only and is refused when MSP=true',
    );
  }
  const metrics = r.oneOf('OTEL_METRICS_EXPORTER', ['otlp', 'prometheus', 'none'] as const, {
    default: msp ? 'otlp' : 'none',
    description: `metrics exporter: otlp (Cloud Monitoring over OTLP in production), prometheus (local only, served on ${'/-/metrics'}) or none`,
  });
  if (msp && metrics === 'prometheus') {
    r.addProblem(
      'OTEL_METRICS_EXPORTER',
      'prometheus is for local development only and is refused when MSP=true',
    );
  }
  const otlpUrl = r.optionalUrl('OTEL_EXPORTER_OTLP_ENDPOINT', {
    description: `OTLP/HTTP endpoint (default ${GOOGLE_OTLP_ENDPOINT} in production, ${LOCAL_OTLP_ENDPOINT} locally)`,
    protocols: ['http:', 'https:'],
  });
  const otlpEndpoint = (otlpUrl?.toString() ?? (msp ? GOOGLE_OTLP_ENDPOINT : LOCAL_OTLP_ENDPOINT)).replace(
    /\/$/,
    '',
  );
  const gcpProjectId = otelProject ?? googleCloudProject;
  const cronSchedule = r.optionalString('JOB_EXECUTION_CRON_SCHEDULE', { description: 'job cron schedule' });
  if (cronSchedule !== undefined && !isCron(cronSchedule)) {
    r.addProblem(
      'JOB_EXECUTION_CRON_SCHEDULE',
      `must be a cron expression, got ${JSON.stringify(cronSchedule)}`,
    );
  }
  const deadlineMs = r.optionalDuration('JOB_EXECUTION_DEADLINE', { description: 'job deadline, e.g. 300s' });
  if (deadlineMs === 0) r.addProblem('JOB_EXECUTION_DEADLINE', 'must be greater than 0s');
  const job: Contract['job'] = {
    cronSchedule,
    deadlineMs,
    execution: r.optionalString('CLOUD_RUN_EXECUTION'),
    taskIndex: r.optionalInt('CLOUD_RUN_TASK_INDEX', { min: 0 }),
    taskAttempt: r.optionalInt('CLOUD_RUN_TASK_ATTEMPT', { min: 0 }),
    taskCount: r.optionalInt('CLOUD_RUN_TASK_COUNT', { min: 1 }),
  };

  const contract: Contract = {
    kind,
    msp,
    environmentId,
    port,
    diagnosticsSecret,
    googleCloudProject,
    externalDnsName,
    redis,
    postgres,
    pgQueryLogging: msp ? false : pgQueryLogging,
    bigquery,
    sentryDsn: sentryUrl?.toString(),
    sslCertDirs,
    telemetry: {
      disabled: otelDisabled,
      exporter: otelDisabled ? 'none' : exporter,
      metrics: otelDisabled ? 'none' : metrics,
      otlpEndpoint,
      gcpProjectId,
    },
    timeouts: {
      pgQueryMs: positiveDuration(
        r,
        'PG_QUERY_TIMEOUT',
        DEFAULT_PG_QUERY_TIMEOUT_MS,
        'client-side PostgreSQL query timeout',
      ),
      pgConnectMs: positiveDuration(
        r,
        'PG_CONNECT_TIMEOUT',
        DEFAULT_PG_CONNECT_TIMEOUT_MS,
        'PostgreSQL connection timeout',
      ),
      redisCommandMs: positiveDuration(
        r,
        'REDIS_COMMAND_TIMEOUT',
        DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
        'Redis command timeout',
      ),
      redisConnectMs: positiveDuration(
        r,
        'REDIS_CONNECT_TIMEOUT',
        DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
        'Redis connection timeout',
      ),
    },
    http: {
      trustedProxyHops: r.int('TRUSTED_PROXY_HOPS', {
        default: msp ? 1 : 0,
        min: 0,
        max: 10,
        description:
          'proxies of your own that append to X-Forwarded-For (1 on the platform: its load balancer)',
      }),
      logQueryStrings: r.bool('LOG_QUERY_STRINGS', {
        default: false,
        description: 'keep query string values in request logs (redacted by default)',
      }),
    },
    job,
    cloudRun: {
      service: r.optionalString('K_SERVICE'),
      revision: r.optionalString('K_REVISION'),
      job: r.optionalString('CLOUD_RUN_JOB'),
    },
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, { default: 'info', description: 'log level' }),
    shutdownGracePeriodMs: r.duration('SHUTDOWN_GRACE_PERIOD', {
      default: DEFAULT_SHUTDOWN_GRACE_PERIOD_MS,
      description: 'time allowed to drain and stop after SIGTERM',
    }),
    sanityCheck: r.bool('SANITY_CHECK', { default: false, description: 'print name and version, then exit' }),
  };

  if (msp && contract.shutdownGracePeriodMs >= PLATFORM_SHUTDOWN_LIMIT_MS) {
    r.addProblem(
      'SHUTDOWN_GRACE_PERIOD',
      `must be shorter than the ${formatSeconds(PLATFORM_SHUTDOWN_LIMIT_MS)} Cloud Run allows between SIGTERM and SIGKILL when MSP=true, got ${formatSeconds(contract.shutdownGracePeriodMs)}`,
    );
  }

  const config = opts.config ? opts.config(r) : (undefined as C);
  if (r.problems.length > 0) return { ok: false, problems: r.problems, variables: r.variables };
  return { ok: true, contract, config, variables: r.variables };
}

/**
 * Thrown by {@link loadContract}: every problem found in the environment. The message lists them
 * all, one per line, each starting with the variable's name.
 */
export class ContractError extends Error {
  /** Every problem, in the order found. */
  readonly problems: readonly EnvProblem[];

  constructor(problems: readonly EnvProblem[]) {
    const n = problems.length;
    super(
      `invalid environment: ${n} problem${n === 1 ? '' : 's'}\n` +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ContractError';
    this.problems = problems;
  }
}

/**
 * Like {@link parseContract} but returns the contract and config directly.
 *
 * @throws {ContractError} naming every missing or malformed variable at once.
 */
export function loadContract<C = undefined>(
  env: Readonly<Record<string, string | undefined>>,
  opts: ContractOptions<C> = {},
): { contract: Contract; config: C; variables: readonly EnvVariableInfo[] } {
  const result = parseContract(env, opts);
  if (!result.ok) throw new ContractError(result.problems);
  return { contract: result.contract, config: result.config, variables: result.variables };
}

function positiveDuration(r: EnvReader, name: string, def: number, description: string): number {
  const ms = r.duration(name, { default: def, description: `${description} (Go duration)` });
  if (ms === 0 && r.has(name)) r.addProblem(name, 'must be greater than 0s');
  return ms === 0 ? def : ms;
}

/** Whether `s` looks like a Cloud SQL instance connection name (`project:region:instance`). */
export function isInstanceConnectionName(s: string): boolean {
  const parts = s.split(':');
  // Domain-scoped projects contain a colon themselves: "example.com:project:region:instance".
  if (parts.length < 3 || parts.length > 4) return false;
  return parts.every((p) => /^[a-z0-9][a-z0-9.-]*$/i.test(p));
}

/**
 * Checks a `PGDSN` value: a `postgres://` or `postgresql://` URL, possibly with `{{ .Database }}`.
 *
 * @returns a problem message, or `undefined` when it is fine.
 */
function checkDsnTemplate(dsn: string): string | undefined {
  let u: URL;
  try {
    u = new URL(renderDsn(dsn, 'db'));
  } catch {
    return 'must be a postgres:// URL (it may contain {{ .Database }})';
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    return `must use postgres:// or postgresql://, got ${u.protocol}//`;
  }
  return undefined;
}

/** Replaces `{{ .Database }}` (any spacing) in a `PGDSN` template with `database`. */
export function renderDsn(template: string, database: string): string {
  return template.replace(/\{\{\s*\.Database\s*\}\}/g, encodeURIComponent(database));
}

function isCron(s: string): boolean {
  const t = s.trim();
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(t)) return true;
  const fields = t.split(/\s+/);
  return fields.length === 5 && fields.every((f) => CRON_FIELD_RE.test(f));
}
