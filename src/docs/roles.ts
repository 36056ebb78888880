/**
 * What IAM roles let a person do, in a few words, for the access sections of the docs. Roles
 * not listed here are shown by name only: the platform config may name any role.
 */

const ROLE_SUMMARIES: Readonly<Record<string, string>> = {
  'roles/owner': 'full control of the project, including IAM',
  'roles/editor': 'change most resources (not IAM)',
  'roles/viewer': 'read-only access to most resources',
  'roles/browser': 'see the project and its folder',
  'roles/bigquery.dataEditor': 'read and change BigQuery data',
  'roles/bigquery.dataViewer': 'read BigQuery data',
  'roles/bigquery.jobUser': 'run BigQuery queries',
  'roles/bigquery.metadataViewer': 'see BigQuery datasets and table schemas (not data)',
  'roles/clouddeploy.approver': 'approve Cloud Deploy rollouts',
  'roles/clouddeploy.developer': 'manage Cloud Deploy pipelines and releases',
  'roles/clouddeploy.operator': 'create releases and promote rollouts',
  'roles/clouddeploy.releaser': 'create Cloud Deploy releases',
  'roles/clouddeploy.viewer': 'see Cloud Deploy pipelines, releases and rollouts',
  'roles/cloudsql.client': 'connect to Cloud SQL instances',
  'roles/cloudsql.editor': 'manage Cloud SQL instances (not IAM)',
  'roles/cloudsql.instanceUser': 'log in to Cloud SQL with IAM database authentication',
  'roles/cloudsql.viewer': 'see Cloud SQL instances and their settings',
  'roles/cloudtrace.user': 'read traces',
  'roles/errorreporting.viewer': 'read Error Reporting',
  'roles/iam.serviceAccountTokenCreator': 'impersonate service accounts',
  'roles/iam.serviceAccountUser': 'run operations as service accounts',
  'roles/logging.viewer': 'read logs',
  'roles/logging.privateLogViewer': 'read logs, including data-access audit logs',
  'roles/monitoring.editor': 'change dashboards and alert policies',
  'roles/monitoring.viewer': 'read metrics, dashboards and alert policies',
  'roles/redis.editor': 'manage Memorystore for Redis instances',
  'roles/redis.viewer': 'see Memorystore for Redis instances',
  'roles/run.admin': 'manage Cloud Run services and jobs, including IAM',
  'roles/run.developer': 'deploy Cloud Run services and run jobs',
  'roles/run.invoker': 'call Cloud Run services and run jobs',
  'roles/run.viewer': 'see Cloud Run services, jobs and revisions',
  'roles/secretmanager.secretAccessor': 'read secret values',
  'roles/secretmanager.viewer': 'see secrets and their metadata (not values)',
  'roles/storage.objectViewer': 'read Cloud Storage objects',
};

/** A short description of what `role` grants, when known. */
export function roleSummary(role: string): string | undefined {
  return ROLE_SUMMARIES[role];
}
