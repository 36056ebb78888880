/**
 * The environment's service-level objectives in Cloud Monitoring (docs/slo.md): one custom
 * monitoring service standing for the Cloud Run service or job, and one request-based
 * `google_monitoring_slo` per objective, computed from Cloud Run's own metrics. The burn-rate
 * alert policies reference the SLOs' names.
 */

import type { ServiceLevelObjective } from '../../alerts/objectives.ts';
import { cloudRunName } from '../../naming/names.ts';
import type { ObjectiveKey } from '../../spec/model.ts';
import type { ResourceHandle, Stack } from '../../terraform/index.ts';
import type { StackContext } from '../context.ts';
import { labelValue } from '../project.ts';

/** The custom service's ID: the Cloud Run service or job name (unique in the project). */
function monitoringServiceId(ctx: StackContext): string {
  return cloudRunName(ctx.spec, ctx.env);
}

/** Declares the custom service and the SLOs; returns the SLO handles by objective. */
export function addServiceLevelObjectives(
  stack: Stack,
  ctx: StackContext,
  slos: readonly ServiceLevelObjective[],
): Map<ObjectiveKey, ResourceHandle<'google_monitoring_slo'>> {
  const out = new Map<ObjectiveKey, ResourceHandle<'google_monitoring_slo'>>();
  if (slos.length === 0) return out;
  const { spec, env } = ctx;
  const name = cloudRunName(spec, env);
  const labels = {
    source: 'managed-services-platform',
    msp_service_id: labelValue(spec.id),
    msp_environment_id: labelValue(env.id),
  };
  const kind = spec.kind === 'job' ? 'jobs' : 'services';
  const service = stack.resource('google_monitoring_custom_service', 'service', {
    service_id: monitoringServiceId(ctx),
    display_name: `${spec.name} (${env.id})`,
    telemetry: [
      {
        resource_name: `//run.googleapis.com/projects/${env.projectID}/locations/${env.locations.gcpRegion}/${kind}/${name}`,
      },
    ],
    user_labels: labels,
  });
  for (const slo of slos) {
    const sli =
      slo.sli.type === 'good-total'
        ? {
            good_total_ratio: [
              { bad_service_filter: slo.sli.badFilter, total_service_filter: slo.sli.totalFilter },
            ],
          }
        : { distribution_cut: [{ distribution_filter: slo.sli.filter, range: [{ max: slo.sli.maxMs }] }] };
    out.set(
      slo.kind,
      stack.resource('google_monitoring_slo', slo.kind, {
        service: service.ref('service_id'),
        slo_id: slo.kind,
        display_name: slo.displayName,
        goal: slo.goal,
        rolling_period_days: slo.periodDays,
        request_based_sli: [sli],
        user_labels: { ...labels, msp_objective: slo.kind },
      }),
    );
  }
  return out;
}
