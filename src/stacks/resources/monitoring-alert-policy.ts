/**
 * Renders one alert of the alert model as a `google_monitoring_alert_policy`
 * (docs/generated-terraform.md): display name, severity, documentation, labels, 24 h auto-close, the notification
 * channels of its severity and one condition of its kind (burn-rate alerts: one per window,
 * all of which must hold).
 */
import type {
  AlertPlaceholder,
  AlertPolicy,
  AlertText,
  BurnRateAlert,
  MetricCondition,
} from '../../alerts/model.ts';
import { windowText } from '../../alerts/objectives.ts';
import type { Dependable, ResourceArgs, ResourceHandle, Stack, TfExpr } from '../../terraform/index.ts';
import { interpolate } from '../../terraform/index.ts';
import type { StackContext } from '../context.ts';
import { labelValue } from '../project.ts';

type PolicyArgs = ResourceArgs['google_monitoring_alert_policy'];
type Conditions = PolicyArgs['conditions'][number];

/** Alerts close themselves after 24 hours without new data. */
const AUTO_CLOSE = '86400s';

/** Resolves placeholders to the expressions Terraform computes. */
type PlaceholderResolver = (p: AlertPlaceholder) => TfExpr;

/** Text with placeholders as a Terraform string: a literal, or a template with references. */
function renderAlertText(text: AlertText, resolve: PlaceholderResolver): string | TfExpr {
  if (text.every((p) => typeof p === 'string')) return text.join('');
  const strings: string[] = [''];
  const values: TfExpr[] = [];
  for (const part of text) {
    if (typeof part === 'string') strings[strings.length - 1] += part;
    else {
      values.push(resolve(part.placeholder));
      strings.push('');
    }
  }
  const tsa = Object.assign([...strings], { raw: [...strings] }) as unknown as TemplateStringsArray;
  return interpolate(tsa, ...values);
}

const seconds = (n: number) => `${n}s`;

function aggregations(c: MetricCondition) {
  return [
    {
      alignment_period: seconds(c.windowSeconds),
      per_series_aligner: c.aligner,
      cross_series_reducer: c.reducer,
      ...(c.groupBy.length > 0 ? { group_by_fields: [...c.groupBy] } : {}),
    },
  ];
}

/** A burn-rate alert's conditions: one threshold per window, named by its window. */
function burnRateConditions(alert: BurnRateAlert, resolve: PlaceholderResolver): Conditions[] {
  return alert.windows.map((w) => ({
    display_name: `${alert.name}: burn rate above ${alert.threshold} over ${windowText(w.lookbackSeconds)}`,
    condition_threshold: [
      {
        filter: renderAlertText(w.filter, resolve),
        comparison: 'COMPARISON_GT',
        threshold_value: alert.threshold,
        duration: '0s',
        trigger: [{ count: 1 }],
      },
    ],
  }));
}

function conditions(alert: AlertPolicy, resolve: PlaceholderResolver): Conditions[] {
  return alert.kind === 'burn-rate' ? burnRateConditions(alert, resolve) : [condition(alert, resolve)];
}

function condition(alert: Exclude<AlertPolicy, BurnRateAlert>, resolve: PlaceholderResolver): Conditions {
  const display_name = alert.name;
  switch (alert.kind) {
    case 'mql':
      return {
        display_name,
        condition_monitoring_query_language: [
          { query: alert.query, duration: seconds(alert.durationSeconds), trigger: [{ count: 1 }] },
        ],
      };
    case 'promql':
      return {
        display_name,
        condition_prometheus_query_language: [
          { query: alert.query, duration: seconds(alert.durationSeconds) },
        ],
      };
    case 'absence':
      return {
        display_name,
        condition_absent: [
          {
            filter: renderAlertText(alert.filter, resolve),
            duration: seconds(alert.durationSeconds),
            aggregations: aggregations(alert),
            trigger: [{ ...alert.trigger }],
          },
        ],
      };
    default:
      return {
        display_name,
        condition_threshold: [
          {
            filter: renderAlertText(alert.filter, resolve),
            comparison: alert.comparison,
            threshold_value: alert.threshold,
            duration: seconds(alert.durationSeconds),
            aggregations: aggregations(alert),
            trigger: [{ ...alert.trigger }],
          },
        ],
      };
  }
}

/** Declares the policy; `channels` are the notification channels of its severity. */
export function addAlertPolicy(
  stack: Stack,
  ctx: StackContext,
  alert: AlertPolicy,
  channels: readonly ResourceHandle<'google_monitoring_notification_channel'>[],
  resolve: PlaceholderResolver,
  dependsOn: readonly Dependable[] = [],
): ResourceHandle<'google_monitoring_alert_policy'> {
  const { spec, env } = ctx;
  return stack.resource(
    'google_monitoring_alert_policy',
    alert.id,
    {
      display_name: alert.name,
      // Burn-rate alerts fire only when every window burns too fast; others have one condition.
      combiner: alert.kind === 'burn-rate' ? 'AND' : 'OR',
      enabled: true,
      severity: alert.severity,
      notification_channels: channels.map((c) => c.ref('name')),
      alert_strategy: [{ auto_close: AUTO_CLOSE }],
      documentation: [
        {
          subject: alert.documentation.subject,
          content: alert.documentation.content,
          mime_type: 'text/markdown',
          links: alert.documentation.links.map((l) => ({ display_name: l.name, url: l.url })),
        },
      ],
      user_labels: {
        source: 'managed-services-platform',
        msp_alert_id: labelValue(alert.id),
        msp_service_id: labelValue(spec.id),
        msp_environment_id: labelValue(env.id),
        ...(alert.resourceKind ? { resource_kind: alert.resourceKind } : {}),
      },
      conditions: conditions(alert, resolve),
    },
    dependsOn.length > 0 ? { depends_on: dependsOn } : {},
  );
}
