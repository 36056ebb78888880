/**
 * The command lines the docs print and the operator commands run: `msp` invocations, the Cloud
 * SQL proxy and `psql` for a database session, and the gcloud commands of the incident section.
 * Pure, like the URL model beside it, so the page shows exactly what `msp pg connect` runs.
 */

import { cloudRunName, operatorAccessSaEmail, workloadSaEmail } from '../naming/names.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';

/** Default local port of the Cloud SQL proxy (5432 is often taken by a local PostgreSQL). */
export const DEFAULT_PG_PORT = 5433;

/** The Cloud SQL proxy binary the commands expect on PATH. */
export const CLOUD_SQL_PROXY = 'cloud-sql-proxy';

/** Quotes one argument for a POSIX shell, leaving plain words as they are. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** A command line from its arguments, each quoted for a POSIX shell. */
export function commandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** `msp logs <service> <env>`. */
export function mspLogsCommand(spec: ServiceSpec, env: EnvironmentSpec): string {
  return commandLine(['msp', 'logs', spec.id, env.id]);
}

/** `msp pg connect [--write-access] <service> <env>`. */
export function mspPgConnectCommand(spec: ServiceSpec, env: EnvironmentSpec, writeAccess: boolean): string {
  return commandLine(['msp', 'pg', 'connect', ...(writeAccess ? ['--write-access'] : []), spec.id, env.id]);
}

/** `msp tfc view <service> [env]`. */
export function mspTfcViewCommand(spec: ServiceSpec, env?: EnvironmentSpec): string {
  return commandLine(['msp', 'tfc', 'view', spec.id, ...(env ? [env.id] : [])]);
}

/** `msp ops <service>`. */
export function mspOpsCommand(spec: ServiceSpec): string {
  return commandLine(['msp', 'ops', spec.id]);
}

/** What `msp pg connect` does for one environment: who it impersonates and what it runs. */
export interface PgConnectPlan {
  /** The service account the proxy impersonates: operator access (read-only) or the workload. */
  serviceAccount: string;
  /** The IAM database user of that account (its email without `.gserviceaccount.com`). */
  databaseUser: string;
  port: number;
  /** Arguments of `cloud-sql-proxy` (without the binary). */
  proxyArgs: string[];
  /** One `psql` command per database of the environment. */
  psql: { database: string; argv: string[] }[];
}

/** The IAM database user name of a service account. */
function iamDatabaseUser(serviceAccountEmail: string): string {
  return serviceAccountEmail.replace(/\.gserviceaccount\.com$/, '');
}

/**
 * The proxy and `psql` commands for an environment's PostgreSQL instance. `connectionName` is
 * `<project>:<region>:<instance>` (the instance name is random, so it is looked up; see
 * `cloudSqlConnectionNameLookup`). Read-only sessions impersonate the operator-access account,
 * `writeAccess` the workload's own account. Undefined when the environment has no PostgreSQL.
 */
export function pgConnectPlan(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  opts: { writeAccess: boolean; port?: number; connectionName: string },
): PgConnectPlan | undefined {
  const pg = env.resources.postgreSQL;
  if (!pg) return undefined;
  const serviceAccount = opts.writeAccess ? workloadSaEmail(spec, env) : operatorAccessSaEmail(env);
  const databaseUser = iamDatabaseUser(serviceAccount);
  const port = opts.port ?? DEFAULT_PG_PORT;
  return {
    serviceAccount,
    databaseUser,
    port,
    proxyArgs: [
      '--auto-iam-authn',
      `--port=${port}`,
      `--impersonate-service-account=${serviceAccount}`,
      opts.connectionName,
    ],
    psql: pg.databases.map((database) => ({
      database,
      argv: ['psql', '-h', '127.0.0.1', '-p', String(port), '-U', databaseUser, '-d', database],
    })),
  };
}

/** The gcloud command printing the connection name of the environment's Cloud SQL instance. */
export function cloudSqlConnectionNameLookup(env: EnvironmentSpec): string[] {
  return [
    'gcloud',
    'sql',
    'instances',
    'list',
    `--project=${env.projectID}`,
    '--format=value(connectionName)',
  ];
}

/** gcloud commands for incident response: list revisions and shift traffic, or run the job now. */
export function incidentCommands(
  spec: ServiceSpec,
  env: EnvironmentSpec,
): { label: string; argv: string[] }[] {
  const name = cloudRunName(spec, env);
  const where = [`--region=${env.locations.gcpRegion}`, `--project=${env.projectID}`];
  if (spec.kind === 'job')
    return [
      {
        label: 'List recent executions',
        argv: ['gcloud', 'run', 'jobs', 'executions', 'list', `--job=${name}`, ...where],
      },
      { label: 'Run the job now', argv: ['gcloud', 'run', 'jobs', 'execute', name, ...where] },
    ];
  return [
    { label: 'List revisions', argv: ['gcloud', 'run', 'revisions', 'list', `--service=${name}`, ...where] },
    {
      label: 'Send all traffic to a known-good revision',
      argv: ['gcloud', 'run', 'services', 'update-traffic', name, ...where, '--to-revisions=REVISION=100'],
    },
  ];
}
