/**
 * What every stack builder receives, and the helpers they share to start a stack: header,
 * pinned Terraform version, backend from the platform config, providers, and remote state to
 * read another stack's outputs. Stack builders are pure: `(ctx) => StackBuild | undefined`.
 */

import {
  cloudRunName,
  operatorAccessSaEmail,
  type StackName,
  workloadSaEmail,
  workspaceName,
} from '../naming/names.ts';
import type { PlatformConfig } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import {
  type Backend,
  createStack,
  PROVIDERS,
  type RemoteStateHandle,
  type Stack,
} from '../terraform/index.ts';

export interface StackContext {
  spec: ServiceSpec;
  env: EnvironmentSpec;
  platform: PlatformConfig;
  /** msp version, written into headers. */
  toolVersion: string;
  /** The spec file relative to the fleet root, e.g. `services/acme-api/service.yaml`. */
  specPath: string;
  /**
   * The manifest digest a subscription environment's tag is pinned to (`images.lock.yaml`,
   * docs/images.md); undefined: the tag is deployed unpinned.
   */
  imageDigest?: string;
}

/** Extra files a stack writes next to its `main.tf.json` (e.g. `terraform.tfvars`). */
export interface ExtraFile {
  name: string;
  content: string | Uint8Array;
}

export interface StackBuild {
  stack: Stack;
  extraFiles?: ExtraFile[];
}

/** A stack builder: returns undefined when the stack does not apply (e.g. tfcworkspaces without TFC). */
export type StackBuilder = (ctx: StackContext) => StackBuild | undefined;

/** The Terraform backend block of a stack, from the platform config. */
function backendFor(ctx: StackContext, stack: StackName): Backend {
  const b = ctx.platform.terraform.backend;
  const ws = workspaceName(b, ctx.spec.id, ctx.env.id, stack);
  if (b.type === 'cloud')
    return { type: 'cloud', hostname: b.hostname, organization: b.organization, workspaces: { name: ws } };
  if (b.type === 'gcs') return { type: 'gcs', bucket: b.bucket, prefix: `${b.prefix}/${ws}` };
  return { type: 'local', path: 'terraform.tfstate' };
}

/**
 * A new stack with the generated-file header, the pinned Terraform version, the backend and
 * the {@link STABLE_LOCALS}.
 */
export function newStack(ctx: StackContext, name: StackName): Stack {
  const stack = createStack({
    name,
    header: { tool: 'msp', version: ctx.toolVersion, source: ctx.specPath },
    requiredVersion: `~> ${ctx.platform.terraform.version}`,
    backend: backendFor(ctx, name),
  });
  for (const [local, value] of Object.entries(stableLocals(ctx))) stack.local(local, value);
  return stack;
}

/**
 * The `locals` every stack declares, for custom Terraform next to the generated file
 * (docs/custom-terraform.md): `local.project_id` and the others. Their names are a stable
 * interface: they are never renamed or removed. Values are literals, the same in every stack
 * of an environment; the cloudrun stack adds `cloudsql_instance_name` and
 * `cloudsql_connection_name` with PostgreSQL.
 */
function stableLocals(ctx: StackContext): Record<string, string> {
  return {
    project_id: ctx.env.projectID,
    region: ctx.env.locations.gcpRegion,
    service_id: ctx.spec.id,
    environment_id: ctx.env.id,
    cloud_run_name: cloudRunName(ctx.spec, ctx.env),
    workload_service_account_email: workloadSaEmail(ctx.spec, ctx.env),
    operator_access_service_account_email: operatorAccessSaEmail(ctx.env),
  };
}

/** Adds the pinned google provider; `project` sets the default project (omit before the project exists). */
export function addGoogleProvider(stack: Stack, opts: { project?: string; region?: string } = {}): void {
  stack.requireProvider('google', PROVIDERS.google);
  stack.provider('google', {
    ...(opts.project ? { project: opts.project } : {}),
    ...(opts.region ? { region: opts.region } : {}),
  });
}

export function addRandomProvider(stack: Stack): void {
  stack.requireProvider('random', PROVIDERS.random);
  stack.provider('random', {});
}

/**
 * Reads another stack's outputs: `terraform_remote_state` named `<from>` configured for the
 * platform's backend. Use only for values Terraform alone knows (random IDs, instance IDs);
 * static values (project ID, service-account emails) are written as literals.
 */
export function readStackOutputs(ctx: StackContext, stack: Stack, from: StackName): RemoteStateHandle {
  const b = ctx.platform.terraform.backend;
  const ws = workspaceName(b, ctx.spec.id, ctx.env.id, from);
  if (b.type === 'cloud')
    return stack.remoteState(from, {
      backend: 'remote',
      config: { hostname: b.hostname, organization: b.organization, workspaces: { name: ws } },
    });
  if (b.type === 'gcs')
    return stack.remoteState(from, {
      backend: 'gcs',
      config: { bucket: b.bucket, prefix: `${b.prefix}/${ws}` },
    });
  return stack.remoteState(from, { backend: 'local', config: { path: `../${from}/terraform.tfstate` } });
}
