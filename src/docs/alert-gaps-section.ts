/**
 * "What has no alert" per environment: the failure modes a person on call would expect an alert
 * for, checked against the alert policies the monitoring stack really creates
 * (`alertPoliciesFor`, the same list the stack renders) and the channels it routes them to. A
 * failure mode is listed only when it can happen in the environment (a database outage only
 * with PostgreSQL) and no generated alert detects it; each entry says why and how to close the
 * gap. When a spec or platform change adds the alert, the note disappears by itself.
 */
import type { AlertPolicy } from '../alerts/model.ts';
import { INSTANCE_COUNT_ALERT_MIN_MAX } from '../alerts/policies.ts';
import { routeAlerts } from '../alerts/routing.ts';
import type { PlatformConfig } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import { type Block, code, h, type Inline, li, p, strong, ul } from './doc.ts';

/** One failure mode: when it can happen, which generated alerts detect it, what to say when none does. */
interface FailureMode {
  id: string;
  /** True when the failure can happen in this environment. */
  applies: (spec: ServiceSpec, env: EnvironmentSpec, platform: PlatformConfig) => boolean;
  /** True when this generated alert detects it. Ignored when {@link FailureMode.covered} is given. */
  detects?: (alert: AlertPolicy, spec: ServiceSpec) => boolean;
  /** For failure modes about who hears of an alert rather than which alert fires. */
  covered?: (spec: ServiceSpec, env: EnvironmentSpec, platform: PlatformConfig) => boolean;
  /** The note: what goes unnoticed, why, and how to add the alert. */
  gap: (spec: ServiceSpec, env: EnvironmentSpec, platform: PlatformConfig) => Inline[];
}

const isService = (spec: ServiceSpec) => spec.kind === 'service';

/** True when a response-code ratio alert of the spec counts server errors (5xx). */
function countsServerErrors(spec: ServiceSpec, alert: AlertPolicy): boolean {
  if (alert.group !== 'response-code') return false;
  const r = spec.monitoring.responseCodeRatios.find((x) => alert.alertId === x.id);
  return r !== undefined && (r.codeClass === '5xx' || (r.code !== undefined && r.code >= 500));
}

/** The failure modes checked, in the order the page lists the gaps. */
const FAILURE_MODES: readonly FailureMode[] = [
  {
    id: 'unreachable',
    applies: (spec) => isService(spec),
    detects: (a) => a.kind === 'uptime',
    gap: (_spec, env) => [
      strong('Nobody checks from outside that the service answers.'),
      ' ',
      ...(env.domain === undefined
        ? ['The environment has no ', code('domain'), ', so its monitoring stack creates no uptime check']
        : [
            'Its authentication is ',
            code(env.authentication.mode),
            ', so an uptime check could not call it and none is created',
          ]),
      ': an outage that stops every request raises no alert of its own (no requests, no errors). Watch the request count on the Cloud Run metrics, or add a custom alert on it.',
    ],
  },
  {
    id: 'server-errors',
    applies: (spec) => isService(spec),
    detects: (a, spec) =>
      (a.kind === 'burn-rate' && a.objective === 'availability') || countsServerErrors(spec, a),
    gap: () => [
      strong('No alert when requests fail with server errors (5xx).'),
      ' No availability objective applies here and the spec has no 5xx ',
      code('monitoring.alerts.responseCodeRatios'),
      ' entry: add either (',
      code('objectives'),
      ' or a ratio alert).',
    ],
  },
  {
    id: 'latency',
    applies: (spec) => isService(spec),
    detects: (a) => a.kind === 'burn-rate' && a.objective === 'latency',
    gap: () => [
      strong('No alert when requests get slow.'),
      ' No latency objective applies here: add one (',
      code('objectives'),
      ') to get its burn-rate alerts.',
    ],
  },
  {
    id: 'capacity',
    applies: (spec) => isService(spec),
    detects: (a) => a.group === 'service' && a.alertId === 'instance_count',
    gap: (_spec, env) => [
      strong('No alert when the service reaches its maximum number of instances.'),
      ' The alert exists only from ',
      code(`scaling.maxCount: ${INSTANCE_COUNT_ALERT_MIN_MAX}`),
      ' up',
      env.instances.scaling ? ` (here ${env.instances.scaling.maxCount})` : ' (no scaling block here)',
      '; pending requests still alert.',
    ],
  },
  {
    id: 'missed-runs',
    applies: (spec) => spec.kind === 'job',
    detects: (a) => a.alertId === 'job_execution_absence' || a.alertId === 'job_missed_run',
    gap: () => [
      strong('No alert when the job does not run.'),
      ' It has no ',
      code('schedule'),
      ', so nothing expects an execution: only failed executions alert.',
    ],
  },
  {
    id: 'database-down',
    applies: (_spec, env) => env.resources.postgreSQL !== undefined,
    detects: (a) => a.kind === 'threshold' && a.metric === 'cloudsql.googleapis.com/database/up',
    gap: () => [strong('No alert when the Cloud SQL instance is down.')],
  },
  {
    id: 'bigquery',
    applies: (_spec, env) => env.resources.bigQueryDataset !== undefined,
    detects: (a) => 'metric' in a && a.metric.startsWith('bigquery.googleapis.com/'),
    gap: () => [
      strong('BigQuery has no alert.'),
      ' Failed inserts or queries show only in the service\u2019s logs and Error Reporting; add a custom alert if the data matters on call.',
    ],
  },
  {
    id: 'nobody-notified',
    applies: () => true,
    covered: (spec, env, platform) => routeAlerts(platform, spec, env).channels.length > 0,
    gap: () => [
      strong('Alerts notify nobody.'),
      ' No notification channel serves this environment: alerts show in the console only. Add a channel for the owners (',
      code('teams.<owner>.alerting.channels'),
      ' in platform.yaml).',
    ],
  },
  {
    id: 'nobody-paged',
    applies: (spec, env, platform) => routeAlerts(platform, spec, env).channels.length > 0,
    covered: (spec, env, platform) =>
      routeAlerts(platform, spec, env).bySeverity.CRITICAL.some((c) => c.paging),
    gap: (_spec, env) => [
      strong('Nothing pages.'),
      env.category === 'test'
        ? ' Critical alerts of test environments notify their channels but page nobody.'
        : ' Paging is off here (`alerting.opsgenie: false`): critical alerts notify their channels only.',
    ],
  },
];

/** The failure modes of the environment that no generated alert (or no pager) covers. */
export function alertGaps(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
  alerts: readonly AlertPolicy[],
): FailureMode[] {
  return FAILURE_MODES.filter((m) => {
    if (!m.applies(spec, env, platform)) return false;
    if (m.covered) return !m.covered(spec, env, platform);
    return !alerts.some((a) => m.detects!(a, spec));
  });
}

/** The "<env> without alerts" section, or nothing when every failure mode is covered. */
export function alertGapsSection(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
  alerts: readonly AlertPolicy[],
  heading: string,
): Block[] {
  const gaps = alertGaps(spec, env, platform, alerts);
  if (gaps.length === 0) return [];
  return [
    h(4, heading),
    p(
      'These failures raise no alert in ',
      code(env.id),
      ' (checked against the alert policies and channels its monitoring stack creates): look for them yourself.',
    ),
    ul(gaps.map((g) => li(g.gap(spec, env, platform)))),
  ];
}
