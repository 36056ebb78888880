/**
 * The platform contract shared by the Terraform generator and the runtime SDK: the health paths
 * the container serves and the probes call, and the environment variables the platform injects.
 *
 * This file is the single definition. The generator (`src/stacks/resources/env-contract.ts` and
 * `src/stacks/resources/cloudrun-container.ts` in the repository root) imports it to render the
 * container's env blocks and probes; the SDK imports it to serve the paths and read the
 * variables. Contract tests on both sides (`src/contract/runtime-contract.test.ts`,
 * `packages/runtime/test/platform-contract.test.ts`) check that each side uses every entry, so
 * the two cannot drift. Pure data: no imports, no I/O.
 */

/**
 * Readiness: ready to take traffic. Runs the dependency checks (data stores, service checks);
 * authenticated with `Authorization: Bearer $DIAGNOSTICS_SECRET`. The startup probe and the
 * external uptime check call it.
 */
export const READINESS_PATH = '/-/healthz';
/**
 * Liveness: the process is alive and its event loop turns. Checks nothing else (a data store
 * outage must not restart every instance); unauthenticated, reveals nothing. The liveness probe
 * calls it.
 */
export const LIVENESS_PATH = '/-/livez';
/** The version string, unauthenticated. */
export const VERSION_PATH = '/-/version';
/** Prometheus metrics, served only outside the platform (local development) and only on request. */
export const METRICS_PATH = '/-/metrics';

/** What each Cloud Run probe calls, and whether it sends the diagnostics bearer token. */
export const PROBES = {
  startup: { path: READINESS_PATH, authenticated: true },
  liveness: { path: LIVENESS_PATH, authenticated: false },
} as const;

/** The container port Cloud Run gives the service in `$PORT`. */
export const CONTAINER_PORT = 9992;

/**
 * Time Cloud Run allows between SIGTERM and SIGKILL, in milliseconds. A service's shutdown grace
 * period must be shorter when running on the platform.
 */
export const PLATFORM_SHUTDOWN_LIMIT_MS = 10_000;

/** When the platform sets a variable. */
export type PlatformEnvCondition =
  | 'always'
  | 'domain'
  | 'redis'
  | 'postgresql'
  | 'bigquery'
  | 'sentry'
  | 'scheduled-job';

/** One variable the platform injects into every container that meets `when`. */
export interface PlatformEnvVar {
  readonly name: string;
  readonly when: PlatformEnvCondition;
  readonly description: string;
}

/** Every variable the platform injects, in the order the generator renders them. */
export const PLATFORM_ENV = [
  { name: 'GOOGLE_CLOUD_PROJECT', when: 'always', description: 'GCP project of the environment' },
  {
    name: 'DIAGNOSTICS_SECRET',
    when: 'always',
    description: `Bearer token for ${READINESS_PATH} and other diagnostics endpoints`,
  },
  { name: 'EXTERNAL_DNS_NAME', when: 'domain', description: 'Public DNS name of the service' },
  { name: 'ENVIRONMENT_ID', when: 'always', description: 'Environment ID from the spec' },
  { name: 'MSP', when: 'always', description: 'Set when running on the platform' },
  {
    name: 'REDIS_ENDPOINT',
    when: 'redis',
    description:
      'rediss://:<auth>@<host>:<port> of the Memorystore instance (TLS, server CA in SSL_CERT_DIR)',
  },
  {
    name: 'PGINSTANCE',
    when: 'postgresql',
    description: 'Cloud SQL connection name (project:region:instance)',
  },
  {
    name: 'PGUSER',
    when: 'postgresql',
    description: 'Cloud SQL IAM database user of the workload service account',
  },
  { name: 'BIGQUERY_PROJECT_ID', when: 'bigquery', description: 'Project of the BigQuery dataset' },
  { name: 'BIGQUERY_DATASET_ID', when: 'bigquery', description: 'BigQuery dataset ID' },
  { name: 'SENTRY_DSN', when: 'sentry', description: 'Sentry DSN from the platform secret' },
  { name: 'SSL_CERT_DIR', when: 'always', description: 'Directories of trusted CA certificates' },
  {
    name: 'JOB_EXECUTION_CRON_SCHEDULE',
    when: 'scheduled-job',
    description: 'Cron schedule of the job (UTC)',
  },
  { name: 'JOB_EXECUTION_DEADLINE', when: 'scheduled-job', description: 'Task timeout of the job' },
] as const satisfies readonly PlatformEnvVar[];

/** The name of a platform-injected variable. */
export type PlatformEnvName = (typeof PLATFORM_ENV)[number]['name'];

/** The entry of `name` in {@link PLATFORM_ENV}. */
export function platformEnvVar(name: PlatformEnvName): PlatformEnvVar {
  const v = PLATFORM_ENV.find((e) => e.name === name);
  // The type allows only listed names; this guards a broken invariant.
  if (v === undefined) throw new Error(`${name} is not a platform variable`);
  return v;
}
