/**
 * The Cloud Run v2 service of a `kind: service` environment (docs/cloudrun-stack.md) and who
 * may invoke it (the spec's `authentication`, docs/spec-reference.md).
 *
 * Ingress and audiences (docs/cloudrun-stack.md, "Who can reach the service"):
 * - with a domain, ingress is internal plus load balancer: outside traffic arrives only through
 *   the load balancer (and Cloud Armor); a service that checks callers' identity
 *   (`authentication` present) accepts ID tokens minted for `https://<domain>` as well as for
 *   its `run.app` URL (`custom_audiences`);
 * - without a domain, a service that checks callers' identity accepts traffic from anywhere at
 *   its `run.app` URL, so other services of the fleet (in other projects) can call it with an
 *   ID token; IAM (`roles/run.invoker`) decides who may. A public service without a domain stays
 *   internal (only its own project's network and Google-internal sources reach it), so no
 *   unauthenticated URL is ever opened to the internet by default.
 */

import { workloadSaEmail } from '../../naming/names.ts';
import type { PlatformConfig } from '../../platform/model.ts';
import { SPEC_DEFAULTS } from '../../spec/defaults.ts';
import type { EnvironmentSpec, ServiceSpec } from '../../spec/model.ts';
import type { Dependable, ResourceHandle, Stack, TfExpr } from '../../terraform/index.ts';
import {
  containerPorts,
  type EnvBlock,
  healthProbes,
  resourceLimits,
  type SecretVolume,
} from './cloudrun-container.ts';
import type { PrivateNetwork } from './network.ts';

/** What both Cloud Run resources are built from. */
export interface RevisionParts {
  name: string;
  image: string | TfExpr;
  env: EnvBlock[];
  volumes: SecretVolume[];
  network?: PrivateNetwork;
  diagnosticsSecret: TfExpr;
  dependsOn: Dependable[];
  /** `lifecycle.ignore_changes` (rollout deploys). */
  ignoreChanges: string[];
}

/**
 * What a service revision and a job execution share: identity, execution environment, VPC
 * egress and secret volumes at the template level, and the container's image, size, ports, env
 * and mounts. Spread into both resource types.
 */
export function revisionCommon(spec: ServiceSpec, env: EnvironmentSpec, parts: RevisionParts) {
  const generation = executionEnvironment(env);
  const mounted = parts.volumes.length > 0;
  return {
    template: {
      service_account: workloadSaEmail(spec, env),
      ...(generation ? { execution_environment: generation } : {}),
      vpc_access: vpcAccess(parts.network),
      volumes: mounted ? parts.volumes.map((v) => v.volume) : undefined,
    },
    container: {
      name: spec.id,
      image: parts.image,
      resources: [{ limits: resourceLimits(env) }],
      ports: containerPorts(spec),
      env: parts.env,
      volume_mounts: mounted ? parts.volumes.map((v) => v.mount) : undefined,
    },
  };
}

/** Request timeout of services. */
const REQUEST_TIMEOUT = '300s';

/** `EXECUTION_ENVIRONMENT_GEN1`/`GEN2` when the spec picks a generation, else undefined (Cloud Run's default). */
function executionEnvironment(env: EnvironmentSpec): string | undefined {
  const g = env.instances.cloudRunGeneration;
  return g === 1 || g === 2 ? `EXECUTION_ENVIRONMENT_GEN${g}` : undefined;
}

/** Direct VPC egress to the private network (private ranges only), when there is one. */
function vpcAccess(network: PrivateNetwork | undefined) {
  return network
    ? [
        {
          network_interfaces: [{ network: network.network.id, subnetwork: network.subnetwork.id }],
          egress: 'PRIVATE_RANGES_ONLY',
        },
      ]
    : undefined;
}

/** The invoker member for an environment's `authentication`, or undefined (`iam`: explicit IAM only). */
function invokerMember(env: EnvironmentSpec, platform: PlatformConfig): string | undefined {
  switch (env.authentication.mode) {
    case 'public':
      return 'allUsers';
    case 'domain':
      return `domain:${platform.organization.domain}`;
    case 'iam':
      return undefined;
  }
}

/** `ingress` of the service (see the module comment). */
export function serviceIngress(env: EnvironmentSpec): string {
  return !env.domain && env.authentication.mode !== 'public'
    ? 'INGRESS_TRAFFIC_ALL'
    : 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER';
}

/** `custom_audiences`: the domain's URL for services that check callers' ID tokens, else undefined. */
export function customAudiences(env: EnvironmentSpec): string[] | undefined {
  return env.domain && env.authentication.mode !== 'public' ? [`https://${env.domain.dnsName}`] : undefined;
}

/**
 * Adds `google_cloud_run_v2_service.cloudrun` and, unless authentication is `iam`,
 * `google_cloud_run_v2_service_iam_member.cloudrun_invoker`.
 */
export function addCloudRunService(
  stack: Stack,
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
  parts: RevisionParts,
): ResourceHandle<'google_cloud_run_v2_service'> {
  // No `scaling` block: the defaults of each scaling key (docs/spec-reference.md).
  const scaling = env.instances.scaling ?? SPEC_DEFAULTS.scaling;
  const probes = healthProbes(env, parts.diagnosticsSecret);
  const common = revisionCommon(spec, env, parts);
  const service = stack.resource(
    'google_cloud_run_v2_service',
    'cloudrun',
    {
      name: parts.name,
      location: env.locations.gcpRegion,
      ingress: serviceIngress(env),
      custom_audiences: customAudiences(env),
      deletion_protection: !env.allowDestroys,
      traffic: [{ percent: 100, type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST' }],
      template: [
        {
          ...common.template,
          timeout: REQUEST_TIMEOUT,
          max_instance_request_concurrency: scaling.maxRequestConcurrency,
          scaling: [{ min_instance_count: scaling.minCount, max_instance_count: scaling.maxCount }],
          containers: [
            {
              ...common.container,
              startup_probe: probes ? [probes.startup] : undefined,
              liveness_probe: probes ? [probes.liveness] : undefined,
            },
          ],
        },
      ],
    },
    {
      depends_on: parts.dependsOn,
      ...(parts.ignoreChanges.length > 0 ? { lifecycle: { ignore_changes: parts.ignoreChanges } } : {}),
    },
  );
  const member = invokerMember(env, platform);
  if (member)
    stack.resource('google_cloud_run_v2_service_iam_member', 'cloudrun_invoker', {
      name: service.ref('name'),
      location: env.locations.gcpRegion,
      role: 'roles/run.invoker',
      member,
    });
  return service;
}
