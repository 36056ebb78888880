/** What every platform stack builder receives, and the stack header, version pin and backend they share. */

import { type PlatformStackName, platformWorkspaceName } from '../naming/platform-names.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { type Backend, createStack, PROVIDERS, type Stack } from '../terraform/index.ts';
import type { FleetService } from './model.ts';

export interface PlatformContext {
  platform: PlatformConfig;
  /** Every service of the fleet, sorted by ID. */
  services: readonly FleetService[];
  /** msp version, written into headers. */
  toolVersion: string;
  /** The platform config file relative to the fleet root (`platform.yaml`), or `built-in defaults`. */
  source: string;
  providers: typeof PROVIDERS;
}

/** The backend of a platform stack: the platform's backend, in the platform's own workspace or state key. */
function platformBackend(platform: PlatformConfig, stack: PlatformStackName): Backend {
  const b = platform.terraform.backend;
  const ws = platformWorkspaceName(platform, stack);
  if (b.type === 'cloud')
    return { type: 'cloud', hostname: b.hostname, organization: b.organization, workspaces: { name: ws } };
  if (b.type === 'gcs') return { type: 'gcs', bucket: b.bucket, prefix: `${b.prefix}/${ws}` };
  return { type: 'local', path: 'terraform.tfstate' };
}

/** A new platform stack with the generated-file header, the pinned Terraform version and the backend. */
export function newPlatformStack(pctx: PlatformContext, name: PlatformStackName): Stack {
  return createStack({
    name,
    header: { tool: 'msp', version: pctx.toolVersion, source: pctx.source },
    requiredVersion: `~> ${pctx.platform.terraform.version}`,
    backend: platformBackend(pctx.platform, name),
  });
}

export function platformContext(
  platform: PlatformConfig,
  services: readonly FleetService[],
  toolVersion: string,
  source: string,
): PlatformContext {
  return {
    platform,
    services: [...services].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    toolVersion,
    source,
    providers: PROVIDERS,
  };
}
