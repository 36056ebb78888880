/**
 * Curated access: the reader and editor custom roles each environment project gets, the
 * default standing and requestable role sets that refer to them, and the roles and
 * permissions no person may hold on a service project. Documented in docs/platform-config.md
 * ("Access by category").
 *
 * Rules the defaults follow (and the platform config is checked against):
 * - no basic role (`roles/owner`, `roles/editor`, `roles/viewer`), standing or requestable;
 * - nothing that creates service-account keys or rewrites IAM or organisation policies, so no
 *   grant outlives itself (key creation is also disabled by organisation policy on every
 *   service project, see the iam stack);
 * - acting as or impersonating service accounts only on named accounts, never project-wide;
 * - readers read no data: no BigQuery table data, no secret values, and no Cloud Run
 *   configuration (its probes carry the diagnostics bearer token);
 * - external readers cannot list notification channels (a channel type may keep its secret in a
 *   plain label).
 */
import type { Category } from './model.ts';

/** Token naming the category's curated reader role in `access.roles` / `access.elevated.roles`. */
const CURATED_READER = 'msp:reader';
/** Token naming the category's curated editor role. */
export const CURATED_EDITOR = 'msp:editor';
export type CuratedRoleKind = 'reader' | 'editor';
export const CURATED_KINDS: readonly CuratedRoleKind[] = ['reader', 'editor'];

/** Role ID of the custom role created in each environment project for `kind`. */
export function curatedRoleId(kind: CuratedRoleKind): string {
  return `msp_${kind}`;
}

/** The curated role a token names, or undefined for an ordinary IAM role. */
export function curatedKind(role: string): CuratedRoleKind | undefined {
  return role === CURATED_READER ? 'reader' : role === CURATED_EDITOR ? 'editor' : undefined;
}

/** The IAM role name a role entry grants in `project`: curated tokens become the project's custom role. */
export function iamRoleName(role: string, project: string): string {
  const kind = curatedKind(role);
  return kind ? `projects/${project}/roles/${curatedRoleId(kind)}` : role;
}

/** One curated role: a title and its permission list. */
export interface CuratedRole {
  title: string;
  description: string;
  permissions: string[];
}

const PROJECT = ['resourcemanager.projects.get'];
const MONITORING_READ = [
  'monitoring.alertPolicies.get',
  'monitoring.alertPolicies.list',
  'monitoring.dashboards.get',
  'monitoring.dashboards.list',
  'monitoring.groups.get',
  'monitoring.groups.list',
  'monitoring.metricDescriptors.get',
  'monitoring.metricDescriptors.list',
  'monitoring.monitoredResourceDescriptors.get',
  'monitoring.monitoredResourceDescriptors.list',
  'monitoring.services.get',
  'monitoring.services.list',
  'monitoring.slos.get',
  'monitoring.slos.list',
  'monitoring.timeSeries.list',
  'monitoring.uptimeCheckConfigs.get',
  'monitoring.uptimeCheckConfigs.list',
];
const CHANNELS_READ = ['monitoring.notificationChannels.get', 'monitoring.notificationChannels.list'];
const TRACE_READ = ['cloudtrace.traces.get', 'cloudtrace.traces.list'];
const DEPLOY_READ = [
  'clouddeploy.deliveryPipelines.get',
  'clouddeploy.deliveryPipelines.list',
  'clouddeploy.jobRuns.get',
  'clouddeploy.jobRuns.list',
  'clouddeploy.locations.list',
  'clouddeploy.releases.get',
  'clouddeploy.releases.list',
  'clouddeploy.rollouts.get',
  'clouddeploy.rollouts.list',
  'clouddeploy.targets.get',
  'clouddeploy.targets.list',
];
const LOGS_READ = [
  'logging.logEntries.list',
  'logging.logs.list',
  'logging.logMetrics.get',
  'logging.logMetrics.list',
];
const ERRORS_READ = [
  'errorreporting.errorEvents.list',
  'errorreporting.groupMetadata.get',
  'errorreporting.groups.list',
];
/** Metadata of the data stores, never their contents. */
const METADATA_READ = [
  'bigquery.datasets.get',
  'bigquery.tables.get',
  'bigquery.tables.list',
  'cloudsql.backupRuns.get',
  'cloudsql.backupRuns.list',
  'cloudsql.databases.get',
  'cloudsql.databases.list',
  'cloudsql.instances.get',
  'cloudsql.instances.list',
  'redis.instances.get',
  'redis.instances.list',
  'redis.operations.get',
  'redis.operations.list',
  'secretmanager.secrets.get',
  'secretmanager.secrets.list',
  'secretmanager.versions.get',
  'secretmanager.versions.list',
];
/** Cloud Run configuration: shows env vars and probe headers (the diagnostics bearer token). */
const RUN_READ = [
  'run.executions.get',
  'run.executions.list',
  'run.jobs.get',
  'run.jobs.list',
  'run.locations.list',
  'run.operations.get',
  'run.operations.list',
  'run.revisions.get',
  'run.revisions.list',
  'run.services.get',
  'run.services.list',
];
/** Operating the service: deploy, run, restart, change data, promote. No IAM, no keys, no actAs. */
const OPERATE = [
  'bigquery.jobs.create',
  'bigquery.tables.getData',
  'bigquery.tables.update',
  'bigquery.tables.updateData',
  'clouddeploy.releases.create',
  'clouddeploy.rollouts.approve',
  'clouddeploy.rollouts.create',
  'clouddeploy.rollouts.retryJob',
  'cloudsql.backupRuns.create',
  'cloudsql.instances.restart',
  'cloudsql.instances.update',
  'monitoring.alertPolicies.update',
  'monitoring.dashboards.create',
  'monitoring.dashboards.update',
  'redis.instances.update',
  'run.executions.cancel',
  'run.jobs.run',
  'run.jobs.update',
  'run.services.update',
  'secretmanager.versions.access',
  'secretmanager.versions.add',
];

const sorted = (...lists: string[][]) => [...new Set(lists.flat())].sort();

const INTERNAL_READER = sorted(
  PROJECT,
  MONITORING_READ,
  CHANNELS_READ,
  TRACE_READ,
  DEPLOY_READ,
  LOGS_READ,
  ERRORS_READ,
  METADATA_READ,
);
const EDITOR = sorted(INTERNAL_READER, RUN_READ, OPERATE);

/** The built-in curated roles per category (override per category and kind in `access.curatedRoles`). */
export const DEFAULT_CURATED_ROLES: Record<Category, Record<CuratedRoleKind, CuratedRole>> = {
  test: {
    reader: {
      title: 'MSP reader (test)',
      description: 'Read logs, metrics, traces, rollouts, data-store metadata and Cloud Run configuration.',
      permissions: sorted(INTERNAL_READER, RUN_READ),
    },
    editor: {
      title: 'MSP editor (test)',
      description: 'Operate the service: deploy, run jobs, change data stores and data. No IAM, no keys.',
      permissions: EDITOR,
    },
  },
  internal: {
    reader: {
      title: 'MSP reader (internal)',
      description: 'Read logs, metrics, traces, rollouts and data-store metadata. No data, no secret values.',
      permissions: INTERNAL_READER,
    },
    editor: {
      title: 'MSP editor (internal)',
      description: 'Operate the service: deploy, run jobs, change data stores and data. No IAM, no keys.',
      permissions: EDITOR,
    },
  },
  external: {
    reader: {
      title: 'MSP reader (external)',
      description: 'Read metrics, traces and rollouts only.',
      permissions: sorted(PROJECT, MONITORING_READ, TRACE_READ, DEPLOY_READ),
    },
    editor: {
      title: 'MSP editor (external)',
      description: 'Operate the service: deploy, run jobs, change data stores and data. No IAM, no keys.',
      permissions: EDITOR,
    },
  },
};

/**
 * Engineers' standing roles by category, following the platform promise: `test` liberal,
 * `internal` read-only on most components, `external` metrics, traces and rollouts only.
 */
export const DEFAULT_ACCESS_ROLES: Record<Category, string[]> = {
  test: [CURATED_EDITOR, 'roles/cloudsql.client', 'roles/cloudsql.instanceUser'],
  internal: [CURATED_READER],
  external: [CURATED_READER],
};

/** Roles that can be requested for a time-boxed grant, by category. */
export const DEFAULT_ELEVATED_ROLES: Record<Category, string[]> = {
  test: [],
  internal: [CURATED_EDITOR],
  external: ['roles/logging.viewer', CURATED_EDITOR],
};

/** How engineers may impersonate the operator-access account (the database path of `msp pg connect`). */
export type ImpersonationMode = 'standing' | 'requestable' | 'none';
export const DEFAULT_IMPERSONATION: Record<Category, ImpersonationMode> = {
  test: 'standing',
  internal: 'requestable',
  external: 'requestable',
};

/** The role that lets a person impersonate one service account (granted on that account only). */
export const IMPERSONATION_ROLE = 'roles/iam.serviceAccountTokenCreator';
/** The role that lets a person deploy as one service account (granted on that account only). */
export const ACT_AS_ROLE = 'roles/iam.serviceAccountUser';

/** Basic roles: never granted or offered. */
export const BASIC_ROLES: readonly string[] = ['roles/owner', 'roles/editor', 'roles/viewer'];

/**
 * Predefined roles no person may hold on a service project, standing or elevated, with why:
 * they create service-account keys, act as every account, or rewrite IAM or policies (and so
 * could grant themselves anything, including keys).
 */
export const FORBIDDEN_ROLES: Readonly<Record<string, string>> = {
  'roles/iam.serviceAccountKeyAdmin': 'creates service-account keys',
  'roles/iam.serviceAccountAdmin': 'changes who may use every service account',
  'roles/iam.securityAdmin': 'rewrites the project IAM policy',
  'roles/iam.roleAdmin': 'rewrites custom roles (including the curated ones)',
  'roles/resourcemanager.projectIamAdmin': 'rewrites the project IAM policy',
  'roles/orgpolicy.policyAdmin': 'lifts organisation policies such as the key-creation ban',
  'roles/iam.serviceAccountUser':
    'acts as every service account of the project (granted per account instead)',
  'roles/iam.serviceAccountTokenCreator':
    'impersonates every service account of the project (granted per account instead)',
  'roles/iam.workloadIdentityUser': 'impersonates every service account of the project',
};

/**
 * Permissions no curated role may carry: key creation, IAM and policy changes, and acting as or
 * impersonating service accounts project-wide.
 */
export const FORBIDDEN_PERMISSIONS: Readonly<Record<string, string>> = {
  'iam.serviceAccountKeys.create': 'creates long-lived service-account keys',
  'iam.serviceAccountKeys.upload': 'uploads long-lived service-account keys',
  'iam.serviceAccounts.actAs': 'acts as every service account of the project',
  'iam.serviceAccounts.getAccessToken': 'impersonates every service account of the project',
  'iam.serviceAccounts.signBlob': 'signs as every service account of the project',
  'iam.serviceAccounts.signJwt': 'signs as every service account of the project',
  'iam.serviceAccounts.setIamPolicy': 'changes who may use service accounts',
  'iam.roles.update': 'rewrites custom roles',
  'resourcemanager.projects.setIamPolicy': 'rewrites the project IAM policy',
  'orgpolicy.policy.set': 'lifts organisation policies',
  'secretmanager.secrets.setIamPolicy': 'changes who may read secrets',
};

/** Why `role` may not be held by a person, or undefined when it may. */
export function forbiddenRoleReason(role: string): string | undefined {
  if (BASIC_ROLES.includes(role)) return 'is a basic role (broad, includes key creation)';
  const r = FORBIDDEN_ROLES[role];
  return r ? `${r}` : undefined;
}
