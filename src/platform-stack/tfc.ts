/**
 * The platform's `tfc` stack (backend `cloud` only): Terraform Cloud as code.
 *
 * - the platform project (`terraform.cloud.project`) and one workspace per platform stack; the
 *   `tfc` workspace declares itself and applies itself from VCS once bootstrapped
 *   (docs/bootstrap.md);
 * - the teams of `terraform.cloud.teams` and of `teams.<owner>.terraformCloud`;
 * - per service environment: its Terraform Cloud project `msp-<service>-<env>` with team access
 *   (operators write, readers read, the service's owner teams write, the workspace managers
 *   admin) and its `tfcworkspaces` workspace, which then declares the environment's other
 *   workspaces itself;
 * - two variable sets: the GCP dynamic credentials (`TFC_GCP_*`), which the `gcp` workspace here
 *   and every service workspace that runs GCP resources attach, and `TFE_TOKEN` for the
 *   `tfcworkspaces` workspaces, from a team token of the workspace managers (the token exists
 *   only in this stack's state, which only operators can read);
 * - run-failure notifications (`terraform.notificationUrl`) on every workspace it declares.
 */

import { tfcProjectName } from '../naming/names.ts';
import {
  GCP_CREDENTIALS_VARIABLE_SET,
  gcpCredentialVariables,
  ownerTfcTeam,
  PLATFORM_STACK_NAMES,
  type PlatformStackName,
  platformStackDir,
  platformWorkspaceName,
  WORKSPACE_MANAGER_VARIABLE_SET,
} from '../naming/platform-names.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { nameFragment } from '../stacks/resources/iam-names.ts';
import {
  addRunFailureNotification,
  addWorkspace,
  type CloudPlatformBackend,
  workspaceVcs,
} from '../stacks/resources/tfc-workspace.ts';
import type { ResourceHandle, Stack, TfExpr } from '../terraform/index.ts';
import { newPlatformStack, type PlatformContext } from './context.ts';

/** Terraform Cloud project access levels, weakest first. */
const ACCESS_LEVELS = ['read', 'write', 'maintain', 'admin'] as const;
type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Tags of the platform's own workspaces. */
const PLATFORM_WORKSPACE_TAGS = ['msp', 'msp-platform'];

/**
 * Who gets which access on a service environment's project: operators write, readers read,
 * each of the service's owner teams write, the workspace managers admin (they create the
 * environment's workspaces and their notifications). A team named twice keeps its strongest level.
 */
export function serviceProjectAccess(
  platform: PlatformConfig,
  owners: readonly string[],
): Map<string, AccessLevel> {
  const teams = platform.terraform.cloud.teams;
  const access = new Map<string, AccessLevel>();
  const grant = (team: string, level: AccessLevel) => {
    const had = access.get(team);
    if (!had || ACCESS_LEVELS.indexOf(level) > ACCESS_LEVELS.indexOf(had)) access.set(team, level);
  };
  grant(teams.readers, 'read');
  grant(teams.operators, 'write');
  for (const owner of owners) {
    const team = ownerTfcTeam(platform, owner);
    if (team) grant(team, 'write');
  }
  grant(teams.workspaceManagers, 'admin');
  return access;
}

/** Every team the platform output declares, by name, sorted. */
export function platformTeams(pctx: PlatformContext): string[] {
  const { teams } = pctx.platform.terraform.cloud;
  const names = new Set([teams.operators, teams.readers, teams.workspaceManagers]);
  for (const svc of pctx.services)
    for (const owner of svc.owners) {
      const t = ownerTfcTeam(pctx.platform, owner);
      if (t) names.add(t);
    }
  return [...names].sort();
}

const teamLogicalName = (team: string) => `team_${nameFragment(team)}`;

export function buildPlatformTfcStack(pctx: PlatformContext): Stack | undefined {
  const { platform } = pctx;
  const backend = platform.terraform.backend;
  if (backend.type !== 'cloud') return undefined;
  const org = backend.organization;
  const stack = newPlatformStack(pctx, 'tfc');
  stack.requireProvider('tfe', pctx.providers.tfe);
  stack.provider('tfe', { hostname: backend.hostname, organization: org });

  const teams = new Map<string, ResourceHandle<'tfe_team'>>();
  for (const name of platformTeams(pctx))
    teams.set(
      name,
      stack.resource('tfe_team', teamLogicalName(name), {
        name,
        organization: org,
        visibility: 'organization',
      }),
    );
  const team = (name: string) => teams.get(name)!;
  const roles = platform.terraform.cloud.teams;

  // The platform's own project: operators only (its state holds the workspace managers' token).
  const platformProject = stack.resource(
    'tfe_project',
    'platform',
    { name: platform.terraform.cloud.project, organization: org },
    { lifecycle: { prevent_destroy: true } },
  );
  stack.resource('tfe_team_project_access', `platform_${nameFragment(roles.operators)}`, {
    project_id: platformProject.id,
    team_id: team(roles.operators).id,
    access: 'write',
  });
  const platformWorkspaces = new Map<PlatformStackName, ResourceHandle<'tfe_workspace'>>();
  for (const s of PLATFORM_STACK_NAMES)
    platformWorkspaces.set(s, addPlatformWorkspace(stack, platform, backend, s, platformProject.id));

  // Variable sets.
  const gcpCredentials = stack.resource('tfe_variable_set', 'gcp_credentials', {
    name: GCP_CREDENTIALS_VARIABLE_SET,
    description:
      'Terraform Cloud dynamic provider credentials for GCP: runs act as the Terraform runner through workload identity federation, with no key. Generated by msp.',
    organization: org,
  });
  for (const [key, value] of Object.entries(gcpCredentialVariables(platform)))
    stack.resource('tfe_variable', `gcp_credentials_${key.toLowerCase()}`, {
      key,
      value,
      category: 'env',
      sensitive: false,
      variable_set_id: gcpCredentials.id,
      description: 'Generated by msp from platform.yaml.',
    });
  stack.resource('tfe_workspace_variable_set', 'platform_gcp_gcp_credentials', {
    workspace_id: platformWorkspaces.get('gcp')!.id,
    variable_set_id: gcpCredentials.id,
  });

  const managerToken = stack.resource('tfe_team_token', 'workspace_managers', {
    team_id: team(roles.workspaceManagers).id,
  });
  const managerVariables = stack.resource('tfe_variable_set', 'workspace_manager_token', {
    name: WORKSPACE_MANAGER_VARIABLE_SET,
    description:
      "TFE_TOKEN for each environment's tfcworkspaces workspace: a token of the workspace managers team. Generated by msp.",
    organization: org,
  });
  stack.resource('tfe_variable', 'workspace_manager_token', {
    key: 'TFE_TOKEN',
    value: managerToken.ref('token'),
    category: 'env',
    sensitive: true,
    variable_set_id: managerVariables.id,
    description: 'Generated by msp: a team token of the workspace managers team.',
  });

  // One project and one tfcworkspaces workspace per service environment.
  for (const svc of pctx.services) {
    const access = serviceProjectAccess(platform, svc.owners);
    for (const env of svc.environments) {
      const key = `${svc.id}_${env.id}`;
      const project = stack.resource(
        'tfe_project',
        key,
        { name: tfcProjectName(svc.id, env.id), organization: org },
        { lifecycle: { prevent_destroy: !env.allowDestroys } },
      );
      for (const [name, level] of access)
        stack.resource('tfe_team_project_access', `${key}_${nameFragment(name)}`, {
          project_id: project.id,
          team_id: team(name).id,
          access: level,
        });
      const ws = addWorkspace(
        stack,
        {
          spec: { id: svc.id, name: svc.name },
          env,
          platform,
          specPath: `services/${svc.id}/service.yaml`,
        },
        backend,
        'tfcworkspaces',
        project.id,
        [],
        key,
      );
      stack.resource('tfe_workspace_variable_set', `${key}_workspace_manager_token`, {
        workspace_id: ws.workspace.id,
        variable_set_id: managerVariables.id,
      });
    }
  }
  return stack;
}

/** A platform stack's workspace in the platform project, VCS-driven when an OAuth token is configured. */
function addPlatformWorkspace(
  stack: Stack,
  platform: PlatformConfig,
  backend: CloudPlatformBackend,
  name: PlatformStackName,
  projectId: TfExpr,
): ResourceHandle<'tfe_workspace'> {
  const dir = `${platformStackDir(name)}/`;
  const logical = `platform_${name}`;
  const workspace = stack.resource(
    'tfe_workspace',
    logical,
    {
      name: platformWorkspaceName(platform, name),
      organization: backend.organization,
      project_id: projectId,
      description: `The platform's ${name} stack, generated by msp from platform.yaml.`,
      terraform_version: platform.terraform.version,
      auto_apply: true,
      allow_destroy_plan: false,
      queue_all_runs: name === 'tfc',
      global_remote_state: false,
      remote_state_consumer_ids: [],
      tag_names: PLATFORM_WORKSPACE_TAGS,
      ...workspaceVcs(platform, dir),
    },
    { lifecycle: { prevent_destroy: true } },
  );
  stack.resource('tfe_workspace_settings', logical, { workspace_id: workspace.id, execution_mode: 'remote' });
  addRunFailureNotification(stack, logical, workspace.id, platform);
  return workspace;
}
