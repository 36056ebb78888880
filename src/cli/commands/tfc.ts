/**
 * `msp tfc view <service> [env]`: where the Terraform state of each stack lives: the Terraform
 * Cloud workspace links (or the GCS state folders, or the local state files), per environment,
 * from the same URL model as the docs, plus the workspace list filtered by the tag the
 * tfcworkspaces stack gives the service (or environment). `--open` opens that list.
 */

import { environmentStacks } from '../../docs/service-page.ts';
import { stackDir, workspaceName } from '../../naming/names.ts';
import { ownerTfcTeam, PLATFORM_STACK_NAMES, platformStackDir } from '../../naming/platform-names.ts';
import type { PlatformConfig } from '../../platform/model.ts';
import { serviceProjectAccess } from '../../platform-stack/tfc.ts';
import type { EnvironmentSpec, ServiceSpec } from '../../spec/model.ts';
import { workspaceTags } from '../../stacks/resources/tfc-workspace.ts';
import { platformWorkspaceUrl, tfcTeamsUrl, workspaceTagUrl, workspaceUrl } from '../../urls/index.ts';
import { resolveFleet } from '../context.ts';
import type { CliIO } from '../io.ts';
import { EXIT } from '../io.ts';
import { printDiagnostics } from '../output.ts';
import { openUrl, whyNoBrowser } from './logs.ts';
import { type FleetOptions, findEnvironment, loadFleet } from './ops.ts';

interface TfcViewOptions extends FleetOptions {
  /** Without a service: the platform's workspaces and teams. */
  service?: string;
  env?: string;
  open?: boolean;
}

/** One line per stack: name, workspace, link (or state file). */
function workspaceLines(spec: ServiceSpec, env: EnvironmentSpec, platform: PlatformConfig): string[] {
  const b = platform.terraform.backend;
  return environmentStacks(platform).map((s) => {
    const ws = workspaceName(b, spec.id, env.id, s);
    const link = workspaceUrl(platform, spec.id, env.id, s);
    return `  ${s.padEnd(13)} ${link ?? `${stackDir(spec.id, env.id, s)}/terraform.tfstate`}${b.type === 'cloud' ? '' : `  (${ws})`}`;
  });
}

export async function runTfcView(opts: TfcViewOptions, io: CliIO): Promise<number> {
  if (opts.service === undefined) return viewPlatform(opts, io);
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
  for (const line of teamLines(spec, fleet.platform)) io.stdout(`${line}\n`);
  if (opts.open) {
    const target = list ?? workspaceUrl(fleet.platform, spec.id, envs[0]!.id, 'project');
    if (!target) io.stderr('msp: nothing to open: the state is in local files\n');
    else if (!openUrl(target, io)) io.stderr(`msp: ${whyNoBrowser(io)}; open the links above yourself\n`);
  }
  return EXIT.OK;
}

/** Who may do what on the service's workspaces, with the teams page (Terraform Cloud only). */
function teamLines(spec: ServiceSpec, platform: PlatformConfig): string[] {
  const teams = tfcTeamsUrl(platform);
  if (!teams) return [];
  const out = [`Teams (${teams}):`];
  for (const [team, level] of serviceProjectAccess(platform, spec.owners))
    out.push(`  ${team.padEnd(24)} ${level}`);
  for (const o of spec.owners)
    if (!ownerTfcTeam(platform, o))
      out.push(`  owner ${o} has no Terraform Cloud team (teams.${o}.terraformCloud)`);
  return out;
}

/** `msp tfc view` without a service: the platform output's workspaces, the teams, every msp workspace. */
function viewPlatform(opts: TfcViewOptions, io: CliIO): number {
  const ctx = resolveFleet(io, opts, true);
  if (!ctx.platform) {
    printDiagnostics(io, ctx.diagnostics, {});
    return EXIT.INVALID;
  }
  const platform = ctx.platform;
  const all = workspaceTagUrl(platform, 'msp');
  if (!all) {
    io.stdout(
      `The platform output (${platformStackDir('gcp')}) keeps its state ${platform.terraform.backend.type === 'gcs' ? 'in the state bucket' : 'in local files'}; there are no Terraform Cloud pages.\n`,
    );
    return EXIT.OK;
  }
  io.stdout(`All msp workspaces: ${all}\n`);
  io.stdout('Platform workspaces:\n');
  for (const s of PLATFORM_STACK_NAMES) io.stdout(`  ${s.padEnd(13)} ${platformWorkspaceUrl(platform, s)}\n`);
  const t = platform.terraform.cloud.teams;
  io.stdout(`Teams (${tfcTeamsUrl(platform)}):\n`);
  io.stdout(`  ${t.operators.padEnd(24)} operators: write on every workspace\n`);
  io.stdout(`  ${t.readers.padEnd(24)} readers: read on every service workspace\n`);
  io.stdout(
    `  ${t.workspaceManagers.padEnd(24)} workspace managers: the token of the tfcworkspaces workspaces\n`,
  );
  for (const [owner, team] of Object.entries(platform.teams))
    if (team.terraformCloud)
      io.stdout(`  ${team.terraformCloud.padEnd(24)} owner ${owner}: write on its services' workspaces\n`);
  if (opts.open && !openUrl(all, io)) io.stderr(`msp: ${whyNoBrowser(io)}; open the links above yourself\n`);
  return EXIT.OK;
}
