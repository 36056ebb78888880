/**
 * What every stack builder receives, and the helpers they share to start a stack: header,
 * pinned Terraform version, backend from the platform config, providers, and remote state to
 * read another stack's outputs. Stack builders are pure: `(ctx) => StackBuild | undefined`.
 */
import type { PlatformConfig } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import {
  type Backend,
  createStack,
  PROVIDERS,
  type ProviderHandle,
  type RemoteStateHandle,
  type Stack,
} from '../terraform/index.ts';
import { type StackName, stackDir, workspaceName } from './names.ts';

export interface StackContext {
  spec: ServiceSpec;
  env: EnvironmentSpec;
  platform: PlatformConfig;
  /** msp version, written into headers. */
  toolVersion: string;
  /** The spec file relative to the fleet root, e.g. `services/acme-api/service.yaml`. */
  specPath: string;
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
export function backendFor(ctx: StackContext, stack: StackName): Backend {
  const b = ctx.platform.terraform.backend;
  const ws = workspaceName(b, ctx.spec.id, ctx.env.id, stack);
  if (b.type === 'cloud')
    return { type: 'cloud', hostname: b.hostname, organization: b.organization, workspaces: { name: ws } };
  if (b.type === 'gcs') return { type: 'gcs', bucket: b.bucket, prefix: `${b.prefix}/${ws}` };
  return { type: 'local', path: 'terraform.tfstate' };
}

/** A new stack with the generated-file header, the pinned Terraform version and the backend. */
export function newStack(ctx: StackContext, name: StackName): Stack {
  return createStack({
    name,
    header: { tool: 'msp', version: ctx.toolVersion, source: ctx.specPath },
    requiredVersion: `~> ${ctx.platform.terraform.version}`,
    backend: backendFor(ctx, name),
  });
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

/** Where a stack's files go, relative to the fleet root. */
export function stackPath(ctx: StackContext, stack: StackName): string {
  return stackDir(ctx.spec.id, ctx.env.id, stack);
}

export type { ProviderHandle };
