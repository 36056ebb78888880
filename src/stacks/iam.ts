/**
 * The `iam` stack (docs/generated-terraform.md): the environment's service accounts and every
 * grant, including the engineers' access, which follows the environment category
 * (docs/platform-config.md, "Access by category"), the organisation policy that bans
 * service-account keys and, outside `test`, Data Access audit logs.
 *
 * What it holds, in order:
 * - the workload account `<service>-sa` with `service.iam.roles`, then MSP's base workload
 *   roles ({@link WORKLOAD_BASE_ROLES}), then the custom role from `service.iam.permissions`;
 * - the Terraform runner (`platform.terraform.runnerServiceAccount`) allowed to impersonate it;
 * - the operator-access account `operator-access` (Cloud SQL client and instance user);
 * - image-pull grants in the image's registry project for the Cloud Run service agent;
 * - `secretAccessor` on secrets of other projects named in `secretEnv` / `secretVolumes`;
 * - `datastream-to-cloudsql` when PostgreSQL logical-replication publications exist;
 * - the job invoker `<service>-job-sa` for a scheduled `kind: job` (the cloudrun stack grants it
 *   `run.invoker` on the job; the runner may act as it to create the Cloud Scheduler job);
 * - the curated reader and editor custom roles of the category and the engineers' group with
 *   each role of `platform.access.roles[category]` (`msp:reader` / `msp:editor` name the curated
 *   roles); impersonation of the operator-access account when standing; `serviceAccountUser` on
 *   the workload account only where the curated editor is standing;
 * - `iam.disableServiceAccountKeyCreation` enforced on the project (every category);
 * - Data Access audit logs for Secret Manager and Cloud SQL (internal and external);
 * - in the final rollout stage, the Cloud Deploy accounts (`addRolloutIam`).
 *
 * Logical names (state addresses) derive only from the spec, never from order; a role's name
 * fragment drops `roles/`, is lower-cased and has runs outside `[a-z0-9-]` replaced by `_`
 * (`roles/cloudsql.client` → `cloudsql_client`; see `resources/iam-names.ts`):
 * - `google_service_account.<group>`, group ∈ `workload`, `operator_access`, `datastream`,
 *   `job_invoker`;
 * - `google_project_iam_member.<group>_<role>` for those accounts' project roles, plus the groups
 *   `engineers` (category access) and `cloudrun_agent` (image pull, in the registry project);
 * - `google_project_iam_custom_role.workload`, granted as `workload_msp_workload_custom_role`;
 * - `google_service_account_iam_member.runner_<group>_<role>` for the runner's grants on an account,
 *   `engineers_<account group>_<role>` for the engineers' grants on one account;
 * - `google_project_iam_custom_role.curated_reader` / `curated_editor`;
 * - `google_org_policy_policy.disable_service_account_key_creation`;
 * - `google_project_iam_audit_config.cloudsql` / `secretmanager`;
 * - `google_secret_manager_secret_iam_member.workload_<project>_<secret>` for other projects' secrets;
 * - `data.google_project.project` (the project number, for the Cloud Run service agent).
 * Two keys that would get the same fragment both get a hash suffix instead (order-independent).
 */

import { hasDatastreamAccount, hasJobInvokerAccount, SERVICE_ACCOUNTS } from '../naming/names.ts';
import {
  ACT_AS_ROLE,
  CURATED_EDITOR,
  CURATED_KINDS,
  curatedKind,
  curatedRoleId,
  IMPERSONATION_ROLE,
} from '../platform/access.ts';
import type { Category, PlatformConfig } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import { interpolate, type Stack, type TfExpr } from '../terraform/index.ts';
import { addGoogleProvider, newStack, type StackBuild, type StackContext } from './context.ts';
import {
  addServiceAccount,
  grantProjectRoles,
  type RoleGrant,
  type ServiceAccountHandle,
} from './resources/iam-account.ts';
import { imageRegistryProject } from './resources/iam-image.ts';
import { dedupe, nameFragment, roleFragment, uniqueFragments } from './resources/iam-names.ts';
import { addRolloutIam } from './resources/rollout.ts';

/** Roles every workload account gets after `service.iam.roles`. */
export const WORKLOAD_BASE_ROLES: readonly string[] = [
  'roles/secretmanager.secretAccessor',
  'roles/compute.networkUser',
  'roles/cloudtrace.agent',
  'roles/monitoring.metricWriter',
  'roles/cloudprofiler.agent',
  'roles/cloudsql.client',
  'roles/cloudsql.instanceUser',
];

/** Role ID of the custom role built from `service.iam.permissions`. */
const WORKLOAD_CUSTOM_ROLE_ID = 'msp_workload_custom_role';

/** Roles of the operator-access account: connect to Cloud SQL as itself. */
const OPERATOR_ACCESS_ROLES: readonly string[] = ['roles/cloudsql.client', 'roles/cloudsql.instanceUser'];

/** Roles of the Datastream Cloud SQL proxy's account. */
const DATASTREAM_ROLES: readonly string[] = ['roles/cloudsql.client'];

/** Roles the Cloud Run service agent gets in the image's registry project. */
const IMAGE_PULL_ROLES: readonly string[] = ['roles/storage.objectViewer', 'roles/artifactregistry.reader'];

/** Roles the Terraform runner holds on the workload account (to deploy as it and impersonate it). */
const RUNNER_WORKLOAD_ROLES: readonly string[] = [
  'roles/iam.serviceAccountUser',
  'roles/iam.serviceAccountTokenCreator',
];

/** Roles the Terraform runner holds on the job invoker account (to create the scheduler job with it). */
const RUNNER_JOB_INVOKER_ROLES: readonly string[] = ['roles/iam.serviceAccountUser'];

/** The engineers' project roles in an environment of `category`: the platform config's list, without repeats. */
function engineerRoles(roles: Record<Category, string[]>, category: Category): string[] {
  return dedupe(roles[category]);
}

/** The organisation-policy constraint that stops anyone creating service-account keys in the project. */
const KEY_CREATION_CONSTRAINT = 'iam.disableServiceAccountKeyCreation';

/** Services whose Data Access audit logs are on in internal and external environments. */
const AUDITED_SERVICES: readonly string[] = ['cloudsql.googleapis.com', 'secretmanager.googleapis.com'];
const AUDIT_LOG_TYPES: readonly string[] = ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'];

/** True when the standing roles of `category` let engineers deploy Cloud Run by hand (the curated editor). */
export function engineersDeploy(platform: PlatformConfig, category: Category): boolean {
  return platform.access.roles[category].includes(CURATED_EDITOR);
}

/** The Cloud Run service agent's member, from the project number Terraform reads. */
function cloudRunServiceAgentMember(projectNumber: TfExpr): TfExpr {
  return interpolate`serviceAccount:service-${projectNumber}@serverless-robot-prod.iam.gserviceaccount.com`;
}

/** Secrets of other projects the environment reads, as `projects/<p>/secrets/<s>`, sorted, once each. */
function crossProjectSecrets(env: EnvironmentSpec): { project: string; secret: string }[] {
  const all = [...env.secretEnv.map((s) => s.secret), ...env.secretVolumes.map((v) => v.secret)];
  const byName = new Map<string, { project: string; secret: string }>();
  for (const s of all) {
    if (s.project === undefined || s.project === env.projectID) continue;
    byName.set(`projects/${s.project}/secrets/${s.secret}`, { project: s.project, secret: s.secret });
  }
  return [...byName.keys()].sort().map((k) => byName.get(k)!);
}

/** Builds the `iam` stack of one environment. */
export function buildIamStack(ctx: StackContext): StackBuild {
  const { spec, env, platform } = ctx;
  const stack = newStack(ctx, 'iam');
  addGoogleProvider(stack, { project: env.projectID });
  const project = env.projectID;
  const runner = `serviceAccount:${platform.terraform.runnerServiceAccount}`;

  const workload = addWorkloadAccount(stack, spec, env);
  grantOnAccount(stack, 'workload', workload, RUNNER_WORKLOAD_ROLES, runner);

  const operatorAccess = addServiceAccount(stack, {
    group: 'operator_access',
    project,
    accountId: SERVICE_ACCOUNTS.operatorAccess(),
    displayName: `${spec.name} Operator Access Service Account`,
    roles: OPERATOR_ACCESS_ROLES,
  });

  addImagePull(stack, spec, env);
  addCrossProjectSecrets(stack, env, workload);

  if (hasDatastreamAccount(env)) {
    addServiceAccount(stack, {
      group: 'datastream',
      project,
      accountId: SERVICE_ACCOUNTS.datastreamToCloudSql(),
      displayName: `${spec.name} Datastream-to-Cloud-SQL Service Account`,
      roles: DATASTREAM_ROLES,
    });
  }

  if (hasJobInvokerAccount(spec, env)) {
    const invoker = addServiceAccount(stack, {
      group: 'job_invoker',
      project,
      accountId: SERVICE_ACCOUNTS.jobInvoker(spec),
      displayName: `${spec.name} Job Invoker Service Account`,
    });
    grantOnAccount(stack, 'job_invoker', invoker, RUNNER_JOB_INVOKER_ROLES, runner);
  }

  addEngineerAccess(stack, ctx, { workload, operatorAccess });
  addKeyCreationBan(stack, project);
  if (env.category !== 'test') addDataAccessAuditLogs(stack, project);

  if (env.isFinalRolloutStage) addRolloutIam(ctx, stack);

  stack.output('workload_service_account_email', {
    value: workload.account.ref('email'),
    description: 'Email of the workload service account Cloud Run runs as',
  });
  stack.output('operator_access_service_account_email', {
    value: operatorAccess.account.ref('email'),
    description: 'Email of the operator-access service account (Cloud SQL access for operators)',
  });
  return { stack };
}

/** The workload account, its roles and the custom role from `service.iam.permissions`. */
function addWorkloadAccount(stack: Stack, spec: ServiceSpec, env: EnvironmentSpec): ServiceAccountHandle {
  const permissions = dedupe(spec.iam.permissions);
  const custom =
    permissions.length > 0
      ? stack.resource('google_project_iam_custom_role', 'workload', {
          project: env.projectID,
          role_id: WORKLOAD_CUSTOM_ROLE_ID,
          title: 'Managed Services Platform workload custom role',
          description: `Permissions from service.iam.permissions of ${spec.id}`,
          permissions,
        })
      : undefined;
  return addServiceAccount(stack, {
    group: 'workload',
    project: env.projectID,
    accountId: SERVICE_ACCOUNTS.workload(spec),
    displayName: `${spec.name} Service Account`,
    preventDestroy: !env.allowDestroys,
    roles: [
      ...spec.iam.roles,
      ...WORKLOAD_BASE_ROLES,
      ...(custom ? [{ key: WORKLOAD_CUSTOM_ROLE_ID, role: custom.ref('name') }] : []),
    ],
  });
}

/** `google_service_account_iam_member.runner_<group>_<role>`: `member` gets `roles` on the account. */
function grantOnAccount(
  stack: Stack,
  group: string,
  account: ServiceAccountHandle,
  roles: readonly string[],
  member: string,
): void {
  for (const [role, fragment] of uniqueFragments(roles, roleFragment)) {
    stack.resource('google_service_account_iam_member', `runner_${group}_${fragment}`, {
      service_account_id: account.account.ref('name'),
      role,
      member,
    });
  }
}

/**
 * Lets the Cloud Run service agent pull the image from its registry project. The agent's email
 * is well known (`service-<number>@serverless-robot-prod.iam.gserviceaccount.com`); the number
 * comes from the project data source (MSP used google-beta's service identity resource).
 */
function addImagePull(stack: Stack, spec: ServiceSpec, env: EnvironmentSpec): void {
  const registryProject = imageRegistryProject(spec.build.image);
  if (registryProject === undefined) return;
  const projectData = stack.data('google_project', 'project', { project_id: env.projectID });
  const member = cloudRunServiceAgentMember(projectData.ref('number'));
  for (const [role, fragment] of uniqueFragments(IMAGE_PULL_ROLES, roleFragment)) {
    stack.resource('google_project_iam_member', `cloudrun_agent_${fragment}`, {
      project: registryProject,
      role,
      member,
    });
  }
}

/** `secretAccessor` for the workload account on each secret of another project it reads. */
function addCrossProjectSecrets(stack: Stack, env: EnvironmentSpec, workload: ServiceAccountHandle): void {
  const secrets = crossProjectSecrets(env);
  const names = uniqueFragments(
    secrets.map((s) => `${s.project}/${s.secret}`),
    nameFragment,
  );
  for (const s of secrets) {
    stack.resource(
      'google_secret_manager_secret_iam_member',
      `workload_${names.get(`${s.project}/${s.secret}`)!}`,
      {
        project: s.project,
        secret_id: s.secret,
        role: 'roles/secretmanager.secretAccessor',
        member: workload.member,
      },
    );
  }
}

/**
 * The engineers' access (docs/platform-config.md, "Access by category"): the category's curated
 * reader and editor custom roles (`google_project_iam_custom_role.curated_<kind>`, role IDs
 * `msp_reader` / `msp_editor`, created even when only requestable so requests can name them);
 * the standing roles (`google_project_iam_member.engineers_<role>`); impersonation of the
 * operator-access account when standing in the category; and, where the curated editor is
 * standing, `serviceAccountUser` on the workload account only (to deploy revisions as it).
 */
function addEngineerAccess(
  stack: Stack,
  ctx: StackContext,
  accounts: { workload: ServiceAccountHandle; operatorAccess: ServiceAccountHandle },
): void {
  const { env, platform } = ctx;
  const project = env.projectID;
  const group = platform.access.engineersGroup;
  const curated = new Map<string, TfExpr>();
  for (const kind of CURATED_KINDS) {
    const role = platform.access.curatedRoles[env.category][kind];
    const res = stack.resource('google_project_iam_custom_role', `curated_${kind}`, {
      project,
      role_id: curatedRoleId(kind),
      title: role.title,
      description: role.description,
      permissions: role.permissions,
    });
    curated.set(kind, res.ref('name'));
  }
  const grants: RoleGrant[] = engineerRoles(platform.access.roles, env.category).map((role) => {
    const kind = curatedKind(role);
    return kind ? { key: role, role: curated.get(kind)! } : role;
  });
  grantProjectRoles(stack, 'engineers', project, grants, group);
  if (platform.access.impersonation[env.category] === 'standing')
    stack.resource(
      'google_service_account_iam_member',
      `engineers_operator_access_${roleFragment(IMPERSONATION_ROLE)}`,
      {
        service_account_id: accounts.operatorAccess.account.ref('name'),
        role: IMPERSONATION_ROLE,
        member: group,
      },
    );
  if (engineersDeploy(platform, env.category))
    stack.resource('google_service_account_iam_member', `engineers_workload_${roleFragment(ACT_AS_ROLE)}`, {
      service_account_id: accounts.workload.account.ref('name'),
      role: ACT_AS_ROLE,
      member: group,
    });
}

/**
 * `google_org_policy_policy.disable_service_account_key_creation`: enforces
 * `iam.disableServiceAccountKeyCreation` on the project, so no one (standing or elevated, and
 * whatever roles the organisation adds) can mint a long-lived key for a workload account.
 */
function addKeyCreationBan(stack: Stack, project: string): void {
  stack.resource('google_org_policy_policy', 'disable_service_account_key_creation', {
    name: `projects/${project}/policies/${KEY_CREATION_CONSTRAINT}`,
    parent: `projects/${project}`,
    spec: [{ rules: [{ enforce: 'TRUE' }] }],
  });
}

/**
 * `google_project_iam_audit_config.<service>`: Data Access audit logs (admin reads, data reads
 * and writes) for Secret Manager and Cloud SQL, so reading a secret value or connecting to the
 * database leaves a trace.
 */
function addDataAccessAuditLogs(stack: Stack, project: string): void {
  for (const service of AUDITED_SERVICES)
    stack.resource(
      'google_project_iam_audit_config',
      nameFragment(service.replace(/\.googleapis\.com$/, '')),
      {
        project,
        service,
        audit_log_config: AUDIT_LOG_TYPES.map((log_type) => ({ log_type })),
      },
    );
}
