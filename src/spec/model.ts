/**
 * The fully-defaulted service model that every generator consumes. Built by `resolveSpec` from
 * a valid raw spec; every default (docs/spec-reference.md) is applied there and nowhere else.
 */
import type { Category } from '../platform/model.ts';

export type Kind = 'service' | 'job';

export interface ServiceSpec {
  /** Path of service.yaml as given (fleet-relative where known). */
  file: string;
  id: string;
  name: string;
  owners: string[];
  description: string;
  notionPageID?: string;
  kind: Kind;
  /** `h2c` for HTTP/2 cleartext; undefined for HTTP/1.1. */
  protocol?: 'h2c' | 'http1';
  iam: { services: string[]; roles: string[]; permissions: string[] };
  build: { image: string; source: { repo?: string; dir?: string } };
  environments: EnvironmentSpec[];
  monitoring: MonitoringSpec;
  rollout?: RolloutSpec;
  /** README.md body (after its H1), when present. */
  readme?: string;
}

export interface EnvironmentSpec {
  id: string;
  projectID: string;
  category: Category;
  deploy: DeploySpec;
  locations: { gcpRegion: string; gcpLocation: string };
  /** Present only for services with `domain.type: cloudflare`. */
  domain?: DomainSpec;
  /** Services only: resolved probes, or undefined when the block is absent (Cloud Run defaults). */
  healthProbes?: HealthProbesSpec;
  /** Services only: who may invoke. */
  authentication: AuthenticationSpec;
  /** Jobs only. */
  schedule?: { cron: string /** longest gap between runs, minutes */; maxIntervalMinutes: number };
  /** Jobs: task timeout seconds (default 300). */
  deadlineSeconds: number;
  instances: {
    cpu: number;
    /** memory as written, e.g. `1Gi`, and in MiB */
    memory: string;
    memoryMiB: number;
    cloudRunGeneration?: 1 | 2;
    /** Services only; undefined when the `scaling` block is absent (MSP's alert depends on it). */
    scaling?: { minCount: number; maxCount: number; maxRequestConcurrency: number };
  };
  /** Plain env vars, templates resolved, sorted by name. */
  env: { name: string; value: string }[];
  /** Secret env vars, sorted by name. */
  secretEnv: { name: string; secret: SecretName }[];
  /** Secret volumes, sorted by name. */
  secretVolumes: { name: string; mountPath: string; dir: string; file: string; secret: SecretName }[];
  resources: {
    redis?: { memoryGB: number; highAvailability: boolean };
    postgreSQL?: PostgreSQLSpec;
    bigQueryDataset?: BigQueryDatasetSpec;
  };
  alerting: { opsgenie: boolean };
  /** Service-level objectives: the category's, changed by the spec's `objectives` block. */
  objectives: EnvironmentObjectives;
  allowDestroys: boolean;
  /** True when this environment is the final stage of the rollout (the pipeline lives here). */
  isFinalRolloutStage: boolean;
}

/** An objective the spec may change or disable. */
export type ObjectiveKey = 'availability' | 'latency' | 'executions';

/**
 * The objectives of one environment, only those that apply to the service's kind (services:
 * availability and latency; jobs: executions). Percents, not fractions.
 */
export interface EnvironmentObjectives {
  periodDays: number;
  availability?: { percent: number };
  latency?: { percent: number; thresholdMs: number };
  executions?: { percent: number };
  /** What the spec changed against the category's objectives, in key order. */
  changed: ('periodDays' | ObjectiveKey)[];
  /** Why the spec relaxes the category's objectives, when it does. */
  reason?: string;
}

export type DeploySpec =
  | { type: 'manual'; tag: string }
  | { type: 'subscription'; tag: string }
  | { type: 'rollout'; initialTag: string };

export interface DomainSpec {
  type: 'cloudflare';
  subdomain: string;
  zone: string;
  /** `<subdomain>.<zone>` */
  dnsName: string;
  proxied: boolean;
  loadBalancerLogging: boolean;
}

interface HealthProbesSpec {
  healthzProbes: boolean;
  timeout: number;
  startupInterval: number;
  livenessInterval: number;
}

/** `public`: allUsers may invoke. `iam`: only explicit IAM. `domain`: the organisation's domain. */
type AuthenticationSpec = { mode: 'public' } | { mode: 'iam' } | { mode: 'domain' };

/** A Secret Manager secret: in the environment's project, or another (`projects/p/secrets/s`). */
export interface SecretName {
  /** As written in the spec. */
  raw: string;
  /** Project, when another project's secret is referenced. */
  project?: string;
  secret: string;
}

export interface PostgreSQLSpec {
  databases: string[];
  cpu: number;
  memoryGB: number;
  /** undefined: Cloud SQL default (alerting assumes 100) */
  maxConnections?: number;
  highAvailability: boolean;
  logicalReplication?: { publications: { name: string; database: string; tables: string[] }[] };
}

interface BigQueryDatasetSpec {
  datasetID: string;
  projectID: string;
  tables: {
    id: string /** schema file name next to the spec */;
    schemaFile: string;
    schema: BigQueryColumn[];
  }[];
}

export interface BigQueryColumn {
  name: string;
  type: string;
  mode?: string;
  description?: string;
  fields?: BigQueryColumn[];
}

interface MonitoringSpec {
  responseCodeRatios: {
    id: string;
    name: string;
    description?: string;
    code?: number;
    codeClass?: string;
    excludeCodes: string[];
    durationMinutes: number;
    ratio: number;
  }[];
  customAlerts: {
    /** derived: lower-cased name with spaces as `-` */
    id: string;
    name: string;
    description?: string;
    severityLevel: 'WARNING' | 'CRITICAL';
    condition: { type: 'mql' | 'promql'; query: string; durationMinutes: number };
  }[];
  nobl9: boolean;
}

interface RolloutSpec {
  /** Environment IDs in delivery order. */
  stages: string[];
  suspended: boolean;
  serviceAccount?: string;
  initialImageTag: string;
  /** The environment that hosts the pipeline (last stage). */
  finalStage: string;
}

/** Reserved env var names the platform injects. */
export const RESERVED_ENV = [
  'GOOGLE_CLOUD_PROJECT',
  'DIAGNOSTICS_SECRET',
  'ENVIRONMENT_ID',
  'MSP',
  'SENTRY_DSN',
  'SSL_CERT_DIR',
  'EXTERNAL_DNS_NAME',
  'REDIS_ENDPOINT',
  'PGINSTANCE',
  'PGUSER',
  'BIGQUERY_PROJECT_ID',
  'BIGQUERY_DATASET_ID',
  'JOB_EXECUTION_CRON_SCHEDULE',
  'JOB_EXECUTION_DEADLINE',
  'PORT',
  'K_SERVICE',
  'K_REVISION',
  'K_CONFIGURATION',
  'CLOUD_RUN_JOB',
  'CLOUD_RUN_EXECUTION',
  'CLOUD_RUN_TASK_INDEX',
  'CLOUD_RUN_TASK_ATTEMPT',
  'CLOUD_RUN_TASK_COUNT',
];
