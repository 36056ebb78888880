// biome-ignore-all lint/suspicious/noTemplateCurlyInString: expected Terraform references are plain strings holding ${...}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  exampleContexts,
  examplePlatform,
  examplePlatformWith,
  exampleSpec,
  stackContext,
} from '../../test/support/examples.ts';
import { alertPoliciesFor } from '../alerts/policies.ts';
import { channelsForEnvironment, checkPagingRoutes } from '../alerts/routing.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { checkStack, type JsonObject, renderStack, serializeStack } from '../terraform/index.ts';
import type { StackContext } from './context.ts';
import { newStack } from './context.ts';
import { buildMonitoringStack } from './monitoring.ts';
import { dashboardDefinition } from './resources/monitoring-dashboard.ts';

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/** The example platform where the paging channel serves every category. */
const pagingEverywhere = () =>
  examplePlatformWith((t) => t.replace('      categories: [internal, external]\n', ''));

function ctxFor(
  svc: string,
  env: string,
  opts: { platform?: PlatformConfig; edit?: (t: string) => string } = {},
) {
  const platform = opts.platform ?? examplePlatform();
  const spec = exampleSpec(svc, { platform, ...(opts.edit ? { edit: opts.edit } : {}) });
  return stackContext(spec, spec.environments.find((e) => e.id === env)!, platform);
}

function doc(ctx: StackContext): JsonObject {
  return renderStack(buildMonitoringStack(ctx).stack);
}

function policiesOf(d: JsonObject): Record<string, Record<string, unknown>> {
  return ((d.resource as Blocks).google_monitoring_alert_policy ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
}

function channelsOf(d: JsonObject): string[] {
  return Object.keys((d.resource as Blocks).google_monitoring_notification_channel ?? {}).sort();
}

/** Channel resource names an alert policy notifies. */
function routedTo(d: JsonObject, policy: string): string[] {
  const p = policiesOf(d)[policy];
  assert.ok(p, `no policy ${policy}`);
  return (p.notification_channels as string[]).map((r) => {
    const m = /^\$\{google_monitoring_notification_channel\.([\w-]+)\.name\}$/.exec(r);
    assert.ok(m, `unexpected channel reference ${r}`);
    return m[1]!;
  });
}

describe('monitoring stack: the example fleet', () => {
  for (const ctx of exampleContexts()) {
    const label = `${ctx.spec.id}/${ctx.env.id}`;
    it(`${label}: passes the provider-schema check and renders every alert of the model`, () => {
      const built = buildMonitoringStack(ctx);
      assert.deepEqual(checkStack(built.stack), []);
      const d = renderStack(built.stack);
      const expected = alertPoliciesFor(ctx.spec, ctx.env, ctx.platform);
      const policies = policiesOf(d);
      assert.deepEqual(Object.keys(policies).sort(), expected.map((a) => a.id).sort());
      for (const a of expected) {
        const p = policies[a.id]!;
        assert.equal(p.display_name, a.name);
        assert.equal(p.severity, a.severity);
        assert.deepEqual(p.alert_strategy, [{ auto_close: '86400s' }]);
        const [documentation] = p.documentation as { content: string; subject: string; mime_type: string }[];
        assert.equal(documentation?.content, a.documentation.content);
        assert.equal(documentation?.mime_type, 'text/markdown');
      }
    });
  }

  it('reads the cloudrun outputs only when an alert needs them', () => {
    const remote = (c: StackContext) =>
      Object.keys(((doc(c).data as Blocks | undefined)?.terraform_remote_state ?? {}) as object);
    assert.deepEqual(remote(ctxFor('acme-api', 'prod')), ['cloudrun']);
    assert.deepEqual(remote(ctxFor('nightly-sync', 'dev')), []);
    assert.deepEqual(remote(ctxFor('search-grpc', 'prod')), []);
  });

  it('uses the Cloud SQL instance name and Redis instance ID from the cloudrun stack', () => {
    const d = doc(ctxFor('acme-api', 'prod'));
    const filter = (id: string) =>
      (policiesOf(d)[id]!.conditions as { condition_threshold: { filter: string }[] }[])[0]!
        .condition_threshold[0]!.filter as string;
    assert.match(
      filter('cloudsql-cloud_sql_connections'),
      /database_id = "acme-api-prod-b71c:\$\{data\.terraform_remote_state\.cloudrun\.outputs\.cloudsql_instance_name\}"$/,
    );
    assert.match(
      filter('redis-memory'),
      /instance_id = "\$\{data\.terraform_remote_state\.cloudrun\.outputs\.redis_instance_id\}"$/,
    );
    const [cond] = (
      policiesOf(d)['cloudsql-cloud_sql_connections']!.conditions as {
        condition_threshold: { threshold_value: number }[];
      }[]
    )[0]!.condition_threshold;
    assert.equal(cond?.threshold_value, 180);
  });

  it('creates the uptime check with the diagnostics bearer, and the log metric the alert depends on', () => {
    const d = doc(ctxFor('acme-api', 'prod'));
    const res = d.resource as Blocks;
    const check = res.google_monitoring_uptime_check_config!.external_uptime_check!;
    const [http] = check.http_check as Record<string, unknown>[];
    assert.equal(http!.path, '/-/healthz');
    assert.deepEqual(http!.headers, {
      Authorization: 'Bearer ${data.terraform_remote_state.cloudrun.outputs.diagnostics_secret}',
    });
    assert.equal(http!.mask_headers, true);
    assert.equal(check.display_name, 'External Uptime Check for api.acme.com');
    const uptime = policiesOf(d)['service-external_health_check']!;
    assert.match(
      JSON.stringify(uptime.conditions),
      /metric\.labels\.check_id = \\"\$\{google_monitoring_uptime_check_config\.external_uptime_check\.uptime_check_id\}\\"/,
    );
    assert.deepEqual(policiesOf(d)['service-cloud_run_precondition_failed']!.depends_on, [
      'google_logging_metric.msp_cloud_run_precondition_failed',
    ]);

    const plain = doc(ctxFor('release-registry', 'dev'));
    const [h] = (plain.resource as Blocks).google_monitoring_uptime_check_config!.external_uptime_check!
      .http_check as Record<string, unknown>[];
    assert.equal(h!.path, '/');
    assert.equal(h!.headers, undefined);
  });

  it('builds one alerts dashboard with the groups in MSP order', () => {
    const d = doc(ctxFor('acme-api', 'prod'));
    const dash = (d.resource as Blocks).google_monitoring_dashboard!.alerts!.dashboard_json as string;
    assert.match(dash, /^\$\{jsonencode\(/);
    assert.match(dash, /"displayName" = "MSP Alerts - Acme API \(prod\)"/);
    const groups = [...dash.matchAll(/"collapsibleGroup" = \{\}, "title" = "([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(groups, [
      'Custom Alerts',
      'Response Code Ratio Alerts',
      'SLO Burn Rate Alerts',
      'Cloud Run Service Alerts',
      'Cloud SQL Alerts',
      'Container Alerts',
      'Redis Alerts',
    ]);
    const charts = [
      ...dash.matchAll(/"alertChart" = \{ "name" = google_monitoring_alert_policy\.([\w-]+)\.name \}/g),
    ];
    assert.equal(charts.length, Object.keys(policiesOf(d)).length);
    assert.match(dash, /"columns" = 48/);
  });
});

describe('monitoring stack: dashboard layout', () => {
  it('places a banner, then each group with two 24×16 charts per row', () => {
    const ctx = ctxFor('nightly-sync', 'dev');
    const stack = newStack(ctx, 'monitoring');
    const alerts = alertPoliciesFor(ctx.spec, ctx.env, ctx.platform).map((alert) => ({
      alert,
      policy: stack.resource('google_monitoring_alert_policy', alert.id, {
        display_name: alert.name,
        combiner: 'OR',
        conditions: [],
      }),
    }));
    const def = dashboardDefinition(ctx, alerts) as {
      displayName: string;
      mosaicLayout: {
        columns: number;
        tiles: { xPos?: number; yPos?: number; width: number; height: number; widget: { title: string } }[];
      };
    };
    assert.equal(def.displayName, 'MSP Alerts - nightly-sync (dev)');
    assert.equal(def.mosaicLayout.columns, 48);
    const layout = def.mosaicLayout.tiles.map((t) => [
      t.widget.title,
      t.xPos ?? 0,
      t.yPos ?? 0,
      t.width,
      t.height,
    ]);
    assert.deepEqual(layout, [
      ['About this dashboard', 0, 0, 48, 4],
      ['Cloud Run Job Alerts', 0, 4, 48, 16],
      ['Cloud Run Job Failures', 0, 4, 24, 16],
      ['Cloud Run Job Execution Absence', 24, 4, 24, 16],
      ['Container Alerts', 0, 20, 48, 32],
      ['High Container CPU Utilization', 0, 20, 24, 16],
      ['High Container Memory Utilization', 24, 20, 24, 16],
      ['Container Startup Latency', 0, 36, 24, 16],
    ]);
  });
});

describe('monitoring stack: routing by category and severity', () => {
  it("external: the owners' channels; a CRITICAL alert reaches their pager, a WARNING does not", () => {
    // acme-api is owned by core-services (Slack + PagerDuty for internal/external).
    const d = doc(ctxFor('acme-api', 'prod'));
    assert.deepEqual(channelsOf(d), ['core-services-pagerduty', 'core-services-slack']);
    assert.deepEqual(routedTo(d, 'service-external_health_check'), [
      'core-services-pagerduty',
      'core-services-slack',
    ]);
    assert.deepEqual(routedTo(d, 'custom-signups-stalled'), [
      'core-services-pagerduty',
      'core-services-slack',
    ]);
    assert.deepEqual(routedTo(d, 'common-cpu'), ['core-services-slack']);
    const out = d.output as Record<string, { value: string[] }>;
    assert.equal(out.notifications_critical!.value.length, 2);
    assert.deepEqual(out.notifications_warning!.value, [
      '${google_monitoring_notification_channel.core-services-slack.name}',
    ]);
  });

  it("owners' channels serve only their categories", () => {
    // core-services-pagerduty serves internal and external only.
    assert.deepEqual(channelsOf(doc(ctxFor('acme-api', 'dev'))), ['core-services-slack']);
  });

  it('owners without a pager: the platform paging channel pages for CRITICAL', () => {
    // nightly-sync is owned by data-team (email only).
    const d = doc(ctxFor('nightly-sync', 'prod'));
    assert.deepEqual(channelsOf(d), ['data-team-email', 'oncall-opsgenie']);
    assert.deepEqual(routedTo(d, 'common-cpu'), ['data-team-email']);
    const critical = (d.output as Record<string, { value: string[] }>).notifications_critical!.value;
    assert.deepEqual(critical, [
      '${google_monitoring_notification_channel.data-team-email.name}',
      '${google_monitoring_notification_channel.oncall-opsgenie.name}',
    ]);
  });

  it('owners without channels: the platform-wide channels are the fallback', () => {
    // release-registry is owned by dev-experience, which declares no channels.
    assert.deepEqual(channelsOf(doc(ctxFor('release-registry', 'prod'))), [
      'alerts-slack',
      'oncall-opsgenie',
      'platform-email',
    ]);
    assert.deepEqual(channelsOf(doc(ctxFor('release-registry', 'dev'))), ['alerts-slack', 'platform-email']);
  });

  it('test: paging is off by default and on with alerting.opsgenie: true', () => {
    const platform = pagingEverywhere();
    const off = doc(ctxFor('release-registry', 'dev', { platform }));
    assert.deepEqual(channelsOf(off), ['alerts-slack', 'platform-email']);

    const on = doc(
      ctxFor('release-registry', 'dev', {
        platform,
        edit: (t) => t.replace(/(\n {4}category: test\n)/, '$1    alerting:\n      opsgenie: true\n'),
      }),
    );
    assert.deepEqual(channelsOf(on), ['alerts-slack', 'oncall-opsgenie', 'platform-email']);
    assert.deepEqual(routedTo(on, 'common-cpu'), ['alerts-slack']);
  });

  it('internal with alerting.opsgenie: false reaches no pager, which validation rejects', () => {
    const ctx = ctxFor('release-registry', 'prod');
    const env = { ...ctx.env, alerting: { opsgenie: false } };
    assert.deepEqual(
      channelsForEnvironment(ctx.platform, ctx.spec, env).map((c) => c.id),
      ['alerts-slack', 'platform-email'],
    );
    const spec = { ...ctx.spec, environments: ctx.spec.environments.map((e) => (e.id === env.id ? env : e)) };
    assert.deepEqual(
      checkPagingRoutes(spec, ctx.platform).map((d) => [d.code, d.path.join('.')]),
      [['SPEC_NO_PAGING_ROUTE', 'environments.1.alerting.opsgenie']],
    );
    assert.deepEqual(checkPagingRoutes(ctx.spec, ctx.platform), []);
  });
});

describe('monitoring stack: secrets', () => {
  /** Values the fixtures' secrets hold in Secret Manager; the generator never sees them. */
  const KNOWN_SECRETS = [
    'xoxb-0000-fixture-slack-token',
    'pd-fixture-service-key',
    'fixture-diagnostics-hex',
  ];

  it('reads channel secrets from Secret Manager and writes no secret value', () => {
    const platform = examplePlatformWith((t) =>
      t.replace(
        '      labels:\n        url: https://api.opsgenie.com/v1/json/googlestackdriver\n',
        '      labels:\n        url: https://api.opsgenie.com/v1/json/googlestackdriver\n' +
          '      sensitiveLabels:\n        password: { project: acme-platform-secrets, secret: OPSGENIE_WEBHOOK_PASSWORD }\n',
      ),
    );
    for (const ctx of exampleContexts(platform)) {
      const built = buildMonitoringStack(ctx);
      assert.deepEqual(checkStack(built.stack), []);
      const text = serializeStack(built.stack);
      for (const s of KNOWN_SECRETS) assert.ok(!text.includes(s), `${s} in ${ctx.spec.id}/${ctx.env.id}`);
      const d = renderStack(built.stack);
      for (const [name, ch] of Object.entries(
        (d.resource as Blocks).google_monitoring_notification_channel ?? {},
      )) {
        for (const labels of (ch.sensitive_labels as Record<string, string>[] | undefined) ?? []) {
          for (const v of Object.values(labels))
            assert.match(
              v,
              /^\$\{data\.google_secret_manager_secret_version\.[\w-]+\.secret_data\}$/,
              `${name}: sensitive label must come from Secret Manager`,
            );
        }
        const labels = ch.labels as Record<string, string>;
        for (const k of ['auth_token', 'service_key', 'password']) assert.equal(labels[k], undefined);
      }
      // The only bearer is the diagnostics secret, read from the cloudrun stack's state.
      for (const m of text.matchAll(/Bearer ([^"]*)/g))
        assert.equal(m[1], '${data.terraform_remote_state.cloudrun.outputs.diagnostics_secret}');
    }
    const prod = renderStack(buildMonitoringStack(ctxFor('release-registry', 'prod', { platform })).stack);
    const opsgenie = (prod.resource as Blocks).google_monitoring_notification_channel!['oncall-opsgenie']!;
    assert.deepEqual(opsgenie.sensitive_labels, [
      { password: '${data.google_secret_manager_secret_version.oncall-opsgenie_password.secret_data}' },
    ]);
    assert.deepEqual(
      (prod.data as Blocks).google_secret_manager_secret_version!['oncall-opsgenie_password'],
      {
        project: 'acme-platform-secrets',
        secret: 'OPSGENIE_WEBHOOK_PASSWORD',
      },
    );
  });
});

describe('monitoring stack: backends', () => {
  it('reads the cloudrun state from GCS when the backend is gcs', () => {
    const platform = examplePlatformWith((t) =>
      t.replace(
        '    type: cloud\n    hostname: app.terraform.io\n    organization: acme\n',
        '    type: gcs\n    bucket: acme-terraform-state\n',
      ),
    );
    const d = doc(ctxFor('acme-api', 'prod', { platform }));
    assert.deepEqual((d.data as Blocks).terraform_remote_state!.cloudrun, {
      backend: 'gcs',
      config: { bucket: 'acme-terraform-state', prefix: 'msp/msp-acme-api-prod-cloudrun' },
    });
  });
});
