/**
 * The `monitoring` stack (docs/generated-terraform.md): the environment's notification channels
 * (routed to the service's owners by `alerts/routing.ts`, by category and severity, paging per
 * `alerting.opsgenie`), the service-level objectives (docs/slo.md), every alert policy of the
 * alert model (burn-rate alerts included), the uptime check and log metric some of them watch,
 * and the alerts dashboard.
 * Values only Terraform knows (Cloud SQL instance name, Redis instance ID, diagnostics secret)
 * are read from the `cloudrun` stack's outputs.
 */
import type { AlertPlaceholder } from '../alerts/model.ts';
import { serviceLevelObjectivesFor } from '../alerts/objectives.ts';
import { alertPoliciesFor } from '../alerts/policies.ts';
import { channelsForAlert, routeAlerts, SEVERITIES } from '../alerts/routing.ts';
import type { Severity } from '../platform/model.ts';
import type { ObjectiveKey } from '../spec/model.ts';
import type { Dependable, RemoteStateHandle, TfExpr } from '../terraform/index.ts';
import {
  addGoogleProvider,
  newStack,
  readStackOutputs,
  type StackBuild,
  type StackContext,
} from './context.ts';
import { addAlertPolicy } from './resources/monitoring-alert-policy.ts';
import { addNotificationChannels } from './resources/monitoring-channels.ts';
import { addAlertsDashboard } from './resources/monitoring-dashboard.ts';
import { addServiceLevelObjectives } from './resources/monitoring-slo.ts';
import { addLogMetric, addUptimeCheck } from './resources/monitoring-sources.ts';

/** Builds the environment's `monitoring` stack (always written). */
export function buildMonitoringStack(ctx: StackContext): StackBuild {
  const { env } = ctx;
  const stack = newStack(ctx, 'monitoring');
  addGoogleProvider(stack, { project: env.projectID, region: env.locations.gcpRegion });

  let cloudrun: RemoteStateHandle | undefined;
  const cloudrunOutput = (name: string): TfExpr => {
    cloudrun ??= readStackOutputs(ctx, stack, 'cloudrun');
    return cloudrun.output(name);
  };

  const routing = routeAlerts(ctx.platform, ctx.spec, env);
  const channels = addNotificationChannels(stack, ctx, routing);
  const resourceOf = new Map(channels.map((c) => [c.channel.id, c.resource]));
  const routedTo = (severity: Severity) =>
    channelsForAlert(routing, severity).map((c) => resourceOf.get(c.id)!);
  const slos = addServiceLevelObjectives(stack, ctx, serviceLevelObjectivesFor(ctx.spec, env));
  const alerts = alertPoliciesFor(ctx.spec, env, ctx.platform);

  let uptimeCheckId: TfExpr | undefined;
  const resolve = (p: AlertPlaceholder): TfExpr => {
    if (p === 'uptime_check_id') {
      if (!uptimeCheckId) throw new Error('uptime_check_id used by an alert without an uptime check');
      return uptimeCheckId;
    }
    if (p.startsWith('slo_')) {
      const slo = slos.get(p.slice('slo_'.length) as ObjectiveKey);
      if (!slo) throw new Error(`${p} used by an alert without that SLO`);
      return slo.ref('name');
    }
    return cloudrunOutput(p);
  };

  const declared = alerts.map((alert) => {
    const dependsOn: Dependable[] = [];
    if (alert.kind === 'uptime' && alert.uptimeCheck) {
      const check = addUptimeCheck(stack, ctx, alert.uptimeCheck, () => cloudrunOutput('diagnostics_secret'));
      uptimeCheckId = check.ref('uptime_check_id');
    }
    if (alert.kind === 'log' && alert.logMetric) dependsOn.push(addLogMetric(stack, alert.logMetric));
    const routed = routedTo(alert.severity);
    const policy = addAlertPolicy(stack, ctx, alert, routed, resolve, dependsOn);
    return { alert, policy };
  });

  addAlertsDashboard(stack, ctx, declared);

  for (const severity of SEVERITIES) {
    const ids = routedTo(severity).map((r) => r.ref('name'));
    stack.output(`notifications_${severity.toLowerCase()}`, {
      value: ids,
      description: `Notification channels receiving ${severity} alerts (for hand-written alert policies)`,
    });
  }
  return { stack };
}
