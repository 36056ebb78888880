/**
 * The URL model: every link the docs, the HTML catalog and the operator commands show, built
 * from the spec, the environment and the platform config. Pure functions, so the page and the
 * `msp logs` / `msp tfc view` commands can never disagree about where something lives.
 */

import { cloudRunName, type StackName, workspaceName } from '../naming/names.ts';
import { type PlatformStackName, platformWorkspaceName } from '../naming/platform-names.ts';
import { iamRoleName } from '../platform/access.ts';
import type { PlatformConfig } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';

const CONSOLE = 'https://console.cloud.google.com';

/** A Google Cloud console URL: `path` under the console, `project` and extra query parameters. */
function consoleUrl(path: string, project: string, params: Record<string, string> = {}): string {
  const q = new URLSearchParams({ ...params, project });
  return `${CONSOLE}/${path}?${q.toString()}`;
}

/** The project's home dashboard. */
export function projectUrl(env: EnvironmentSpec): string {
  return consoleUrl('home/dashboard', env.projectID);
}

/** The project's IAM page (who holds which role). */
export function iamUrl(env: EnvironmentSpec): string {
  return consoleUrl('iam-admin/iam', env.projectID);
}

/** The Cloud Run service or job of the environment. */
export function cloudRunUrl(spec: ServiceSpec, env: EnvironmentSpec): string {
  const name = encodeURIComponent(cloudRunName(spec, env));
  const region = encodeURIComponent(env.locations.gcpRegion);
  return spec.kind === 'job'
    ? consoleUrl(`run/jobs/details/${region}/${name}/executions`, env.projectID)
    : consoleUrl(`run/detail/${region}/${name}`, env.projectID);
}

/** The Logs Explorer query selecting the service's own logs (request logs excluded) or the job's. */
export function logsQuery(spec: ServiceSpec, env: EnvironmentSpec): string {
  const name = cloudRunName(spec, env);
  return spec.kind === 'job'
    ? `resource.type = "cloud_run_job"\nresource.labels.job_name = "${name}"`
    : `resource.type = "cloud_run_revision"\nresource.labels.service_name = "${name}"\n` +
        `-logName =~ "logs/run.googleapis.com%2Frequests"`;
}

/** Logs Explorer with `logsQuery` (the query travels in the path, as the console expects). */
export function logsExplorerUrl(spec: ServiceSpec, env: EnvironmentSpec): string {
  return consoleUrl(`logs/query;query=${encodeURIComponent(logsQuery(spec, env))}`, env.projectID);
}

/** Cloud Trace for the project. */
export function tracesUrl(env: EnvironmentSpec): string {
  return consoleUrl('traces/list', env.projectID);
}

/** Error Reporting for the project. */
export function errorReportingUrl(env: EnvironmentSpec): string {
  return consoleUrl('errors', env.projectID);
}

/** The project's alert policies. */
export function alertPoliciesUrl(env: EnvironmentSpec): string {
  return consoleUrl('monitoring/alerting/policies', env.projectID);
}

/** The project's custom monitoring dashboards. */
export function dashboardsUrl(env: EnvironmentSpec): string {
  return consoleUrl('monitoring/dashboards', env.projectID, { pageState: '("dashboards":("t":"Custom"))' });
}

/** The project's notification channels. */
export function notificationChannelsUrl(env: EnvironmentSpec): string {
  return consoleUrl('monitoring/alerting/notifications', env.projectID);
}

/** The project's monitoring services: each SLO with its compliance and remaining error budget. */
export function errorBudgetUrl(env: EnvironmentSpec): string {
  return consoleUrl('monitoring/services', env.projectID);
}

/** Where the burn-rate windows come from (docs/slo.md). */
export const SRE_WORKBOOK_ALERTING_ON_SLOS_URL = 'https://sre.google/workbook/alerting-on-slos/';

/** The project's uptime checks. */
export function uptimeChecksUrl(env: EnvironmentSpec): string {
  return consoleUrl('monitoring/uptime', env.projectID);
}

/** Memorystore for Redis instances of the project. */
export function redisUrl(env: EnvironmentSpec): string {
  return consoleUrl('memorystore/redis/instances', env.projectID);
}

/** Cloud SQL instances of the project. */
export function cloudSqlUrl(env: EnvironmentSpec): string {
  return consoleUrl('sql/instances', env.projectID);
}

/** The BigQuery dataset of the environment (or one of its tables). */
export function bigQueryUrl(env: EnvironmentSpec, table?: string): string | undefined {
  const ds = env.resources.bigQueryDataset;
  if (!ds) return undefined;
  return consoleUrl('bigquery', ds.projectID, {
    p: ds.projectID,
    d: ds.datasetID,
    ...(table ? { t: table, page: 'table' } : { page: 'dataset' }),
  });
}

/** Secret Manager of the project. */
export function secretManagerUrl(env: EnvironmentSpec): string {
  return consoleUrl('security/secret-manager', env.projectID);
}

/** The Cloud Deploy delivery pipeline, hosted in the final stage's project and region. */
export function deliveryPipelineUrl(pipeline: { name: string; region: string; project: string }): string {
  return consoleUrl(
    `deploy/delivery-pipelines/${encodeURIComponent(pipeline.region)}/${encodeURIComponent(pipeline.name)}`,
    pipeline.project,
  );
}

/** The service's public address, when it has a domain. */
export function domainUrl(env: EnvironmentSpec): string | undefined {
  return env.domain ? `https://${env.domain.dnsName}` : undefined;
}

/** The source code folder of the service (`build.source`), when the repository is known. */
export function sourceUrl(spec: ServiceSpec): string | undefined {
  const repo = spec.build.source.repo;
  if (!repo) return undefined;
  const dir = cleanPath(spec.build.source.dir ?? '');
  const base = /^https?:\/\//.test(repo) ? repo : `https://${repo}`;
  return dir ? `${base}/tree/HEAD/${dir.split('/').map(encodeURIComponent).join('/')}` : base;
}

/** The fleet repository's web address, without a trailing slash. */
function repoBase(platform: PlatformConfig): string {
  return platform.links.repository.replace(/\/+$/, '');
}

/** A file of the fleet repository (path relative to the fleet root) on the repository's web UI. */
export function repoFileUrl(platform: PlatformConfig, path: string): string {
  const p = cleanPath(path).split('/').map(encodeURIComponent).join('/');
  return `${repoBase(platform)}/blob/${encodeURIComponent(platform.terraform.vcs.branch)}/${p}`;
}

/**
 * A service's operations page, as alert notifications and dashboards link it: the published HTML
 * catalog (`<links.docs>/services/<service>.html`) when the platform config names one, else the
 * generated Markdown page in the fleet repository (`services/<service>/docs/operations.md`).
 */
export function opsPageUrl(platform: PlatformConfig, svc: string): string {
  const docs = platform.links.docs?.replace(/\/+$/, '');
  if (docs) return `${docs}/services/${svc}.html`;
  return repoFileUrl(platform, `services/${svc}/docs/operations.md`);
}

/** The fleet repository at a revision. */
export function repoRevisionUrl(platform: PlatformConfig, revision: string): string {
  return `${repoBase(platform)}/tree/${encodeURIComponent(revision)}`;
}

/** A page of the Terraform Cloud app on `host`: `https://<host>/app/<path>`. */
export function tfcAppUrl(host: string, path: string): string {
  return `https://${host}/app/${path}`;
}

/**
 * Where a stack's state lives: the Terraform Cloud workspace page, or the state folder of the
 * GCS bucket; undefined for the local backend (the state is a file next to the stack).
 */
export function workspaceUrl(
  platform: PlatformConfig,
  svc: string,
  env: string,
  stack: StackName,
): string | undefined {
  const b = platform.terraform.backend;
  const ws = workspaceName(b, svc, env, stack);
  if (b.type === 'cloud')
    return tfcAppUrl(
      b.hostname,
      `${encodeURIComponent(b.organization)}/workspaces/${encodeURIComponent(ws)}`,
    );
  if (b.type === 'gcs')
    return `${CONSOLE}/storage/browser/${[b.bucket, ...b.prefix.split('/'), ...ws.split('/')]
      .filter((s) => s !== '')
      .map(encodeURIComponent)
      .join('/')}`;
  return undefined;
}

/**
 * The Terraform Cloud workspace list filtered by one tag (the tags the tfcworkspaces stack puts
 * on every workspace, `workspaceTags`); undefined for other backends.
 */
export function workspaceTagUrl(platform: PlatformConfig, tag: string): string | undefined {
  const b = platform.terraform.backend;
  if (b.type !== 'cloud') return undefined;
  return tfcAppUrl(
    b.hostname,
    `${encodeURIComponent(b.organization)}/workspaces?${new URLSearchParams({ tag }).toString()}`,
  );
}

/** The Terraform Cloud teams page of the organisation (team pages are reached from it); undefined for other backends. */
export function tfcTeamsUrl(platform: PlatformConfig): string | undefined {
  const b = platform.terraform.backend;
  if (b.type !== 'cloud') return undefined;
  return tfcAppUrl(b.hostname, `${encodeURIComponent(b.organization)}/settings/teams`);
}

/** The Terraform Cloud workspace page of a platform stack (docs/platform-output.md); undefined for other backends. */
export function platformWorkspaceUrl(platform: PlatformConfig, stack: PlatformStackName): string | undefined {
  const b = platform.terraform.backend;
  if (b.type !== 'cloud') return undefined;
  return tfcAppUrl(
    b.hostname,
    `${encodeURIComponent(b.organization)}/workspaces/${encodeURIComponent(platformWorkspaceName(platform, stack))}`,
  );
}

/**
 * The link requesting a time-boxed grant of `role` on the environment's project, from
 * `access.elevated.requestUrl` with `{project}`, `{role}`, `{duration}`, `{service}`, `{env}`
 * and `{resource}` filled in (each value URL-encoded); undefined when no request URL is
 * configured. Curated role tokens (`msp:editor`) become the project's custom role name. A grant
 * on one resource (a service account) passes its full name as `resource`; when the template has
 * no `{resource}`, `resource=<name>` is appended to the query.
 */
export function elevatedAccessUrl(
  platform: PlatformConfig,
  spec: ServiceSpec,
  env: EnvironmentSpec,
  role: string,
  resource?: string,
): string | undefined {
  const template = platform.access.elevated.requestUrl;
  if (!template) return undefined;
  const values: Record<string, string> = {
    project: env.projectID,
    role: iamRoleName(role, env.projectID),
    duration: platform.access.elevated.durations[env.category],
    service: spec.id,
    env: env.id,
    resource: resource ?? `projects/${env.projectID}`,
  };
  const url = template.replace(/\{(project|role|duration|service|env|resource)\}/g, (_, k: string) =>
    encodeURIComponent(values[k] ?? ''),
  );
  // A grant on one resource must say which, even when the template has no `{resource}`.
  if (resource === undefined || template.includes('{resource}')) return url;
  return `${url}${url.includes('?') ? '&' : '?'}resource=${encodeURIComponent(resource)}`;
}

/** Normalises a repository-relative path: no leading `./` or `/`, no empty or `.` segments. */
export function cleanPath(p: string): string {
  return p
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
}

/**
 * The service's Notion page (`service.notionPageID`): `https://www.notion.so/<id>`, which Notion
 * redirects to the page in its workspace. Undefined when the spec names none.
 */
export function notionPageUrl(spec: ServiceSpec): string | undefined {
  const id = spec.notionPageID;
  return id ? `https://www.notion.so/${encodeURIComponent(id)}` : undefined;
}

/** The metrics tab of the environment's Cloud Run service (requests, latency, instances). */
export function cloudRunMetricsUrl(spec: ServiceSpec, env: EnvironmentSpec): string {
  const name = encodeURIComponent(cloudRunName(spec, env));
  const region = encodeURIComponent(env.locations.gcpRegion);
  return consoleUrl(`run/detail/${region}/${name}/metrics`, env.projectID);
}

/** The project's alerting overview: open incidents, with their policy, condition and timeline. */
export function incidentsUrl(env: EnvironmentSpec): string {
  return consoleUrl('monitoring/alerting', env.projectID);
}

/**
 * The console page where an alert's condition can be looked at, per alert and environment: the
 * error budget for burn-rate alerts, the uptime checks, the Redis or Cloud SQL instances, the
 * Cloud Run service's metrics or the job's executions; for custom queries (which may watch
 * anything) the project's alert policies. Alert policy IDs are assigned by Cloud Monitoring
 * when Terraform creates them, so no link can name the policy itself.
 */
export function alertConsoleLink(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  alert: { kind: string; resourceKind?: string | undefined },
): { label: string; url: string } {
  if (alert.kind === 'burn-rate') return { label: 'error budget', url: errorBudgetUrl(env) };
  switch (alert.resourceKind) {
    case 'uptime-check':
      return { label: 'uptime checks', url: uptimeChecksUrl(env) };
    case 'redis':
      return { label: 'Redis instance', url: redisUrl(env) };
    case 'cloudsql':
      return { label: 'Cloud SQL instance', url: cloudSqlUrl(env) };
    case 'cloud-run-service':
      return { label: 'Cloud Run metrics', url: cloudRunMetricsUrl(spec, env) };
    case 'cloud-run-job':
      return { label: 'job executions', url: cloudRunUrl(spec, env) };
    default:
      return { label: 'alert policies', url: alertPoliciesUrl(env) };
  }
}

/** The Terraform Cloud organisation's home page (sign in there first); undefined for other backends. */
export function tfcOrganizationUrl(platform: PlatformConfig): string | undefined {
  const b = platform.terraform.backend;
  if (b.type !== 'cloud') return undefined;
  return `https://${b.hostname}/app/${encodeURIComponent(b.organization)}`;
}
