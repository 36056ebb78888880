/**
 * What some alerts watch and the monitoring stack creates beside them: the external uptime
 * check (with the diagnostics bearer when healthz probes are on) and log-based metrics.
 */
import type { LogMetricSpec, UptimeCheckSpec } from '../../alerts/model.ts';
import type { ResourceHandle, Stack, TfExpr } from '../../terraform/index.ts';
import { interpolate } from '../../terraform/index.ts';
import type { StackContext } from '../context.ts';

/**
 * Declares the uptime check. `diagnosticsSecret` is needed when the check sends the bearer
 * header; the header is masked in the console.
 */
export function addUptimeCheck(
  stack: Stack,
  ctx: StackContext,
  check: UptimeCheckSpec,
  diagnosticsSecret: () => TfExpr,
): ResourceHandle<'google_monitoring_uptime_check_config'> {
  return stack.resource('google_monitoring_uptime_check_config', 'external_uptime_check', {
    display_name: check.displayName,
    timeout: `${check.timeoutSeconds}s`,
    period: `${check.periodSeconds}s`,
    monitored_resource: [{ type: 'uptime_url', labels: { host: check.host, project_id: ctx.env.projectID } }],
    http_check: [
      {
        path: check.path,
        port: check.port,
        request_method: 'GET',
        use_ssl: true,
        validate_ssl: true,
        accepted_response_status_codes: [{ status_class: 'STATUS_CLASS_2XX' }],
        ...(check.bearer
          ? { headers: { Authorization: interpolate`Bearer ${diagnosticsSecret()}` }, mask_headers: true }
          : {}),
      },
    ],
  });
}

/** Declares a log-based counter metric (DELTA, INT64) with string labels. */
export function addLogMetric(stack: Stack, metric: LogMetricSpec): ResourceHandle<'google_logging_metric'> {
  const labels = Object.keys(metric.labelExtractors).sort();
  return stack.resource('google_logging_metric', metric.name, {
    name: metric.name,
    description: metric.description,
    filter: metric.filter,
    metric_descriptor: [
      {
        metric_kind: 'DELTA',
        value_type: 'INT64',
        unit: '1',
        labels: labels.map((key) => ({ key, value_type: 'STRING' })),
      },
    ],
    label_extractors: { ...metric.labelExtractors },
  });
}
