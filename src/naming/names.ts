/**
 * Names derived from the spec that more than one stack (and the docs) need. One place, so the
 * Terraform, the docs and the operator commands always agree. Service-account emails and the
 * project ID are static, so stacks write them as literals instead of reading remote state.
 */
import { createHash } from 'node:crypto';
import type { Backend } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';

/** The stacks of every environment (generation order; the apply order is `apply-order.ts`: tfcworkspaces first). */
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

/** Characters of the hash {@link fitName} puts into a shortened name. */
const FIT_HASH_LENGTH = 6;

/**
 * A name of at most `max` characters: `base + suffix` unchanged when it fits, else `base`
 * truncated, a `-` and the first 6 hex digits of the SHA-256 of the full name, then `suffix`
 * (e.g. `<base…>-1a2b3c-https`). Deterministic, so the same spec always gives the same name;
 * names that already fit never change. The rules per resource type are in
 * `src/terraform/naming-rules.ts` and docs/naming.md.
 */
export function fitName(base: string, max: number, suffix = ''): string {
  const full = `${base}${suffix}`;
  if (full.length <= max) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, FIT_HASH_LENGTH);
  const keep = max - suffix.length - FIT_HASH_LENGTH - 1;
  if (keep < 1) throw new Error(`fitName: suffix "${suffix}" leaves no room in ${max} characters`);
  // A name never has "--" or a trailing "-" before the hash.
  return `${base.slice(0, keep).replace(/-+$/, '')}-${hash}${suffix}`;
}

/** Cloud Run allows service names of at most 49 characters (job names: 63). */
const CLOUD_RUN_SERVICE_NAME_MAX = 49;

/**
 * Cloud Run service or job name: `<service>-<env>-<region>` (validated ≤ 63 characters, MSP's
 * rule). A service name over Cloud Run's 49 characters is shortened by {@link fitName}; jobs
 * keep the full name.
 */
export function cloudRunName(svc: ServiceSpec, env: EnvironmentSpec): string {
  const full = fullWorkloadName(svc, env);
  return svc.kind === 'job' ? full : fitName(full, CLOUD_RUN_SERVICE_NAME_MAX);
}

/** `<service>-<env>-<region>`, before any shortening. */
function fullWorkloadName(svc: ServiceSpec, env: EnvironmentSpec): string {
  return `${svc.id}-${env.id}-${env.locations.gcpRegion}`;
}

/** Compute Engine resource names (load balancer, network, Cloud Armor) have at most 63 characters. */
export const COMPUTE_NAME_MAX = 63;

/**
 * The name the load-balancer pieces of a domain share (NEG, backend service, URL map, global
 * address, forwarding rule): `<service>-<env>-<region>` as Compute Engine allows it (63
 * characters), so it stays the same when only the Cloud Run service name had to be shortened.
 */
export function loadBalancerName(svc: ServiceSpec, env: EnvironmentSpec): string {
  return fitName(fullWorkloadName(svc, env), COMPUTE_NAME_MAX);
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
