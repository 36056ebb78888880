/**
 * Names derived from the spec that more than one stack (and the docs) need. One place, so the
 * Terraform, the docs and the operator commands always agree. Service-account emails and the
 * project ID are static, so stacks write them as literals instead of reading remote state.
 */
import type { Backend, PlatformConfig } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';

/** The stacks of every environment, in apply order. */
export const STACK_NAMES = ['project', 'iam', 'cloudrun', 'monitoring', 'tfcworkspaces'] as const;
export type StackName = (typeof STACK_NAMES)[number];

export const saEmail = (accountId: string, project: string) =>
  `${accountId}@${project}.iam.gserviceaccount.com`;

/** Service-account IDs (6–30 characters) created in each environment project. */
export const SERVICE_ACCOUNTS = {
  workload: (svc: ServiceSpec) => `${svc.id}-sa`,
  operatorAccess: () => 'operator-access',
  jobInvoker: (svc: ServiceSpec) => `${svc.id}-job-sa`,
  cloudDeployExecutor: () => 'clouddeploy-executor',
  cloudDeployReleaser: () => 'clouddeploy-releaser',
  /** The Datastream Cloud SQL proxy VM's account; exists only when {@link hasDatastreamAccount}. */
  datastreamToCloudSql: () => 'datastream-to-cloudsql',
} as const;

/**
 * True when the environment has the `datastream-to-cloudsql` account: only with PostgreSQL
 * logical-replication publications, the only thing that uses it (MSP created it always).
 */
export function hasDatastreamAccount(env: EnvironmentSpec): boolean {
  return (env.resources.postgreSQL?.logicalReplication?.publications.length ?? 0) > 0;
}

/** True when the environment has the job invoker account: a `kind: job` with a schedule. */
export function hasJobInvokerAccount(svc: ServiceSpec, env: EnvironmentSpec): boolean {
  return svc.kind === 'job' && env.schedule !== undefined;
}

export function jobInvokerSaEmail(svc: ServiceSpec, env: EnvironmentSpec): string {
  return saEmail(SERVICE_ACCOUNTS.jobInvoker(svc), env.projectID);
}

export function datastreamSaEmail(env: EnvironmentSpec): string {
  return saEmail(SERVICE_ACCOUNTS.datastreamToCloudSql(), env.projectID);
}

export function workloadSaEmail(svc: ServiceSpec, env: EnvironmentSpec): string {
  return saEmail(SERVICE_ACCOUNTS.workload(svc), env.projectID);
}

export function operatorAccessSaEmail(env: EnvironmentSpec): string {
  return saEmail(SERVICE_ACCOUNTS.operatorAccess(), env.projectID);
}

/** Cloud Run service or job name: `<service>-<env>-<region>` (validated ≤ 63 characters). */
export function cloudRunName(svc: ServiceSpec, env: EnvironmentSpec): string {
  return `${svc.id}-${env.id}-${env.locations.gcpRegion}`;
}

/** Workspace (Terraform Cloud) or state key name of a stack. */
export function workspaceName(backend: Backend, svc: string, env: string, stack: StackName): string {
  return backend.workspacePattern
    .replaceAll('{service}', svc)
    .replaceAll('{env}', env)
    .replaceAll('{stack}', stack);
}

/** Directory of a stack, relative to the fleet root. */
export function stackDir(svc: string, env: string, stack: StackName): string {
  return `services/${svc}/terraform/${env}/stacks/${stack}`;
}

/** Terraform Cloud project holding one environment's workspaces. */
export function tfcProjectName(svc: string, env: string): string {
  return `msp-${svc}-${env}`;
}

export function isPlatformCloud(platform: PlatformConfig): boolean {
  return platform.terraform.backend.type === 'cloud';
}
