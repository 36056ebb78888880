/**
 * `msp bootstrap`: the ordered steps that take a new organisation from `platform.yaml` to its
 * first applied service, each with the exact commands, how to check it, and whether it is done
 * as far as the files of the fleet can tell. Pure: the caller reads the fleet into a
 * {@link FleetState}; nothing here calls a cloud API. docs/bootstrap.md walks the same steps.
 */

import { platformStackDir, platformWorkspaceName, runnerIdentity } from '../naming/platform-names.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { tfcAppUrl } from '../urls/index.ts';

/** What the files of the fleet say, gathered by the command. */
export interface FleetState {
  /** `platform.yaml` exists. */
  hasPlatformFile: boolean;
  /** The platform config, when it is valid (or the built-in one without a file). */
  platform?: PlatformConfig;
  /** Number of errors in `platform.yaml`. */
  platformErrors: number;
  /** Keys of `platform.yaml` that still hold the built-in example values. */
  placeholders: string[];
  services: string[];
  /** Owners named by specs without `teams.<owner>.terraformCloud`. */
  ownersWithoutTeam: string[];
  /** The committed platform output compared with what `generate --all` would write. */
  platformOutput: 'missing' | 'stale' | 'current';
  /** Services whose committed output is missing or stale. */
  servicesBehind: string[];
  /** Platform stacks initialised on this machine (`.terraform/` beside the stack). */
  initialised: { gcp: boolean; tfc: boolean };
}

type StepStatus = 'done' | 'todo' | 'unknown';

export interface BootstrapStep {
  id: string;
  title: string;
  status: StepStatus;
  /** Why the status is what it is, from the files. */
  why: string;
  /** What to do, in order: commands (`$ …`) and instructions. */
  actions: string[];
  /** How to check the step by hand. */
  check: string;
}

const cmd = (c: string) => `$ ${c}`;

/** The bootstrap steps, in order, with their status for `state`. */
export function bootstrapSteps(state: FleetState): BootstrapStep[] {
  const p = state.platform;
  const backend = p?.terraform.backend;
  const cloud = backend?.type === 'cloud' ? backend : undefined;
  const org = cloud?.organization ?? '<organization>';
  const host = cloud?.hostname ?? 'app.terraform.io';
  const runner = p
    ? runnerIdentity(p)
    : { accountId: '<runner>', project: '<runner-project>', email: '<runner>' };
  const ws = (s: 'gcp' | 'tfc') => (p ? platformWorkspaceName(p, s) : `msp-platform-${s}`);
  const wsUrl = (s: 'gcp' | 'tfc', page: string) => tfcAppUrl(host, `${org}/workspaces/${ws(s)}/${page}`);
  const steps: BootstrapStep[] = [];

  const configOk = state.hasPlatformFile && state.platformErrors === 0 && state.placeholders.length === 0;
  steps.push({
    id: 'config',
    title: 'Write platform.yaml',
    status: configOk ? 'done' : 'todo',
    why: !state.hasPlatformFile
      ? 'there is no platform.yaml at the fleet root'
      : state.platformErrors > 0
        ? `platform.yaml has ${state.platformErrors} error${state.platformErrors === 1 ? '' : 's'}`
        : state.placeholders.length > 0
          ? `still the built-in example values: ${state.placeholders.join(', ')}`
          : 'platform.yaml is valid',
    actions: [
      'Write platform.yaml at the fleet root: organisation, billing account, one folder per category, the Terraform Cloud organisation, the runner account (docs/platform-config.md). In an empty folder, `msp init` writes it with every value to fill in marked, and the schema files your editor reads.',
      cmd('msp init'),
      cmd('msp validate --all'),
    ],
    check: 'msp validate --all exits 0',
  });

  steps.push({
    id: 'teams',
    title: 'Name the Terraform Cloud teams and map every owner',
    status: p && state.ownersWithoutTeam.length === 0 ? 'done' : 'todo',
    why:
      state.ownersWithoutTeam.length > 0
        ? `owners without a team: ${state.ownersWithoutTeam.join(', ')}`
        : p
          ? `teams: operators ${p.terraform.cloud.teams.operators}, readers ${p.terraform.cloud.teams.readers}; every owner mapped`
          : 'platform.yaml is not valid yet',
    actions: [
      'Set terraform.cloud.teams.operators and .readers, and for every owner named in a service.yaml: teams.<owner>.terraformCloud (docs/platform-output.md#team-access).',
      cmd('msp generate --all --dry-run'),
    ],
    check: 'msp generate --all prints no FLEET_OWNER_WITHOUT_TEAM warning',
  });

  const hasNumber =
    !!p?.terraform.dynamicCredentials.projectNumber &&
    !state.placeholders.includes('terraform.dynamicCredentials.projectNumber');
  steps.push({
    id: 'runner-project',
    title: "Create the runner's project and record its number",
    status: hasNumber ? 'done' : 'todo',
    why: hasNumber
      ? `terraform.dynamicCredentials.projectNumber is set (${runner.project})`
      : 'terraform.dynamicCredentials.projectNumber is not set',
    actions: [
      cmd(`gcloud projects create ${runner.project} --organization=<organization ID>`),
      cmd(
        `gcloud billing projects link ${runner.project} --billing-account=${p?.gcp.billingAccount ?? '<billing account>'}`,
      ),
      cmd(`gcloud projects describe ${runner.project} --format='value(projectNumber)'`),
      'Write the number into platform.yaml as terraform.dynamicCredentials.projectNumber.',
    ],
    check: `gcloud projects describe ${runner.project} prints the project`,
  });

  steps.push({
    id: 'generate',
    title: 'Generate the platform output and the services',
    status: state.platformOutput === 'current' && state.servicesBehind.length === 0 ? 'done' : 'todo',
    why:
      state.platformOutput === 'missing'
        ? 'platform/terraform/ does not exist'
        : state.platformOutput === 'stale'
          ? 'platform/terraform/ is stale'
          : state.servicesBehind.length > 0
            ? `services not generated or stale: ${state.servicesBehind.join(', ')}`
            : `platform/terraform/ and ${state.services.length} service${state.services.length === 1 ? '' : 's'} are up to date`,
    actions: [cmd('msp generate --all'), 'Commit the result.'],
    check: 'msp generate --all --check exits 0',
  });

  if (!cloud) {
    steps.push({
      id: 'apply-gcp',
      title: 'Apply the gcp stack with your own Google credentials',
      status: state.initialised.gcp ? 'unknown' : 'todo',
      why: state.initialised.gcp
        ? `${platformStackDir('gcp')} is initialised on this machine`
        : 'not initialised here',
      actions: [
        cmd('gcloud auth application-default login'),
        cmd(`cd ${platformStackDir('gcp')} && terraform init && terraform apply`),
        'Then apply every service environment in stack order (project, iam, cloudrun, monitoring) as the runner.',
      ],
      check: `gcloud iam service-accounts describe ${runner.email}`,
    });
    return steps;
  }

  steps.push({
    id: 'tfc-token',
    title: 'Create the Terraform Cloud organisation and a token, once',
    status: 'unknown',
    why: 'the files cannot tell: msp calls no cloud API',
    actions: [
      `Create the organisation "${org}" at ${tfcAppUrl(host, 'organizations/new')} (you are in its owners team).`,
      cmd(`terraform login ${host}`),
      `Create an organisation token at ${tfcAppUrl(host, `${org}/settings/authentication-tokens`)}; it is used once, as TFE_TOKEN of the ${ws('tfc')} workspace (next step). Nothing else keeps a long-lived token.`,
    ],
    check: `curl -sf -H "Authorization: Bearer $TFE_TOKEN" https://${host}/api/v2/organizations/${org} succeeds`,
  });

  steps.push({
    id: 'apply-tfc',
    title: 'Apply the tfc stack from your machine',
    status: state.initialised.tfc ? 'unknown' : 'todo',
    why: state.initialised.tfc
      ? `${platformStackDir('tfc')} is initialised on this machine; whether it was applied, only Terraform Cloud can tell`
      : `${platformStackDir('tfc')} is not initialised on this machine`,
    actions: [
      cmd(`cd ${platformStackDir('tfc')}`),
      cmd('terraform init'),
      cmd(`terraform import tfe_workspace.platform_tfc ${org}/${ws('tfc')}`),
      `Add TFE_TOKEN (environment variable, sensitive) with the organisation token at ${wsUrl('tfc', 'variables')}.`,
      'If a team named in platform.yaml already exists: terraform import tfe_team.team_<name> <organization>/<team ID>.',
      cmd('terraform apply'),
    ],
    check: `${wsUrl('tfc', 'runs')} shows the apply; ${tfcAppUrl(host, `${org}/projects`)} lists ${p?.terraform.cloud.project ?? 'msp-platform'} and one msp-<service>-<env> project per environment`,
  });

  steps.push({
    id: 'apply-gcp',
    title: 'Apply the gcp stack once with your own Google credentials',
    status: state.initialised.gcp ? 'unknown' : 'todo',
    why: state.initialised.gcp
      ? `${platformStackDir('gcp')} is initialised on this machine; whether it was applied, only GCP can tell`
      : `${platformStackDir('gcp')} is not initialised on this machine`,
    actions: [
      'Sign in as someone who may grant folder and billing-account roles:',
      cmd('gcloud auth application-default login'),
      `Set Execution Mode to Local for this one run at ${wsUrl('gcp', 'settings/general')}.`,
      cmd(`cd ${platformStackDir('gcp')} && terraform init && terraform apply`),
    ],
    check: `gcloud iam workload-identity-pools providers describe ${p?.terraform.dynamicCredentials.providerId ?? 'terraform-cloud'} --workload-identity-pool=${p?.terraform.dynamicCredentials.poolId ?? 'terraform-cloud'} --location=global --project=${runner.project}`,
  });

  const vcs = !!p?.terraform.vcs.oauthTokenId;
  steps.push({
    id: 'takeover',
    title: 'Let the platform workspaces take over',
    status: vcs ? 'unknown' : 'todo',
    why: vcs
      ? 'terraform.vcs.oauthTokenId is set; whether the workspaces run from VCS, only Terraform Cloud can tell'
      : 'terraform.vcs.oauthTokenId is not set: the workspaces are not connected to the repository',
    actions: [
      `Connect the repository ${p?.terraform.vcs.repo ?? '<owner/repo>'} at ${tfcAppUrl(host, `${org}/settings/version-control`)} and write its OAuth token ID (ot-…) into platform.yaml as terraform.vcs.oauthTokenId.`,
      cmd('msp generate --all'),
      `Commit and merge. ${ws('tfc')} now applies itself from ${platformStackDir('tfc')}/ on every merge; its run sets ${ws('gcp')} back to remote execution (queue a run of ${ws('tfc')} by hand if the merge did not touch its folder). From then on ${ws('gcp')} runs as ${runner.email} through the dynamic credentials, with no key.`,
    ],
    check: `the next run of ${ws('gcp')} plans no changes: ${wsUrl('gcp', 'runs')}`,
  });

  const first = state.services[0];
  steps.push({
    id: 'first-service',
    title: 'Apply the first service',
    status:
      state.services.length > 0 && state.servicesBehind.length < state.services.length ? 'unknown' : 'todo',
    why:
      state.services.length === 0
        ? 'there is no services/<id>/service.yaml yet'
        : 'the service output is generated; whether it was applied, only Terraform Cloud can tell',
    actions: [
      cmd('msp init <service-id>'),
      cmd('msp generate --all'),
      "Commit and merge. The platform's tfc workspace creates the environment's project and its tfcworkspaces workspace, which creates the environment's other workspaces and applies project → iam → cloudrun → monitoring.",
      cmd(`msp tfc view ${first ?? '<service>'}`),
    ],
    check: `msp tfc view ${first ?? '<service>'} lists the workspaces; each shows an applied run`,
  });
  return steps;
}

/** The steps as text: a status mark per step, why, what to run, how to check. */
export function renderBootstrap(steps: readonly BootstrapStep[]): string {
  const mark: Record<StepStatus, string> = { done: '[done]', todo: '[todo]', unknown: '[ ?  ]' };
  let out = '';
  steps.forEach((s, i) => {
    out += `${mark[s.status]} ${i + 1}. ${s.title}\n       ${s.why}\n`;
    if (s.status !== 'done') for (const a of s.actions) out += `       ${a}\n`;
    out += `       check: ${s.check}\n\n`;
  });
  const done = steps.filter((s) => s.status === 'done').length;
  const unknown = steps.filter((s) => s.status === 'unknown').length;
  out += `${done} of ${steps.length} steps done as far as the files tell${unknown > 0 ? `; ${unknown} cannot be told from the files (run their check)` : ''}.\n`;
  return out;
}
