/**
 * Generation of the platform output, `platform/terraform/` at the fleet root: every platform
 * stack built, schema-checked and serialised, plus `.tool-versions` and a manifest naming the
 * files and what the output creates ({@link PlatformProvides}). Pure: nothing is written here.
 */
import { type Diagnostic, error, hasErrors, type Result, warning } from '../diagnostics/diagnostic.ts';
import { tfcProjectName, workspaceName } from '../naming/names.ts';
import {
  GCP_CREDENTIALS_VARIABLE_SET,
  ownerTfcTeam,
  PLATFORM_OUTPUT_DIR,
  type PlatformStackName,
  platformWorkspaceName,
  WORKSPACE_MANAGER_VARIABLE_SET,
} from '../naming/platform-names.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { type PlatformContext, platformContext } from '../platform-stack/context.ts';
import { buildPlatformGcpStack, categoryFolders } from '../platform-stack/gcp.ts';
import type { FleetService, PlatformProvides } from '../platform-stack/model.ts';
import { buildPlatformTfcStack, platformTeams } from '../platform-stack/tfc.ts';
import { checkTerraformJson, renderStack, type Stack, stableStringify } from '../terraform/index.ts';
import { sha256 } from './manifest.ts';
import type { OutputFile } from './output-file.ts';

export const PLATFORM_MANIFEST_FILE = '.msp-generated.json';

interface GeneratePlatformInput {
  platform: PlatformConfig;
  services: readonly FleetService[];
  toolVersion: string;
  /** The platform config relative to the fleet root, or `built-in defaults`. */
  source: string;
  /** Hash of the inputs (platform config text, service summaries, tool version). */
  inputHash: string;
}

/** What generating the platform output makes. */
interface PlatformOutput {
  /** Files of `platform/terraform/`, paths relative to it, sorted. */
  files: OutputFile[];
  provides: PlatformProvides;
}

/** The platform stacks that apply to this platform config, in apply order. */
export function buildPlatformStacks(pctx: PlatformContext): { name: PlatformStackName; stack: Stack }[] {
  const out: { name: PlatformStackName; stack: Stack }[] = [
    { name: 'gcp', stack: buildPlatformGcpStack(pctx) },
  ];
  const tfc = buildPlatformTfcStack(pctx);
  if (tfc) out.push({ name: 'tfc', stack: tfc });
  return out;
}

/** What the platform output creates, from the same inputs as the stacks. */
export function platformProvides(pctx: PlatformContext): PlatformProvides {
  const { platform } = pctx;
  const b = platform.terraform.backend;
  const cloud = b.type === 'cloud';
  return {
    ...(cloud ? { tfcOrganization: b.organization } : {}),
    runnerServiceAccount: platform.terraform.runnerServiceAccount,
    folders: categoryFolders(platform),
    tfcProjects: cloud
      ? [
          platform.terraform.cloud.project,
          ...pctx.services.flatMap((s) => s.environments.map((e) => tfcProjectName(s.id, e.id))),
        ].sort()
      : [],
    tfcWorkspaces: cloud
      ? [
          platformWorkspaceName(platform, 'gcp'),
          platformWorkspaceName(platform, 'tfc'),
          ...pctx.services.flatMap((s) =>
            s.environments.map((e) => workspaceName(b, s.id, e.id, 'tfcworkspaces')),
          ),
        ].sort()
      : [],
    tfcVariableSets: cloud ? [GCP_CREDENTIALS_VARIABLE_SET, WORKSPACE_MANAGER_VARIABLE_SET].sort() : [],
    tfcTeams: cloud ? platformTeams(pctx) : [],
  };
}

/** Problems of the inputs that the platform output cannot be generated with (errors) or should fix (warnings). */
function checkPlatformInputs(pctx: PlatformContext): Diagnostic[] {
  const { platform } = pctx;
  const out: Diagnostic[] = [];
  const file = platform.source;
  if (platform.terraform.backend.type === 'cloud' && !platform.terraform.dynamicCredentials.projectNumber)
    out.push(
      error(
        'PLATFORM_PROJECT_NUMBER_MISSING',
        "The platform output needs the project number of the runner's project",
        ['terraform', 'dynamicCredentials', 'projectNumber'],
        {
          file,
          detail:
            'Terraform Cloud runs get GCP credentials from the workload identity provider, whose full name contains that number.',
          hint: `Add \`terraform.dynamicCredentials.projectNumber\`: \`gcloud projects describe ${platform.terraform.runnerServiceAccount.split('@')[1]?.split('.')[0] ?? '<project>'} --format='value(projectNumber)'\`.`,
        },
      ),
    );
  if (platform.terraform.backend.type === 'cloud') {
    // One warning per owner (not per service): a fleet of hundreds stays readable.
    const byOwner = new Map<string, string[]>();
    for (const svc of pctx.services)
      for (const owner of svc.owners)
        if (!ownerTfcTeam(platform, owner)) byOwner.set(owner, [...(byOwner.get(owner) ?? []), svc.id]);
    for (const [owner, ids] of [...byOwner].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const shown =
        ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', ');
      out.push(
        warning(
          'FLEET_OWNER_WITHOUT_TEAM',
          `Owner "${owner}" has no Terraform Cloud team: nobody gets write access to the workspaces of ${shown} through it`,
          ['teams', owner, 'terraformCloud'],
          {
            file: file === 'built-in defaults' ? 'platform.yaml' : file,
            hint: `Map it: \`teams: { ${owner}: { terraformCloud: <team> } }\`.`,
          },
        ),
      );
    }
  }
  return out;
}

/** Generates the platform output. Errors in `diagnostics` mean it must not be written. */
export function generatePlatform(input: GeneratePlatformInput): Result<PlatformOutput> {
  const pctx = platformContext(input.platform, input.services, input.toolVersion, input.source);
  const diagnostics = checkPlatformInputs(pctx);
  const files: OutputFile[] = [
    { path: '.tool-versions', content: `terraform ${input.platform.terraform.version}\n` },
  ];
  for (const { name, stack } of buildPlatformStacks(pctx)) {
    const rel = `stacks/${name}/main.tf.json`;
    const json = renderStack(stack);
    for (const d of checkTerraformJson(json))
      diagnostics.push({ ...d, file: `${PLATFORM_OUTPUT_DIR}/${rel}` });
    files.push({ path: rel, content: stableStringify(json) });
  }
  const provides = platformProvides(pctx);
  files.push({
    path: PLATFORM_MANIFEST_FILE,
    content: `${JSON.stringify(
      {
        '//': 'Generated by msp. Do not edit: run `msp generate --all`.',
        tool: `msp ${input.toolVersion}`,
        source: input.source,
        inputHash: input.inputHash,
        provides,
        services: pctx.services,
        files: Object.fromEntries(
          [...files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => [f.path, sha256(f.content)]),
        ),
      },
      null,
      2,
    )}\n`,
  });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return hasErrors(diagnostics) ? { diagnostics } : { value: { files, provides }, diagnostics };
}
