/**
 * The alert model: one typed description of every alert policy an environment gets. The
 * `monitoring` stack renders exactly these policies and the operations docs list exactly these,
 * so what operators read and what Terraform creates cannot drift apart.
 */
import type { Severity } from '../platform/model.ts';
import type { ObjectiveKey } from '../spec/model.ts';

/** How the alert's condition is evaluated. */
type AlertKind =
  /** A metric crosses a threshold (`condition_threshold`). */
  | 'threshold'
  /** A metric stops reporting (`condition_absent`). */
  | 'absence'
  /** A Monitoring Query Language query (`condition_monitoring_query_language`). */
  | 'mql'
  /** A PromQL query (`condition_prometheus_query_language`). */
  | 'promql'
  /** A threshold on the result of an uptime check that the stack also creates. */
  | 'uptime'
  /** A threshold on a log-based metric that the stack also creates. */
  | 'log'
  /** Multi-window SLO burn rate (`select_slo_burn_rate`, every window over its threshold). */
  | 'burn-rate';

/**
 * Alert groups. Each is a section of the alerts dashboard and the prefix of the alert's ID
 * (MSP's logical-ID groups: `monitoring-common-cpu` is `common-cpu` here).
 */
export type AlertGroup =
  | 'common'
  | 'service'
  | 'job'
  | 'redis'
  | 'cloudsql'
  | 'response-code'
  | 'slo'
  | 'custom';

/** Dashboard section title of each group (MSP's titles). */
export const ALERT_GROUP_TITLES: Readonly<Record<AlertGroup, string>> = {
  custom: 'Custom Alerts',
  'response-code': 'Response Code Ratio Alerts',
  slo: 'SLO Burn Rate Alerts',
  job: 'Cloud Run Job Alerts',
  service: 'Cloud Run Service Alerts',
  cloudsql: 'Cloud SQL Alerts',
  common: 'Container Alerts',
  redis: 'Redis Alerts',
};

/**
 * Dashboard order of the groups: custom, response-code and SLO burn-rate alerts first, then the
 * others alphabetically by title.
 */
export const ALERT_GROUP_ORDER: readonly AlertGroup[] = [
  'custom',
  'response-code',
  'slo',
  'job',
  'service',
  'cloudsql',
  'common',
  'redis',
];

/**
 * Values only Terraform knows when it applies: the Cloud SQL instance name and Redis instance
 * ID (outputs of the `cloudrun` stack) and the ID of the uptime check created beside the alert.
 */
export type AlertPlaceholder =
  | 'cloudsql_instance_name'
  | 'redis_instance_id'
  | 'uptime_check_id'
  /** The full resource name of the environment's SLO of that objective (same stack). */
  | `slo_${ObjectiveKey}`;

/** Text that may contain placeholders, e.g. a filter naming the Redis instance. */
export type AlertText = readonly (string | { readonly placeholder: AlertPlaceholder })[];

/** What kind of infrastructure an alert watches (the `resource_kind` label). */
export type AlertResourceKind = 'cloud-run-service' | 'cloud-run-job' | 'redis' | 'cloudsql' | 'uptime-check';

/** The documentation attached to a policy (shown in notifications). */
export interface AlertDocumentation {
  /** Notification subject: `<Service name> (<env>): <alert name>`. */
  subject: string;
  /** Markdown: what the alert means, then the ops page, runbook and owners. */
  content: string;
  /** Links shown with the incident. */
  links: readonly { name: string; url: string }[];
}

interface AlertBase {
  /** Unique within the environment: `<group>-<alertId>`. Names the Terraform resource. */
  id: string;
  /** MSP's alert ID within its group, e.g. `cpu`. */
  alertId: string;
  group: AlertGroup;
  /** Display name, as MSP names it (operators recognise alerts by it). */
  name: string;
  severity: Severity;
  kind: AlertKind;
  /** What it means when the alert fires, in one or two sentences. */
  description: string;
  documentation: AlertDocumentation;
  resourceKind?: AlertResourceKind;
}

/** A condition over a time series selected by a monitoring filter. */
export interface MetricCondition {
  /** Metric type, e.g. `run.googleapis.com/container/cpu/utilizations`. */
  metric: string;
  /** The full monitoring filter (metric type, metric labels, resource). */
  filter: AlertText;
  /** Per-series aligner, e.g. `ALIGN_PERCENTILE_99`. */
  aligner: string;
  /** Cross-series reducer, e.g. `REDUCE_MAX`; `REDUCE_NONE` keeps every series. */
  reducer: string;
  /** Alignment period (window), seconds. */
  windowSeconds: number;
  /** Fields the reducer groups by. */
  groupBy: readonly string[];
  /** How long the condition must hold before the alert fires, seconds. */
  durationSeconds: number;
  trigger: { count: number } | { percent: number };
}

/** The uptime check an `uptime` alert watches. */
export interface UptimeCheckSpec {
  displayName: string;
  host: string;
  path: string;
  port: number;
  /** Sends `Authorization: Bearer <diagnostics secret>` (read from the `cloudrun` stack). */
  bearer: boolean;
  timeoutSeconds: number;
  periodSeconds: number;
}

/** The log-based metric a `log` alert watches. */
export interface LogMetricSpec {
  /** Metric name; the metric type is `logging.googleapis.com/user/<name>`. */
  name: string;
  description: string;
  filter: string;
  /** Label name → extractor, e.g. `EXTRACT(resource.labels.service_name)`. */
  labelExtractors: Readonly<Record<string, string>>;
}

/** `threshold`, `uptime` and `log` alerts: the metric crosses `threshold`. */
export interface ThresholdAlert extends AlertBase, MetricCondition {
  kind: 'threshold' | 'uptime' | 'log';
  comparison: 'COMPARISON_GT' | 'COMPARISON_LT';
  threshold: number;
  /** Unit of the threshold for docs, e.g. `ms`, `ratio`. */
  unit?: string;
  uptimeCheck?: UptimeCheckSpec;
  logMetric?: LogMetricSpec;
}

/** `absence` alerts: the metric reported nothing for `durationSeconds`. */
export interface AbsenceAlert extends AlertBase, MetricCondition {
  kind: 'absence';
}

/** `mql` and `promql` alerts: the query's own condition decides. */
export interface QueryAlert extends AlertBase {
  kind: 'mql' | 'promql';
  /** The query as sent to Cloud Monitoring, line breaks kept (so `#` comments end where written). */
  query: string;
  durationSeconds: number;
}

/** One window of a burn-rate alert. */
interface BurnRateWindow {
  lookbackSeconds: number;
  /** `select_slo_burn_rate("<slo>", "<lookback>s")`, the SLO's name a placeholder. */
  filter: AlertText;
}

/**
 * `burn-rate` alerts: the error budget of one SLO burns faster than `threshold` over every
 * window (combiner AND), the long window for significance and the short one so the alert
 * resets soon after the burn stops.
 */
export interface BurnRateAlert extends AlertBase {
  kind: 'burn-rate';
  objective: ObjectiveKey;
  tier: 'fast' | 'slow';
  /** Burn rate (multiple of the sustainable rate) over which every window must be. */
  threshold: number;
  /** Share of the period's budget spent in the long window when it fires. */
  budgetFraction: number;
  periodDays: number;
  /** Long window first. */
  windows: readonly BurnRateWindow[];
}

/** One alert policy of an environment. */
export type AlertPolicy = ThresholdAlert | AbsenceAlert | QueryAlert | BurnRateAlert;

/** True for alerts evaluated over a monitoring filter (threshold, absence, uptime, log). */
export function isMetricAlert(a: AlertPolicy): a is ThresholdAlert | AbsenceAlert {
  return a.kind !== 'mql' && a.kind !== 'promql' && a.kind !== 'burn-rate';
}

/** True for alerts whose condition is a query (MQL or PromQL). */
export function isQueryAlert(a: AlertPolicy): a is QueryAlert {
  return a.kind === 'mql' || a.kind === 'promql';
}

/** Placeholder text for docs: `<cloudsql_instance_name>`. */
export function alertTextForDocs(text: AlertText): string {
  return text.map((p) => (typeof p === 'string' ? p : `<${p.placeholder}>`)).join('');
}
