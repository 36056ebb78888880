// biome-ignore-all lint/suspicious/noTemplateCurlyInString: expected Terraform references are plain strings holding ${...}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  examplePlatform,
  examplePlatformWith,
  exampleSpec,
  stackContext,
} from '../../../test/support/examples.ts';
import { BURN_RATE_TIERS, burnRateThreshold, executionObjectiveGap } from '../../alerts/objectives.ts';
import type { PlatformConfig } from '../../platform/model.ts';
import { checkStack, type JsonObject, renderStack } from '../../terraform/index.ts';
import { buildMonitoringStack } from '../monitoring.ts';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function monitoring(svc: string, env: string, platform: PlatformConfig = examplePlatform()) {
  const spec = exampleSpec(svc, { platform });
  const ctx = stackContext(spec, spec.environments.find((e) => e.id === env)!, platform);
  const build = buildMonitoringStack(ctx);
  assert.deepEqual(checkStack(build.stack), [], 'the stack passes the provider-schema check');
  const json = renderStack(build.stack) as JsonObject;
  return { json, resources: (json.resource ?? {}) as Resources, spec, env: ctx.env };
}

function burnPolicies(r: Resources) {
  return Object.fromEntries(
    Object.entries(r.google_monitoring_alert_policy ?? {}).filter(([id]) => id.startsWith('slo-')),
  ) as Record<string, Record<string, unknown>>;
}

const REQUESTS =
  'metric.type = "run.googleapis.com/request_count" AND resource.type = "cloud_run_revision" AND resource.labels.service_name = ';

describe('burn-rate thresholds', () => {
  it('are the Workbook numbers for 30 days and scale with the period', () => {
    const [fast, slow] = BURN_RATE_TIERS;
    assert.equal(burnRateThreshold(fast!, 30), 14.4);
    assert.equal(burnRateThreshold(slow!, 30), 6);
    // The Workbook's third row (10% of the budget in 3 days) is 1× on 30 days.
    const third = {
      ...fast!,
      budgetFraction: 0.1,
      longWindowSeconds: 3 * 86_400,
      shortWindowSeconds: 6 * 3600,
    };
    assert.equal(burnRateThreshold(third, 30), 1);
    assert.equal(burnRateThreshold(fast!, 28), 13.44);
    assert.equal(burnRateThreshold(slow!, 28), 5.6);
    assert.deepEqual(
      BURN_RATE_TIERS.map((t) => [t.id, t.longWindowSeconds, t.shortWindowSeconds, t.severity]),
      [
        ['fast', 3600, 300, 'CRITICAL'],
        ['slow', 21600, 1800, 'WARNING'],
      ],
    );
  });
});

describe('SLOs and burn-rate alerts by category', () => {
  it('external service: availability and latency SLOs on a custom service, four burn-rate policies', () => {
    const { resources } = monitoring('acme-api', 'prod');
    assert.deepEqual(resources.google_monitoring_custom_service, {
      service: {
        service_id: 'acme-api-prod-us-central1',
        display_name: 'Acme API (prod)',
        telemetry: [
          {
            resource_name:
              '//run.googleapis.com/projects/acme-api-prod-b71c/locations/us-central1/services/acme-api-prod-us-central1',
          },
        ],
        user_labels: {
          source: 'managed-services-platform',
          msp_service_id: 'acme-api',
          msp_environment_id: 'prod',
        },
      },
    });
    const slos = resources.google_monitoring_slo!;
    assert.deepEqual(Object.keys(slos), ['availability', 'latency']);
    const a = slos.availability!;
    assert.equal(a.service, '${google_monitoring_custom_service.service.service_id}');
    assert.equal(a.goal, 0.999);
    assert.equal(a.rolling_period_days, 28);
    assert.deepEqual(a.request_based_sli, [
      {
        good_total_ratio: [
          {
            bad_service_filter: `${REQUESTS}"acme-api-prod-us-central1" AND metric.labels.response_code_class = "5xx"`,
            total_service_filter: `${REQUESTS}"acme-api-prod-us-central1"`,
          },
        ],
      },
    ]);
    const l = slos.latency!;
    assert.equal(l.goal, 0.99);
    assert.deepEqual(l.request_based_sli, [
      {
        distribution_cut: [
          {
            distribution_filter:
              'metric.type = "run.googleapis.com/request_latencies" AND resource.type = "cloud_run_revision" AND resource.labels.service_name = "acme-api-prod-us-central1"',
            range: [{ max: 1000 }],
          },
        ],
      },
    ]);

    const burn = burnPolicies(resources);
    assert.deepEqual(Object.keys(burn).sort(), [
      'slo-availability_fast_burn',
      'slo-availability_slow_burn',
      'slo-latency_fast_burn',
      'slo-latency_slow_burn',
    ]);
    const fast = burn['slo-availability_fast_burn']!;
    assert.equal(fast.combiner, 'AND');
    assert.equal(fast.severity, 'CRITICAL');
    const conds = fast.conditions as { condition_threshold: Record<string, unknown>[] }[];
    assert.deepEqual(
      conds.map((c) => c.condition_threshold[0]),
      [
        {
          filter: 'select_slo_burn_rate("${google_monitoring_slo.availability.name}", "3600s")',
          comparison: 'COMPARISON_GT',
          threshold_value: 13.44,
          duration: '0s',
          trigger: [{ count: 1 }],
        },
        {
          filter: 'select_slo_burn_rate("${google_monitoring_slo.availability.name}", "300s")',
          comparison: 'COMPARISON_GT',
          threshold_value: 13.44,
          duration: '0s',
          trigger: [{ count: 1 }],
        },
      ],
    );
    // Routed like every other alert (to the owners' channels): fast burn (CRITICAL) reaches the
    // owners' pager, slow burn does not.
    assert.deepEqual(fast.notification_channels, [
      '${google_monitoring_notification_channel.core-services-pagerduty.name}',
      '${google_monitoring_notification_channel.core-services-slack.name}',
    ]);
    const slow = burn['slo-latency_slow_burn']!;
    assert.equal(slow.severity, 'WARNING');
    assert.deepEqual(slow.notification_channels, [
      '${google_monitoring_notification_channel.core-services-slack.name}',
    ]);
    const slowConds = slow.conditions as { condition_threshold: Record<string, unknown>[] }[];
    assert.deepEqual(
      slowConds.map((c) => [c.condition_threshold[0]!.filter, c.condition_threshold[0]!.threshold_value]),
      [
        ['select_slo_burn_rate("${google_monitoring_slo.latency.name}", "21600s")', 5.6],
        ['select_slo_burn_rate("${google_monitoring_slo.latency.name}", "1800s")', 5.6],
      ],
    );
    const links = (slow.documentation as { links: { display_name: string; url: string }[] }[])[0]!.links;
    assert.deepEqual(links.at(-1), {
      display_name: 'Error budget',
      url: 'https://console.cloud.google.com/monitoring/services?project=acme-api-prod-b71c',
    });
  });

  it('internal service: an availability SLO only, relaxed with a reason in the example', () => {
    const { resources, env } = monitoring('release-registry', 'prod');
    assert.equal(env.objectives.reason?.startsWith('Only CI reads it'), true);
    assert.deepEqual(Object.keys(resources.google_monitoring_slo!), ['availability']);
    assert.equal(resources.google_monitoring_slo!.availability!.goal, 0.99);
    assert.deepEqual(Object.keys(burnPolicies(resources)).sort(), [
      'slo-availability_fast_burn',
      'slo-availability_slow_burn',
    ]);
  });

  it('test environments get no custom service, SLO or burn-rate alert', () => {
    for (const [svc, env] of [
      ['acme-api', 'dev'],
      ['nightly-sync', 'dev'],
      ['search-grpc', 'test'],
    ] as const) {
      const { resources } = monitoring(svc, env);
      assert.equal(resources.google_monitoring_custom_service, undefined, `${svc}/${env}`);
      assert.equal(resources.google_monitoring_slo, undefined, `${svc}/${env}`);
      assert.deepEqual(Object.keys(burnPolicies(resources)), [], `${svc}/${env}`);
    }
  });

  it('scheduled job: an execution SLO, no burn-rate policies', () => {
    const { resources } = monitoring('nightly-sync', 'prod');
    assert.equal(
      (resources.google_monitoring_custom_service!.service!.telemetry as { resource_name: string }[])[0]!
        .resource_name,
      '//run.googleapis.com/projects/nightly-sync-prod-9c1e/locations/europe-west2/jobs/nightly-sync-prod-europe-west2',
    );
    const slo = resources.google_monitoring_slo!.executions!;
    assert.equal(slo.goal, 0.95);
    const executions =
      'metric.type = "run.googleapis.com/job/completed_execution_count" AND resource.type = "cloud_run_job" AND resource.labels.job_name = "nightly-sync-prod-europe-west2"';
    assert.deepEqual(slo.request_based_sli, [
      {
        good_total_ratio: [
          {
            bad_service_filter: `${executions} AND metric.labels.result = "failed"`,
            total_service_filter: executions,
          },
        ],
      },
    ]);
    assert.deepEqual(Object.keys(burnPolicies(resources)), []);
  });

  it('a job objective needs a schedule and a budget of at least one failed execution', () => {
    const strict = examplePlatformWith((t) => `${t}objectives:\n  internal: { executions: 99 }\n`);
    const daily = exampleSpec('nightly-sync', { platform: strict });
    const prod = daily.environments.find((e) => e.id === 'prod')!;
    // Daily: 28 executions in 28 days; 1% of them is 0.28, less than one failed execution.
    assert.match(executionObjectiveGap(daily, prod) ?? '', /promises 28 executions in 28 days/);
    const { resources } = monitoring('nightly-sync', 'prod', strict);
    assert.equal(resources.google_monitoring_slo, undefined);
    const onDemand = exampleSpec('nightly-sync', {
      edit: (t) => t.replace('    schedule:\n      cron: "0 3 * * *"\n', ''),
    });
    assert.match(
      executionObjectiveGap(onDemand, onDemand.environments.find((e) => e.id === 'prod')!) ?? '',
      /no schedule/,
    );
  });

  it('a 30-day period gives the Workbook thresholds and a 30-day rolling window', () => {
    const p30 = examplePlatformWith(
      (t) =>
        `${t}objectives:\n  external: { availability: 99.9, latency: { thresholdMs: 800, percent: 99 }, periodDays: 30 }\n`,
    );
    const { resources } = monitoring('acme-api', 'prod', p30);
    assert.equal(resources.google_monitoring_slo!.availability!.rolling_period_days, 30);
    assert.deepEqual(
      (
        resources.google_monitoring_slo!.latency!.request_based_sli as {
          distribution_cut: { range: unknown }[];
        }[]
      )[0]!.distribution_cut[0]!.range,
      [{ max: 800 }],
    );
    const burn = burnPolicies(resources);
    const threshold = (id: string) =>
      (burn[id]!.conditions as { condition_threshold: { threshold_value: number }[] }[])[0]!
        .condition_threshold[0]!.threshold_value;
    assert.equal(threshold('slo-availability_fast_burn'), 14.4);
    assert.equal(threshold('slo-availability_slow_burn'), 6);
  });
});
