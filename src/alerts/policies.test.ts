import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { examplePlatform, exampleSpec } from '../../test/support/examples.ts';
import { responseCodeRatioQuery } from '../query/queries.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import { type AlertPolicy, alertTextForDocs, isMetricAlert } from './model.ts';
import {
  alertPoliciesFor,
  executionAbsenceMinutes,
  missedRunQuery,
  missedRunWindowMinutes,
} from './policies.ts';

/** One line per alert: `<id> <severity> <kind> <condition>`. */
function summary(a: AlertPolicy): string {
  if (a.kind === 'burn-rate')
    return `${a.id} ${a.severity} burn-rate > ${a.threshold} over ${a.windows.map((w) => `${w.lookbackSeconds}s`).join('+')}`;
  if (!isMetricAlert(a)) return `${a.id} ${a.severity} ${a.kind} for ${a.durationSeconds}s`;
  if (a.kind === 'absence') return `${a.id} ${a.severity} absence ${a.durationSeconds}s`;
  const op = a.comparison === 'COMPARISON_LT' ? '<' : '>';
  return `${a.id} ${a.severity} ${a.kind} ${op} ${a.threshold} for ${a.durationSeconds}s`;
}

function policies(svc: string, env: string, edit?: (t: string) => string): readonly AlertPolicy[] {
  const spec = exampleSpec(svc, edit ? { edit } : {});
  const e = spec.environments.find((x) => x.id === env)!;
  return alertPoliciesFor(spec, e, examplePlatform());
}

const CONTAINER = (startupMs: number) => [
  'common-cpu WARNING threshold > 0.9 for 600s',
  'common-memory WARNING threshold > 0.8 for 0s',
  `common-startup WARNING threshold > ${startupMs} for 0s`,
];
const PENDING = 'service-cloud_run_pending_requests WARNING threshold > 5 for 0s';
const UPTIME = 'service-external_health_check CRITICAL uptime < 0.4 for 0s';
const PRECONDITION = 'service-cloud_run_precondition_failed WARNING log > 0 for 0s';
const REDIS = [
  'redis-memory WARNING threshold > 0.8 for 0s',
  'redis-cpu WARNING threshold > 0.9 for 0s',
  'redis-failover WARNING threshold > 0 for 0s',
];
const CLOUDSQL = (connections: number) => [
  'cloudsql-cloud_sql_memory WARNING threshold > 0.8 for 0s',
  'cloudsql-cloud_sql_cpu WARNING threshold > 0.9 for 180s',
  'cloudsql-cloud_sql_server_up WARNING threshold < 1 for 0s',
  'cloudsql-cloud_sql_disk_utilization WARNING threshold > 0.95 for 0s',
  `cloudsql-cloud_sql_connections WARNING threshold > ${connections} for 0s`,
  'cloudsql-per_query_lock_time_sustained WARNING threshold > 200000 for 180s',
  'cloudsql-per_query_lock_time_spike WARNING threshold > 1000000 for 0s',
];
const ACME_RATIOS = [
  'response-code-server_errors WARNING promql for 300s',
  'response-code-not_found WARNING promql for 60s',
];
const ACME_CUSTOM = [
  'custom-queue-backlog WARNING promql for 600s',
  'custom-signups-stalled CRITICAL mql for 3600s',
];
const ACME_CONFIGURED = [...ACME_RATIOS, ...ACME_CUSTOM];
/** Burn-rate alerts of a 28-day objective: 2% of the budget in 1 h (13.44×), 5% in 6 h (5.6×). */
const BURN = (objective: string) => [
  `slo-${objective}_fast_burn CRITICAL burn-rate > 13.44 over 3600s+300s`,
  `slo-${objective}_slow_burn WARNING burn-rate > 5.6 over 21600s+1800s`,
];

/** Expected alerts of every example environment, by kind and resources. */
const EXPECTED: Record<string, string[]> = {
  // service, probes on (startupInterval 5 → 15 s), maxCount 3 (no instance alert), public domain,
  // Redis, PostgreSQL with the default 100 connections.
  'acme-api/dev': [
    ...CONTAINER(15000),
    PENDING,
    UPTIME,
    PRECONDITION,
    ...REDIS,
    ...CLOUDSQL(90),
    ...ACME_CONFIGURED,
  ],
  // probes on by default (3 s → 9 s), maxCount 10 → > 9, maxConnections 200 → 180; external:
  // availability and latency objectives.
  'acme-api/prod': [
    ...CONTAINER(9000),
    'service-instance_count WARNING threshold > 9 for 0s',
    PENDING,
    UPTIME,
    PRECONDITION,
    ...REDIS,
    ...CLOUDSQL(180),
    ...ACME_RATIOS,
    ...BURN('availability'),
    ...BURN('latency'),
    ...ACME_CUSTOM,
  ],
  // job, hourly cron → absence after 60 + 10 minutes.
  'nightly-sync/dev': [
    ...CONTAINER(10000),
    'job-job_failures WARNING threshold > 0 for 0s',
    'job-job_execution_absence WARNING absence 4200s',
  ],
  // daily cron → 1450 minutes ≥ 23h30m: no absence alert.
  'nightly-sync/prod': [
    ...CONTAINER(10000),
    'job-job_failures WARNING threshold > 0 for 0s',
    // runs once a day at 03:00: too rare for an absence alert, so a missed-run alert
    'job-job_missed_run WARNING promql for 0s',
  ],
  // probes off → 240 s startup; public domain without probes → uptime check on `/`.
  'release-registry/dev': [...CONTAINER(240000), PENDING, UPTIME, PRECONDITION, ...CLOUDSQL(90)],
  // domain, but authentication set → no uptime check; scaling maxCount 5 → > 4; internal:
  // availability only.
  'release-registry/prod': [
    ...CONTAINER(240000),
    'service-instance_count WARNING threshold > 4 for 0s',
    PENDING,
    PRECONDITION,
    ...CLOUDSQL(90),
    ...BURN('availability'),
  ],
  'search-grpc/test': [
    ...CONTAINER(9000),
    'service-instance_count WARNING threshold > 4 for 0s',
    PENDING,
    PRECONDITION,
    ...REDIS,
  ],
  // startupInterval defaults to the 2 s timeout → 6 s; maxCount 20 → > 19.
  'search-grpc/prod': [
    ...CONTAINER(6000),
    'service-instance_count WARNING threshold > 19 for 0s',
    PENDING,
    PRECONDITION,
    // the spec tightens availability and adds a latency objective to the internal category's.
    ...BURN('availability'),
    ...BURN('latency'),
  ],
};

describe('alertPoliciesFor: the example fleet', () => {
  for (const [key, expected] of Object.entries(EXPECTED)) {
    const [svc, env] = key.split('/') as [string, string];
    it(`${key} gets exactly the alerts for its kind and resources`, () => {
      assert.deepEqual(policies(svc, env).map(summary), expected);
    });
  }

  it('keeps MSP display names and IDs unique', () => {
    const all = policies('acme-api', 'prod');
    assert.deepEqual(all.map((a) => a.name).slice(0, 7), [
      'High Container CPU Utilization',
      'High Container Memory Utilization',
      'Container Startup Latency',
      'Container Instance Count',
      'Cloud Run Pending Requests',
      'External Uptime Check',
      'Cloud Run Instance Precondition Failed',
    ]);
    assert.equal(new Set(all.map((a) => a.id)).size, all.length);
  });

  it('describes metrics with filter, aligner, reducer, window and grouping', () => {
    const cpu = policies('acme-api', 'prod').find((a) => a.id === 'common-cpu')!;
    assert.ok(isMetricAlert(cpu));
    assert.equal(
      alertTextForDocs(cpu.filter),
      'metric.type = "run.googleapis.com/container/cpu/utilizations" AND resource.type = "cloud_run_revision" ' +
        'AND resource.labels.service_name = "acme-api-prod-us-central1"',
    );
    assert.equal(cpu.aligner, 'ALIGN_PERCENTILE_99');
    assert.equal(cpu.reducer, 'REDUCE_MAX');
    assert.equal(cpu.windowSeconds, 60);
    assert.deepEqual(cpu.groupBy, ['resource.label.revision_name']);

    const failures = policies('nightly-sync', 'dev').find((a) => a.id === 'job-job_failures')!;
    assert.ok(isMetricAlert(failures));
    assert.equal(
      alertTextForDocs(failures.filter),
      'metric.type = "run.googleapis.com/job/completed_task_attempt_count" AND metric.labels.result = "failed" ' +
        'AND resource.type = "cloud_run_job" AND resource.labels.job_name = "nightly-sync-dev-us-central1"',
    );

    const conns = policies('acme-api', 'prod').find((a) => a.id === 'cloudsql-cloud_sql_connections')!;
    assert.ok(isMetricAlert(conns));
    assert.equal(
      alertTextForDocs(conns.filter),
      'metric.type = "cloudsql.googleapis.com/database/postgresql/num_backends" AND resource.type = "cloudsql_database" ' +
        'AND resource.labels.database_id = "acme-api-prod-b71c:<cloudsql_instance_name>"',
    );
  });

  it('checks /-/healthz with the bearer when probes are on, else /', () => {
    const on = policies('acme-api', 'prod').find((a) => a.kind === 'uptime');
    assert.ok(on && on.kind === 'uptime');
    assert.deepEqual(on.uptimeCheck, {
      displayName: 'External Uptime Check for api.acme.com',
      host: 'api.acme.com',
      path: '/-/healthz',
      port: 443,
      bearer: true,
      timeoutSeconds: 3,
      periodSeconds: 60,
    });
    assert.deepEqual(on.trigger, { percent: 100 });
    const off = policies('release-registry', 'dev').find((a) => a.kind === 'uptime');
    assert.ok(off && off.kind === 'uptime');
    assert.equal(off.uptimeCheck?.path, '/');
    assert.equal(off.uptimeCheck?.bearer, false);
  });

  it('documents every alert: meaning, ops page, runbook, owners', () => {
    for (const a of policies('search-grpc', 'prod')) {
      assert.equal(a.documentation.subject, `Search gRPC (prod): ${a.name}`);
      assert.ok(a.documentation.content.startsWith(a.description));
      assert.match(
        a.documentation.content,
        /See <https:\/\/acme\.github\.io\/managed-services\/services\/search-grpc\.html> -> \*\*prod\*\*/,
      );
      assert.match(a.documentation.content, /Runbook: <https:\/\/handbook\.acme\.com\/incidents>\./);
      assert.match(a.documentation.content, /Owners: search-platform, core-services\.$/);
      assert.deepEqual(
        a.documentation.links.map((l) => l.name),
        a.kind === 'burn-rate'
          ? ['Operations page', 'Runbook', 'Error budget']
          : ['Operations page', 'Runbook'],
      );
    }
  });
});

describe('alertPoliciesFor: variants', () => {
  it('an instance alert needs the scaling block and maxCount ≥ 5', () => {
    const ids = (edit: (t: string) => string) => policies('acme-api', 'dev', edit).map((a) => a.id);
    assert.ok(!ids((t) => t).includes('service-instance_count'));
    assert.ok(ids((t) => t.replace('maxCount: 3', 'maxCount: 5')).includes('service-instance_count'));
    const noScaling = (t: string) =>
      t.replace('      scaling:\n        minCount: 0\n        maxCount: 3\n', '');
    assert.ok(!ids(noScaling).includes('service-instance_count'));
  });

  it('response-code ratios are for services only; custom alerts for every kind', () => {
    const job = exampleSpec('nightly-sync', {
      edit: (t) =>
        `${t}\nmonitoring:\n  alerts:\n    responseCodeRatios:\n      - id: errs\n        name: Errors\n` +
        '        codeClass: 5xx\n        ratio: 0.1\n    customAlerts:\n      - name: Rows Missing\n' +
        '        severityLevel: CRITICAL\n        condition:\n          type: promql\n          query: sum(rows) < 1\n',
    });
    assert.equal(job.monitoring.responseCodeRatios.length, 1);
    const ids = alertPoliciesFor(job, job.environments[0]!, examplePlatform()).map((a) => a.id);
    assert.ok(ids.includes('custom-rows-missing'));
    assert.ok(!ids.some((i) => i.startsWith('response-code-')));
  });
});

describe('execution absence window', () => {
  const env = (maxIntervalMinutes: number | undefined) =>
    ({
      schedule: maxIntervalMinutes === undefined ? undefined : { cron: 'x', maxIntervalMinutes },
    }) as unknown as EnvironmentSpec;
  it('is the longest gap rounded up plus 10 minutes, below 23h30m', () => {
    assert.equal(executionAbsenceMinutes(env(60)), 70);
    assert.equal(executionAbsenceMinutes(env(59.2)), 70);
    assert.equal(executionAbsenceMinutes(env(1399)), 1409);
    assert.equal(executionAbsenceMinutes(env(1400)), undefined);
    assert.equal(executionAbsenceMinutes(env(1440)), undefined);
    assert.equal(executionAbsenceMinutes(env(undefined)), undefined);
  });

  it('jobs without one (less than daily) get a missed-run window: gap + deadline + 1h, whole hours', () => {
    const job = (gap: number | undefined, deadlineSeconds = 600) =>
      ({ ...env(gap), deadlineSeconds }) as unknown as EnvironmentSpec;
    assert.equal(missedRunWindowMinutes(job(60)), undefined);
    assert.equal(missedRunWindowMinutes(job(undefined)), undefined);
    assert.equal(missedRunWindowMinutes(job(1440)), 1560);
    assert.equal(missedRunWindowMinutes(job(7 * 1440, 3600)), 7 * 1440 + 120);
    assert.equal(
      missedRunQuery('weekly-prod-us-central1', 600),
      '(sum(increase(run_googleapis_com:job_completed_execution_count{monitored_resource="cloud_run_job",job_name="weekly-prod-us-central1"}[600m])) or vector(0)) < 1',
    );
  });
});

describe('configurable alert queries', () => {
  const acme = (): ServiceSpec => exampleSpec('acme-api');

  it('builds the response-code ratio PromQL from a code class with excluded codes', () => {
    const a = policies('acme-api', 'prod').find((x) => x.id === 'response-code-server_errors')!;
    assert.equal(a.kind, 'promql');
    assert.equal(
      a.kind === 'promql' ? a.query : '',
      [
        'sum by (revision_name) (rate(run_googleapis_com:request_count{monitored_resource="cloud_run_revision",' +
          'service_name="acme-api-prod-us-central1",response_code_class="5xx",response_code!="501"}[5m]))',
        '/',
        'sum by (revision_name) (rate(run_googleapis_com:request_count{monitored_resource="cloud_run_revision",' +
          'service_name="acme-api-prod-us-central1"}[5m]))',
        '> 0.1',
      ].join('\n'),
    );
    assert.equal(a.durationSeconds, 300);
    assert.equal(a.description, acme().monitoring.responseCodeRatios[0]!.description);
  });

  it('builds the response-code ratio PromQL from an exact code', () => {
    const a = policies('acme-api', 'dev').find((x) => x.id === 'response-code-not_found')!;
    assert.equal(
      a.kind === 'promql' ? a.query : '',
      [
        'sum by (revision_name) (rate(run_googleapis_com:request_count{monitored_resource="cloud_run_revision",' +
          'service_name="acme-api-dev-us-central1",response_code="404"}[5m]))',
        '/',
        'sum by (revision_name) (rate(run_googleapis_com:request_count{monitored_resource="cloud_run_revision",' +
          'service_name="acme-api-dev-us-central1"}[5m]))',
        '> 0.5',
      ].join('\n'),
    );
    assert.equal(a.kind === 'promql' ? a.durationSeconds : 0, 60);
    assert.equal(a.description, 'More than 50% of requests were answered with 404 for 1 minute(s).');
  });

  it('escapes label values and keeps every excluded code', () => {
    const q = responseCodeRatioQuery('a"b\\c', { codeClass: '4XX', excludeCodes: ['404', '429'] }, 0.25);
    assert.match(q, /service_name="a\\"b\\\\c"/);
    assert.match(q, /response_code_class="4xx",response_code!="404",response_code!="429"/);
    assert.match(q, /\n> 0\.25$/);
  });

  it('passes custom MQL and PromQL through with their line breaks', () => {
    const all = policies('acme-api', 'prod');
    const mql = all.find((x) => x.id === 'custom-signups-stalled')!;
    assert.equal(mql.severity, 'CRITICAL');
    assert.equal(
      mql.kind === 'mql' ? mql.query : '',
      'fetch global::logging.googleapis.com/user/signups\n| align rate(1h)\n| every 1h\n| condition val() < 1',
    );
    const promql = all.find((x) => x.id === 'custom-queue-backlog')!;
    assert.equal(promql.severity, 'WARNING');
    assert.equal(promql.kind === 'promql' ? promql.query : '', 'sum(acme_queue_depth) > 1000');
  });
});
