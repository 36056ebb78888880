/**
 * The runtime contract: the environment variables the platform gives a service's container, in
 * the order they are rendered (docs/runtime-contract.md). Pure data, no Terraform: the cloudrun
 * stack turns each entry into a container `env` block and the docs read the same list. The names
 * and descriptions of platform variables come from `runtime-contract.ts`, the definition shared
 * with the runtime SDK, so the generator and the SDK cannot disagree.
 *
 * Order: `GOOGLE_CLOUD_PROJECT`, `DIAGNOSTICS_SECRET`, `EXTERNAL_DNS_NAME` (domain),
 * `ENVIRONMENT_ID`, the spec's `env` (sorted), the spec's `secretEnv` (sorted), `MSP`,
 * `REDIS_ENDPOINT` (Redis), `PGINSTANCE` and `PGUSER` (PostgreSQL), `BIGQUERY_PROJECT_ID` and
 * `BIGQUERY_DATASET_ID` (BigQuery), `SENTRY_DSN` (platform `sentry.dsn`), `SSL_CERT_DIR`,
 * `JOB_EXECUTION_CRON_SCHEDULE` and `JOB_EXECUTION_DEADLINE` (scheduled jobs).
 */

import { type PlatformEnvName, platformEnvVar } from '../../contract/runtime-contract.ts';
import { workloadSaEmail } from '../../naming/names.ts';
import type { PlatformConfig } from '../../platform/model.ts';
import type { EnvironmentSpec, SecretName, ServiceSpec } from '../../spec/model.ts';

/** Where the system trust store is; always in `SSL_CERT_DIR`. */
const SYSTEM_CERT_DIR = '/etc/ssl/certs';
/** Where extra CA certificates (the Redis server CA) are mounted; added to `SSL_CERT_DIR` with Redis. */
export const CUSTOM_CERT_DIR = '/etc/ssl/custom-certs';
/** Secret (in the environment project) the cloudrun stack writes `rediss://:<auth>@<host>:<port>` into. */
export const REDIS_ENDPOINT_SECRET = 'REDIS_ENDPOINT';

/** Values Terraform alone knows when the stack is applied. */
export type TerraformValue = 'diagnosticsSecret' | 'cloudsqlConnectionName';

/** How a variable gets its value. */
type EnvVarValue =
  /** A value known when generating: written as a literal. */
  | { kind: 'literal'; value: string }
  /** Read from Secret Manager by Cloud Run at start-up (`project` absent: the environment's project). */
  | { kind: 'secret'; secret: string; project?: string; version: 'latest' }
  /** A secret the cloudrun stack creates and writes; the container reads the version it wrote. */
  | { kind: 'managedSecret'; secret: string }
  /** Known only once Terraform has created the resource. */
  | { kind: 'terraform'; value: TerraformValue };

/** One variable of the contract. */
export interface ContractEnvVar {
  name: string;
  value: EnvVarValue;
  /** `platform`: injected by the platform; `spec`: from the spec's `env` / `secretEnv`. */
  origin: 'platform' | 'spec';
  /** One line for docs. */
  description: string;
}

/**
 * The Secret Manager name Cloud Run is given for `secret`: its ID when it lives in the
 * environment project, `projects/<p>/secrets/<s>` when it lives in another.
 */
export function secretReference(secret: SecretName, envProject: string): string {
  return secret.project && secret.project !== envProject
    ? `projects/${secret.project}/secrets/${secret.secret}`
    : secret.secret;
}

/** The Cloud SQL IAM database user of a service account: its email without `.gserviceaccount.com`. */
export function iamDatabaseUser(serviceAccountEmail: string): string {
  return serviceAccountEmail.replace(/\.gserviceaccount\.com$/, '');
}

/** `SSL_CERT_DIR` for an environment: the system store, plus the custom CA directory with Redis. */
export function sslCertDir(env: EnvironmentSpec): string {
  return env.resources.redis ? `${SYSTEM_CERT_DIR}:${CUSTOM_CERT_DIR}` : SYSTEM_CERT_DIR;
}

const literal = (value: string): EnvVarValue => ({ kind: 'literal', value });

/**
 * The ordered environment variables of one environment's container. Pure; never throws.
 * `platform` supplies the `SENTRY_DSN` secret when `platform.sentry.dsn` is configured.
 */
export function envContract(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
): ContractEnvVar[] {
  const out: ContractEnvVar[] = [];
  const add = (name: string, value: EnvVarValue, description: string) =>
    out.push({ name, value, origin: 'spec', description });
  // Names and descriptions of platform variables come from the contract shared with the SDK.
  const addPlatform = (name: PlatformEnvName, value: EnvVarValue) =>
    out.push({ name, value, origin: 'platform', description: platformEnvVar(name).description });

  addPlatform('GOOGLE_CLOUD_PROJECT', literal(env.projectID));
  addPlatform('DIAGNOSTICS_SECRET', { kind: 'terraform', value: 'diagnosticsSecret' });
  if (env.domain) addPlatform('EXTERNAL_DNS_NAME', literal(env.domain.dnsName));
  addPlatform('ENVIRONMENT_ID', literal(env.id));
  for (const v of env.env) add(v.name, literal(v.value), 'From the spec (env)');
  for (const s of env.secretEnv) {
    add(s.name, secret(s.secret, env.projectID), `From Secret Manager secret ${s.secret.raw} (secretEnv)`);
  }
  addPlatform('MSP', literal('true'));
  if (env.resources.redis)
    addPlatform('REDIS_ENDPOINT', { kind: 'managedSecret', secret: REDIS_ENDPOINT_SECRET });
  if (env.resources.postgreSQL) {
    addPlatform('PGINSTANCE', { kind: 'terraform', value: 'cloudsqlConnectionName' });
    addPlatform('PGUSER', literal(iamDatabaseUser(workloadSaEmail(spec, env))));
  }
  const bq = env.resources.bigQueryDataset;
  if (bq) {
    addPlatform('BIGQUERY_PROJECT_ID', literal(bq.projectID));
    addPlatform('BIGQUERY_DATASET_ID', literal(bq.datasetID));
  }
  const dsn = platform.sentry.dsn;
  if (dsn)
    addPlatform('SENTRY_DSN', {
      kind: 'secret',
      secret: dsn.secret,
      project: dsn.project,
      version: 'latest',
    });
  addPlatform('SSL_CERT_DIR', literal(sslCertDir(env)));
  if (spec.kind === 'job' && env.schedule) {
    addPlatform('JOB_EXECUTION_CRON_SCHEDULE', literal(env.schedule.cron));
    addPlatform('JOB_EXECUTION_DEADLINE', literal(`${env.deadlineSeconds}s`));
  }
  return out;
}

function secret(name: SecretName, envProject: string): EnvVarValue {
  return name.project && name.project !== envProject
    ? { kind: 'secret', secret: name.secret, project: name.project, version: 'latest' }
    : { kind: 'secret', secret: name.secret, version: 'latest' };
}
