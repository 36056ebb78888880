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

/**
 * The stacks each stack reads outputs from (`readStackOutputs`). In Terraform Cloud a workspace
 * shares its state only with the workspaces listed here as its readers. A test checks every
 * generated `terraform_remote_state` against this table: add a row when a stack starts reading
 * another one.
 */
export const STACK_READS: Readonly<Record<StackName, readonly StackName[]>> = {
  project: [],
  iam: [],
  cloudrun: [],
  monitoring: ['cloudrun'],
  tfcworkspaces: [],
};

/** The stacks that read `stack`'s outputs, in apply order. */
export function stackReaders(stack: StackName): StackName[] {
  return STACK_NAMES.filter((s) => STACK_READS[s].includes(stack));
}

/**
 * A service's operations page, as alert documentation links it: the published HTML catalog
 * (`<links.docs>/services/<service>.html`) when the platform config names one, else the
 * generated Markdown page in the fleet repository (`services/<service>/docs/operations.md`).
 */
export function opsPageUrl(platform: PlatformConfig, svc: string): string {
  const docs = platform.links.docs?.replace(/\/+$/, '');
  if (docs) return `${docs}/services/${svc}.html`;
  const repo = platform.links.repository.replace(/\/+$/, '');
  return `${repo}/blob/${platform.terraform.vcs.branch}/services/${svc}/docs/operations.md`;
}
