/**
 * Every alert policy of one environment (docs/generated-terraform.md), chosen by the service
 * kind, the resources and the objectives of the environment. Pure: the `monitoring` stack
 * renders this list and the ops docs list it.
 */

import { READINESS_PATH } from '../contract/runtime-contract.ts';
import { cloudRunName } from '../naming/names.ts';
import type { PlatformConfig, Severity } from '../platform/model.ts';
import { normalizeQuery, responseCodeRatioQuery } from '../query/queries.ts';
import { SPEC_DEFAULTS } from '../spec/defaults.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import { errorBudgetUrl } from '../urls/index.ts';
import { alertDocumentation } from './documentation.ts';
import type {
  AbsenceAlert,
  AlertGroup,
  AlertPolicy,
  AlertResourceKind,
  AlertText,
  BurnRateAlert,
  MetricCondition,
  QueryAlert,
  ThresholdAlert,
} from './model.ts';
import {
  BURN_RATE_TIERS,
  burnRateThreshold,
  errorBudgetText,
  type ServiceLevelObjective,
  serviceLevelObjectivesFor,
  windowText,
} from './objectives.ts';

/** Cloud SQL's default `max_connections`, assumed when the spec does not set it. */
const DEFAULT_MAX_CONNECTIONS = SPEC_DEFAULTS.postgreSQL.maxConnections;

/**
 * The longest execution-absence window Cloud Monitoring accepts is 23h30m; a cron whose gap
 * plus slack reaches it gets no absence alert.
 */
const MAX_ABSENCE_MINUTES = 23 * 60 + 30;

/** Slack added to the cron's longest gap before a missing execution alerts, minutes. */
const ABSENCE_SLACK_MINUTES = 10;

/** Startup latency threshold for services without healthz probes, ms. */
const DEFAULT_STARTUP_THRESHOLD_MS = 240_000;

/** Startup latency threshold for jobs, ms. */
const JOB_STARTUP_THRESHOLD_MS = 10_000;

/**
 * The instance-count alert exists only for services that may scale to at least this many
 * instances (MSP's rule): below it, reaching the maximum is routine.
 */
export const INSTANCE_COUNT_ALERT_MIN_MAX = 5;

/** Name of the log-based metric counting Cloud Run precondition failures. */
const PRECONDITION_FAILED_METRIC = 'msp_cloud_run_precondition_failed';

/** Path the uptime check requests when healthz probes are on. */
const HEALTHZ_PATH = READINESS_PATH;

/**
 * The execution-absence window of a scheduled job, minutes: the cron's longest gap (rounded
 * up) plus 10; undefined when there is no schedule or the window would reach 23h30m.
 */
export function executionAbsenceMinutes(env: EnvironmentSpec): number | undefined {
  const gap = env.schedule?.maxIntervalMinutes;
  if (gap === undefined || gap <= 0) return undefined;
  const minutes = Math.ceil(gap) + ABSENCE_SLACK_MINUTES;
  return minutes < MAX_ABSENCE_MINUTES ? minutes : undefined;
}

/**
 * The missed-run window of a job that runs less than once a day (no absence alert fits), minutes:
 * the cron's longest gap plus the job's deadline plus an hour, rounded up to the hour; undefined
 * for jobs without a schedule or with an execution-absence alert.
 */
export function missedRunWindowMinutes(env: EnvironmentSpec): number | undefined {
  const gap = env.schedule?.maxIntervalMinutes;
  if (gap === undefined || gap <= 0 || executionAbsenceMinutes(env) !== undefined) return undefined;
  return Math.ceil((gap + env.deadlineSeconds / 60 + 60) / 60) * 60;
}

/**
 * PromQL that returns a series (so the alert fires) when no execution of the job completed in
 * the last `minutes`: Cloud Monitoring's PromQL reads long windows, which `condition_absent`
 * (at most 23h30m) cannot.
 */
export function missedRunQuery(jobName: string, minutes: number): string {
  const selector = `run_googleapis_com:job_completed_execution_count{monitored_resource="cloud_run_job",job_name=${JSON.stringify(jobName)}}`;
  return `(sum(increase(${selector}[${minutes}m])) or vector(0)) < 1`;
}

/** The "Cloud SQL - Connections" threshold: 90% of `maxConnections` (default 100). */
function cloudSqlConnectionsThreshold(env: EnvironmentSpec): number {
  const max = env.resources.postgreSQL?.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  return Math.round(max * 0.9 * 1000) / 1000;
}

/** The "Container Startup Latency" threshold, ms. */
function startupLatencyThresholdMs(spec: ServiceSpec, env: EnvironmentSpec): number {
  if (spec.kind === 'job') return JOB_STARTUP_THRESHOLD_MS;
  const hp = env.healthProbes;
  if (!hp?.healthzProbes) return DEFAULT_STARTUP_THRESHOLD_MS;
  return 3 * hp.startupInterval * 1000;
}

/** True when the environment gets the external uptime check: a domain and public invocation. */
function hasExternalUptimeCheck(spec: ServiceSpec, env: EnvironmentSpec): boolean {
  return spec.kind === 'service' && env.domain !== undefined && env.authentication.mode === 'public';
}

const quote = (s: string) => JSON.stringify(s);

interface Builder {
  spec: ServiceSpec;
  env: EnvironmentSpec;
  platform: PlatformConfig;
}

interface MetricAlertInput extends Omit<MetricCondition, 'filter' | 'trigger' | 'durationSeconds'> {
  alertId: string;
  group: AlertGroup;
  name: string;
  description: string;
  severity?: Severity;
  resourceKind?: AlertResourceKind;
  /** Metric label filters, e.g. `{ 'metric.labels.result': 'failed' }`. */
  metricLabels?: Readonly<Record<string, string>>;
  resource: AlertText;
  durationSeconds?: number;
  trigger?: MetricCondition['trigger'];
}

function filterText(
  metric: string,
  labels: Readonly<Record<string, string>>,
  resource: AlertText,
): AlertText {
  const head = [
    `metric.type = ${quote(metric)}`,
    ...Object.keys(labels)
      .sort()
      .map((k) => `${k} = ${quote(labels[k]!)}`),
  ].join(' AND ');
  return [`${head} AND `, ...resource];
}

function base(b: Builder, input: { alertId: string; group: AlertGroup; name: string; description: string }) {
  return {
    id: `${input.group}-${input.alertId}`,
    alertId: input.alertId,
    group: input.group,
    name: input.name,
    description: input.description,
    documentation: alertDocumentation(b.spec, b.env, b.platform, input.name, input.description),
  };
}

function metricFields(i: MetricAlertInput): MetricCondition {
  return {
    metric: i.metric,
    filter: filterText(i.metric, i.metricLabels ?? {}, i.resource),
    aligner: i.aligner,
    reducer: i.reducer,
    windowSeconds: i.windowSeconds,
    groupBy: i.groupBy,
    durationSeconds: i.durationSeconds ?? 0,
    trigger: i.trigger ?? { count: 1 },
  };
}

function threshold(
  b: Builder,
  i: MetricAlertInput & {
    comparison?: ThresholdAlert['comparison'];
    threshold: number;
    unit?: string;
    kind?: ThresholdAlert['kind'];
    uptimeCheck?: ThresholdAlert['uptimeCheck'];
    logMetric?: ThresholdAlert['logMetric'];
  },
): ThresholdAlert {
  return {
    ...base(b, i),
    severity: i.severity ?? 'WARNING',
    kind: i.kind ?? 'threshold',
    ...(i.resourceKind ? { resourceKind: i.resourceKind } : {}),
    ...metricFields(i),
    comparison: i.comparison ?? 'COMPARISON_GT',
    threshold: i.threshold,
    ...(i.unit ? { unit: i.unit } : {}),
    ...(i.uptimeCheck ? { uptimeCheck: i.uptimeCheck } : {}),
    ...(i.logMetric ? { logMetric: i.logMetric } : {}),
  };
}

function absence(b: Builder, i: MetricAlertInput): AbsenceAlert {
  return {
    ...base(b, i),
    severity: i.severity ?? 'WARNING',
    kind: 'absence',
    ...(i.resourceKind ? { resourceKind: i.resourceKind } : {}),
    ...metricFields(i),
  };
}

/** Resource filter and grouping for the workload: a Cloud Run service's revisions or a job. */
function workload(b: Builder): { resource: AlertText; groupBy: string[]; kind: AlertResourceKind } {
  const name = cloudRunName(b.spec, b.env);
  return b.spec.kind === 'job'
    ? {
        resource: [`resource.type = "cloud_run_job" AND resource.labels.job_name = ${quote(name)}`],
        groupBy: [],
        kind: 'cloud-run-job',
      }
    : {
        resource: [`resource.type = "cloud_run_revision" AND resource.labels.service_name = ${quote(name)}`],
        groupBy: ['resource.label.revision_name'],
        kind: 'cloud-run-service',
      };
}

function containerAlerts(b: Builder): AlertPolicy[] {
  const w = workload(b);
  const common = { group: 'common' as const, resource: w.resource, resourceKind: w.kind };
  return [
    threshold(b, {
      ...common,
      alertId: 'cpu',
      name: 'High Container CPU Utilization',
      description:
        'The containers have used more than 90% of their CPU (p99 across instances) for 10 minutes. ' +
        'Expect slower responses or executions; consider more CPU.',
      metric: 'run.googleapis.com/container/cpu/utilizations',
      aligner: 'ALIGN_PERCENTILE_99',
      reducer: 'REDUCE_MAX',
      windowSeconds: 60,
      groupBy: w.groupBy,
      durationSeconds: 600,
      threshold: 0.9,
      unit: 'ratio',
    }),
    threshold(b, {
      ...common,
      alertId: 'memory',
      name: 'High Container Memory Utilization',
      description:
        'The containers use more than 80% of their memory (p99 across instances). Instances that ' +
        'run out of memory are killed; look for leaks or raise the memory limit.',
      metric: 'run.googleapis.com/container/memory/utilizations',
      aligner: 'ALIGN_PERCENTILE_99',
      reducer: 'REDUCE_MAX',
      windowSeconds: 300,
      groupBy: w.groupBy,
      threshold: 0.8,
      unit: 'ratio',
    }),
    threshold(b, {
      ...common,
      alertId: 'startup',
      name: 'Container Startup Latency',
      description:
        'Containers take longer to start than expected (p99). Slow startups delay scaling and ' +
        'rollouts; check the startup logs and the health probe.',
      metric: 'run.googleapis.com/container/startup_latencies',
      aligner: 'ALIGN_PERCENTILE_99',
      reducer: 'REDUCE_MAX',
      windowSeconds: 60,
      groupBy: w.groupBy,
      threshold: startupLatencyThresholdMs(b.spec, b.env),
      unit: 'ms',
    }),
  ];
}

function serviceAlerts(b: Builder): AlertPolicy[] {
  const w = workload(b);
  const svc = { group: 'service' as const, resource: w.resource, resourceKind: w.kind, groupBy: w.groupBy };
  const out: AlertPolicy[] = [];
  const scaling = b.env.instances.scaling;
  if (scaling && scaling.maxCount >= INSTANCE_COUNT_ALERT_MIN_MAX)
    out.push(
      threshold(b, {
        ...svc,
        alertId: 'instance_count',
        name: 'Container Instance Count',
        description:
          `The service runs ${scaling.maxCount} instances, the maximum it may scale to. ` +
          'More load will queue or fail; consider raising scaling.maxCount.',
        metric: 'run.googleapis.com/container/instance_count',
        aligner: 'ALIGN_MAX',
        reducer: 'REDUCE_MAX',
        windowSeconds: 60,
        threshold: scaling.maxCount - 1,
        unit: 'instances',
      }),
    );
  out.push(
    threshold(b, {
      ...svc,
      alertId: 'cloud_run_pending_requests',
      name: 'Cloud Run Pending Requests',
      description:
        'More than 5 requests are waiting for an instance. Instances may be saturated or slow ' + 'to start.',
      metric: 'run.googleapis.com/pending_queue/pending_requests',
      aligner: 'ALIGN_SUM',
      reducer: 'REDUCE_SUM',
      windowSeconds: 60,
      threshold: 5,
      unit: 'requests',
    }),
  );
  if (hasExternalUptimeCheck(b.spec, b.env)) {
    const dns = b.env.domain!.dnsName;
    const probes = b.env.healthProbes?.healthzProbes === true;
    const path = probes ? HEALTHZ_PATH : '/';
    out.push(
      threshold(b, {
        group: 'service',
        alertId: 'external_health_check',
        name: 'External Uptime Check',
        kind: 'uptime',
        severity: 'CRITICAL',
        resourceKind: 'uptime-check',
        description:
          `Fewer than 40% of the uptime checks of https://${dns}${path} succeeded over 3 minutes: ` +
          'the service is probably unreachable from the internet.',
        metric: 'monitoring.googleapis.com/uptime_check/check_passed',
        resource: [
          'resource.type = "uptime_url" AND metric.labels.check_id = "',
          { placeholder: 'uptime_check_id' },
          '"',
        ],
        aligner: 'ALIGN_FRACTION_TRUE',
        reducer: 'REDUCE_MEAN',
        windowSeconds: 180,
        groupBy: ['metric.labels.host'],
        trigger: { percent: 100 },
        comparison: 'COMPARISON_LT',
        threshold: 0.4,
        unit: 'ratio',
        uptimeCheck: {
          displayName: `External Uptime Check for ${dns}`,
          host: dns,
          path,
          port: 443,
          bearer: probes,
          timeoutSeconds: b.env.healthProbes?.timeout ?? SPEC_DEFAULTS.healthProbes.timeoutSeconds,
          periodSeconds: 60,
        },
      }),
    );
  }
  const name = cloudRunName(b.spec, b.env);
  out.push(
    threshold(b, {
      group: 'service',
      alertId: 'cloud_run_precondition_failed',
      name: 'Cloud Run Instance Precondition Failed',
      kind: 'log',
      resourceKind: w.kind,
      description:
        'Cloud Run could not start an instance because a precondition failed (for example a ' +
        'missing secret, image or permission). Check the Cloud Run system logs.',
      metric: `logging.googleapis.com/user/${PRECONDITION_FAILED_METRIC}`,
      resource: ['resource.type = "cloud_run_revision"'],
      aligner: 'ALIGN_MAX',
      reducer: 'REDUCE_SUM',
      windowSeconds: 60,
      groupBy: w.groupBy,
      threshold: 0,
      unit: 'failures',
      logMetric: {
        name: PRECONDITION_FAILED_METRIC,
        description: 'Cloud Run instances that failed to start on a failed precondition.',
        filter: [
          'resource.type = "cloud_run_revision"',
          'protoPayload.status.code = "9"',
          `resource.labels.service_name = ${quote(name)}`,
        ].join(' AND '),
        labelExtractors: { service_name: 'EXTRACT(resource.labels.service_name)' },
      },
    }),
  );
  return out;
}

function jobAlerts(b: Builder): AlertPolicy[] {
  const w = workload(b);
  const job = { group: 'job' as const, resource: w.resource, resourceKind: w.kind, groupBy: w.groupBy };
  const metric = 'run.googleapis.com/job/completed_task_attempt_count';
  const out: AlertPolicy[] = [
    threshold(b, {
      ...job,
      alertId: 'job_failures',
      name: 'Cloud Run Job Failures',
      description: 'A task attempt of the job failed. Check the execution logs.',
      metric,
      metricLabels: { 'metric.labels.result': 'failed' },
      aligner: 'ALIGN_COUNT',
      reducer: 'REDUCE_SUM',
      windowSeconds: 60,
      threshold: 0,
      unit: 'attempts',
    }),
  ];
  const minutes = executionAbsenceMinutes(b.env);
  if (minutes !== undefined)
    out.push(
      absence(b, {
        ...job,
        alertId: 'job_execution_absence',
        name: 'Cloud Run Job Execution Absence',
        description:
          `No execution of the job completed in ${minutes} minutes, although its schedule ` +
          `(\`${b.env.schedule!.cron}\`) should have run it. Check the scheduler and the last executions.`,
        metric,
        aligner: 'ALIGN_COUNT',
        reducer: 'REDUCE_SUM',
        windowSeconds: 60,
        durationSeconds: minutes * 60,
      }),
    );
  const window = missedRunWindowMinutes(b.env);
  if (window !== undefined) {
    // Jobs that run less than once a day: MSP had no alert for them.
    const missed: QueryAlert = {
      ...base(b, {
        alertId: 'job_missed_run',
        group: 'job',
        name: 'Cloud Run Job Missed Run',
        description:
          `No execution of the job completed in ${window / 60} hours, although its schedule ` +
          `(\`${b.env.schedule!.cron}\`) should have run it. Check the Cloud Scheduler job and the last executions.`,
      }),
      severity: 'WARNING',
      kind: 'promql',
      resourceKind: 'cloud-run-job',
      query: missedRunQuery(cloudRunName(b.spec, b.env), window),
      durationSeconds: 0,
    };
    out.push(missed);
  }
  return out;
}

function redisAlerts(b: Builder): AlertPolicy[] {
  const redis = {
    group: 'redis' as const,
    resourceKind: 'redis' as const,
    resource: [
      'resource.type = "redis_instance" AND resource.labels.instance_id = "',
      { placeholder: 'redis_instance_id' as const },
      '"',
    ],
  };
  return [
    threshold(b, {
      ...redis,
      alertId: 'memory',
      name: 'Cloud Redis - System Memory Utilization',
      description:
        'Redis uses more than 80% of the system memory. Keys may be evicted or writes refused; ' +
        'consider a larger instance.',
      metric: 'redis.googleapis.com/stats/memory/system_memory_usage_ratio',
      aligner: 'ALIGN_MEAN',
      reducer: 'REDUCE_NONE',
      windowSeconds: 300,
      groupBy: [],
      threshold: 0.8,
      unit: 'ratio',
    }),
    threshold(b, {
      ...redis,
      alertId: 'cpu',
      name: 'Cloud Redis - System CPU Utilization',
      description: "Redis's main thread is more than 90% busy; commands will queue up.",
      metric: 'redis.googleapis.com/stats/cpu_utilization_main_thread',
      aligner: 'ALIGN_RATE',
      reducer: 'REDUCE_SUM',
      windowSeconds: 300,
      groupBy: ['resource.label.instance_id', 'resource.label.node_id'],
      threshold: 0.9,
      unit: 'ratio',
    }),
    threshold(b, {
      ...redis,
      alertId: 'failover',
      name: 'Cloud Redis - Standard Instance Failover',
      description:
        'The Redis replication role changed: the instance failed over to its replica. ' +
        'Connections were dropped; check that clients reconnected.',
      metric: 'redis.googleapis.com/replication/role',
      aligner: 'ALIGN_STDDEV',
      reducer: 'REDUCE_NONE',
      windowSeconds: 300,
      groupBy: [],
      threshold: 0,
    }),
  ];
}

function cloudSqlAlerts(b: Builder): AlertPolicy[] {
  const instance: AlertText = [
    `resource.type = "cloudsql_database" AND resource.labels.database_id = "${b.env.projectID}:`,
    { placeholder: 'cloudsql_instance_name' },
    '"',
  ];
  const database: AlertText = [
    `resource.type = "cloudsql_instance_database" AND resource.labels.resource_id = "${b.env.projectID}:`,
    { placeholder: 'cloudsql_instance_name' },
    '"',
  ];
  const sql = {
    group: 'cloudsql' as const,
    resourceKind: 'cloudsql' as const,
    resource: instance,
    groupBy: [],
  };
  const maxConnections = b.env.resources.postgreSQL?.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const lockTime = {
    ...sql,
    resource: database,
    metric: 'cloudsql.googleapis.com/database/postgresql/insights/perquery/lock_time',
    aligner: 'ALIGN_RATE',
    reducer: 'REDUCE_MEAN',
    groupBy: ['resource.label.database', 'metric.label.querystring', 'metric.label.user'],
    unit: 'µs',
  };
  return [
    threshold(b, {
      ...sql,
      alertId: 'cloud_sql_memory',
      name: 'Cloud SQL - Memory Utilization',
      description: 'The Cloud SQL instance uses more than 80% of its memory.',
      metric: 'cloudsql.googleapis.com/database/memory/utilization',
      aligner: 'ALIGN_MEAN',
      reducer: 'REDUCE_NONE',
      windowSeconds: 60,
      threshold: 0.8,
      unit: 'ratio',
    }),
    threshold(b, {
      ...sql,
      alertId: 'cloud_sql_cpu',
      name: 'Cloud SQL - CPU Utilization',
      description: 'The Cloud SQL instance has used more than 90% of its CPU for 3 minutes.',
      metric: 'cloudsql.googleapis.com/database/cpu/utilization',
      aligner: 'ALIGN_MEAN',
      reducer: 'REDUCE_NONE',
      windowSeconds: 60,
      durationSeconds: 180,
      threshold: 0.9,
      unit: 'ratio',
    }),
    threshold(b, {
      ...sql,
      alertId: 'cloud_sql_server_up',
      name: 'Cloud SQL - Server Availability',
      description: 'The Cloud SQL instance is down.',
      metric: 'cloudsql.googleapis.com/database/up',
      aligner: 'ALIGN_MIN',
      reducer: 'REDUCE_NONE',
      windowSeconds: 60,
      comparison: 'COMPARISON_LT',
      threshold: 1,
    }),
    threshold(b, {
      ...sql,
      alertId: 'cloud_sql_disk_utilization',
      name: 'Cloud SQL - Disk Utilization',
      description: 'More than 95% of the Cloud SQL disk is used.',
      metric: 'cloudsql.googleapis.com/database/disk/utilization',
      aligner: 'ALIGN_MEAN',
      reducer: 'REDUCE_NONE',
      windowSeconds: 300,
      threshold: 0.95,
      unit: 'ratio',
    }),
    threshold(b, {
      ...sql,
      alertId: 'cloud_sql_connections',
      name: 'Cloud SQL - Connections',
      description:
        `More than 90% of the ${maxConnections} allowed connections to the Cloud SQL instance are ` +
        'open; new connections will soon be refused. Look for leaked connections or raise maxConnections.',
      metric: 'cloudsql.googleapis.com/database/postgresql/num_backends',
      aligner: 'ALIGN_MAX',
      reducer: 'REDUCE_SUM',
      windowSeconds: 120,
      threshold: cloudSqlConnectionsThreshold(b.env),
      unit: 'connections',
    }),
    threshold(b, {
      ...lockTime,
      alertId: 'per_query_lock_time_sustained',
      name: 'Cloud SQL - Sustained Per-Query Lock Times',
      description: 'A query has been waiting on locks for more than 200 ms per second for 3 minutes.',
      windowSeconds: 60,
      durationSeconds: 180,
      threshold: 200_000,
    }),
    threshold(b, {
      ...lockTime,
      alertId: 'per_query_lock_time_spike',
      name: 'Cloud SQL - Spike in Per-Query Lock Time',
      description: 'A query waited on locks for more than a second per second.',
      windowSeconds: 120,
      threshold: 1_000_000,
    }),
  ];
}

function responseCodeAlerts(b: Builder): AlertPolicy[] {
  const name = cloudRunName(b.spec, b.env);
  return b.spec.monitoring.responseCodeRatios.map((r): QueryAlert => {
    const what = r.code !== undefined ? `${r.code}` : (r.codeClass ?? 'matching');
    const excluded = r.excludeCodes.length > 0 ? ` (excluding ${r.excludeCodes.join(', ')})` : '';
    const description =
      r.description ??
      `More than ${Math.round(r.ratio * 10000) / 100}% of requests were answered with ${what}${excluded} for ${r.durationMinutes} minute(s).`;
    return {
      ...base(b, { alertId: r.id, group: 'response-code', name: r.name, description }),
      severity: 'WARNING',
      kind: 'promql',
      resourceKind: 'cloud-run-service',
      query: responseCodeRatioQuery(
        name,
        {
          ...(r.code !== undefined ? { code: r.code } : {}),
          ...(r.codeClass !== undefined ? { codeClass: r.codeClass } : {}),
          excludeCodes: r.excludeCodes,
        },
        r.ratio,
      ),
      durationSeconds: r.durationMinutes * 60,
    };
  });
}

const SLO_NAMES: Record<ServiceLevelObjective['kind'], string> = {
  availability: 'Availability',
  latency: 'Latency',
  executions: 'Job Executions',
};

/** What burning the budget of this SLO usually means, and where to look first. */
function sloHint(slo: ServiceLevelObjective): string {
  if (slo.kind === 'availability')
    return 'Look for server errors (5xx) in the logs and for a recent revision to roll back.';
  if (slo.kind === 'latency')
    return 'Look for slow dependencies, saturated instances (pending requests, CPU) and recent revisions.';
  return 'Look at the failed executions and their logs.';
}

/**
 * The multi-window burn-rate alerts of the request-based SLOs of a Cloud Run service
 * (docs/slo.md). Job execution SLOs get none: their windows would hold one or two executions, so
 * a single failure would look like a burn of 20× or more; each failure already alerts
 * (`job_failures`) and the budget shows on the operations page.
 */
function sloAlerts(b: Builder): AlertPolicy[] {
  if (b.spec.kind !== 'service') return [];
  const out: AlertPolicy[] = [];
  for (const slo of serviceLevelObjectivesFor(b.spec, b.env)) {
    for (const tier of BURN_RATE_TIERS) {
      const threshold = burnRateThreshold(tier, slo.periodDays);
      const pct = Math.round(tier.budgetFraction * 100);
      const long = windowText(tier.longWindowSeconds);
      const short = windowText(tier.shortWindowSeconds);
      const exhaust = Math.round(((slo.periodDays * 24) / threshold) * 10) / 10;
      const name = `${SLO_NAMES[slo.kind]} SLO - ${tier.id === 'fast' ? 'Fast' : 'Slow'} Error Budget Burn`;
      const description =
        `The objective "${slo.displayName}" is spending its error budget (${errorBudgetText(slo)}) ` +
        `more than ${threshold}× faster than it can last, over the last ${long} and the last ${short} alike. ` +
        `At this rate ${pct}% of the ${slo.periodDays}-day budget goes within ${long}, and all of it within ${exhaust} hours. ` +
        (tier.severity === 'CRITICAL'
          ? 'Users are affected now: act at once. '
          : 'Not urgent, but it will miss the objective if it goes on: look at it today. ') +
        sloHint(slo);
      const common = base(b, { alertId: `${slo.kind}_${tier.id}_burn`, group: 'slo', name, description });
      const alert: BurnRateAlert = {
        ...common,
        documentation: {
          ...common.documentation,
          links: [...common.documentation.links, { name: 'Error budget', url: errorBudgetUrl(b.env) }],
        },
        severity: tier.severity,
        kind: 'burn-rate',
        resourceKind: 'cloud-run-service',
        objective: slo.kind,
        tier: tier.id,
        threshold,
        budgetFraction: tier.budgetFraction,
        periodDays: slo.periodDays,
        windows: [tier.longWindowSeconds, tier.shortWindowSeconds].map((seconds) => ({
          lookbackSeconds: seconds,
          filter: [
            'select_slo_burn_rate("',
            { placeholder: `slo_${slo.kind}` as const },
            `", "${seconds}s")`,
          ],
        })),
      };
      out.push(alert);
    }
  }
  return out;
}

function customAlerts(b: Builder): AlertPolicy[] {
  return b.spec.monitoring.customAlerts.map(
    (c): QueryAlert => ({
      ...base(b, {
        alertId: c.id,
        group: 'custom',
        name: c.name,
        description:
          c.description ?? `The custom ${c.condition.type.toUpperCase()} condition "${c.name}" holds.`,
      }),
      severity: c.severityLevel,
      kind: c.condition.type,
      query: normalizeQuery(c.condition.query),
      durationSeconds: c.condition.durationMinutes * 60,
    }),
  );
}

/**
 * Every alert policy of an environment, in a stable order: container alerts, then Cloud Run
 * service or job alerts, Redis, Cloud SQL, response-code ratios (services only), SLO burn-rate
 * alerts, custom alerts.
 */
export function alertPoliciesFor(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
): readonly AlertPolicy[] {
  // The monitoring stack and the operations page both ask for the same list: build it once.
  let byPlatform = memo.get(env);
  if (!byPlatform) {
    byPlatform = new WeakMap();
    memo.set(env, byPlatform);
  }
  const hit = byPlatform.get(platform);
  if (hit && hit.spec === spec) return hit.policies;
  const policies = Object.freeze(buildAlertPolicies(spec, env, platform));
  byPlatform.set(platform, { spec, policies });
  return policies;
}

const memo = new WeakMap<
  EnvironmentSpec,
  WeakMap<PlatformConfig, { spec: ServiceSpec; policies: readonly AlertPolicy[] }>
>();

function buildAlertPolicies(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
): AlertPolicy[] {
  const b: Builder = { spec, env, platform };
  return [
    ...containerAlerts(b),
    ...(spec.kind === 'job' ? jobAlerts(b) : serviceAlerts(b)),
    ...(env.resources.redis ? redisAlerts(b) : []),
    ...(env.resources.postgreSQL ? cloudSqlAlerts(b) : []),
    ...(spec.kind === 'service' ? responseCodeAlerts(b) : []),
    ...sloAlerts(b),
    ...customAlerts(b),
  ];
}
