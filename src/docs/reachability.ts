/**
 * How a service is reached, for its operations page: the same rule the Cloud Run service uses
 * for ingress and custom audiences (`src/stacks/resources/cloudrun-service.ts`,
 * docs/cloudrun-stack.md "Who can reach the service").
 */
import type { EnvironmentSpec } from '../spec/model.ts';
import { customAudiences, serviceIngress } from '../stacks/resources/cloudrun-service.ts';

/** One sentence: where callers come from and what they need. */
export function reachabilityText(env: EnvironmentSpec): string {
  const ingress = serviceIngress(env);
  if (env.domain) {
    const audiences = customAudiences(env);
    const where = `through https://${env.domain.dnsName} (load balancer) and from inside its project`;
    return audiences ? `${where}; ID tokens for that URL or the run.app URL are accepted` : where;
  }
  if (ingress === 'INGRESS_TRAFFIC_ALL')
    return 'at its run.app URL with an ID token; other services of the fleet call it that way once their workload account has roles/run.invoker on it';
  return 'only from inside its project (internal ingress, no domain)';
}
