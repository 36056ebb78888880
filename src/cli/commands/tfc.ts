/**
 * `msp tfc view <service> [env]`: where the Terraform state of each stack lives: the Terraform
 * Cloud workspace links (or the GCS state folders, or the local state files), per environment,
 * from the same URL model as the docs, plus the workspace list filtered by the tag the
 * tfcworkspaces stack gives the service (or environment). `--open` opens that list.
 */

import { environmentStacks } from '../../docs/service-page.ts';
import type { PlatformConfig } from '../../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../../spec/model.ts';
import { stackDir, workspaceName } from '../../stacks/names.ts';
import { workspaceTags } from '../../stacks/resources/tfc-workspace.ts';
import { workspaceTagUrl, workspaceUrl } from '../../urls/index.ts';
import type { CliIO } from '../io.ts';
import { EXIT } from '../io.ts';
import { openUrl } from './logs.ts';
import { type FleetOptions, findEnvironment, loadFleet } from './ops.ts';

export interface TfcViewOptions extends FleetOptions {
  service: string;
  env?: string;
  open?: boolean;
}

/** One line per stack: name, workspace, link (or state file). */
export function workspaceLines(spec: ServiceSpec, env: EnvironmentSpec, platform: PlatformConfig): string[] {
  const b = platform.terraform.backend;
  return environmentStacks(platform).map((s) => {
    const ws = workspaceName(b, spec.id, env.id, s);
    const link = workspaceUrl(platform, spec.id, env.id, s);
    return `  ${s.padEnd(13)} ${link ?? `${stackDir(spec.id, env.id, s)}/terraform.tfstate`}${b.type === 'cloud' ? '' : `  (${ws})`}`;
  });
}

export async function runTfcView(opts: TfcViewOptions, io: CliIO): Promise<number> {
  const fleet = loadFleet(io, opts, [opts.service]);
  if (!fleet) return EXIT.INVALID;
  const spec = fleet.specs[0]!;
  const envs = opts.env ? [findEnvironment(spec, opts.env)] : spec.environments;
  const b = fleet.platform.terraform.backend;
  const kind =
    b.type === 'cloud'
      ? `Terraform Cloud workspaces (organisation ${b.organization})`
      : b.type === 'gcs'
        ? `state folders in gs://${b.bucket}`
        : 'local state files';
  const [, serviceTag, envTag] = workspaceTags(spec.id, opts.env ?? '');
  const tag = opts.env ? envTag! : serviceTag!;
  const list = workspaceTagUrl(fleet.platform, tag);
  if (list) io.stdout(`All workspaces (tag ${tag}): ${list}\n`);
  for (const env of envs) {
    io.stdout(`${spec.id} ${env.id} (${env.category}): ${kind}\n`);
    for (const line of workspaceLines(spec, env, fleet.platform)) io.stdout(`${line}\n`);
  }
  if (opts.open) {
    const target = list ?? workspaceUrl(fleet.platform, spec.id, envs[0]!.id, 'project');
    if (!target) io.stderr('msp: nothing to open: the state is in local files\n');
    else if (!openUrl(target, io))
      io.stderr('msp: no browser opener found (xdg-open is not on PATH); open the links above yourself\n');
  }
  return EXIT.OK;
}
