/**
 * The resolved platform config: every default applied, consumed by validation, stacks and docs.
 * Defaults are written down here and in docs/platform-config.md.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { CuratedRole, CuratedRoleKind, ImpersonationMode } from './access.ts';
import type { RawNotificationChannel, RawPlatformConfig } from './schema.ts';

export { DEFAULT_ACCESS_ROLES } from './access.ts';

export type Category = 'test' | 'internal' | 'external';
export type Severity = 'WARNING' | 'CRITICAL';
export const CATEGORIES: readonly Category[] = ['test', 'internal', 'external'];

export interface SecretRef {
  project: string;
  secret: string;
}

export interface NotificationChannel {
  id: string;
  displayName: string;
  type: RawNotificationChannel['type'];
  labels: Record<string, string>;
  sensitiveLabels: { authToken?: SecretRef; serviceKey?: SecretRef; password?: SecretRef };
  severities: Severity[];
  categories: Category[];
  paging: boolean;
  /** The owner team that declared it (`teams.<owner>.alerting.channels`), or undefined for platform-wide channels. */
  team?: string;
}

export interface TerraformCloudSettings {
  /** Terraform Cloud project holding the platform workspaces. */
  project: string;
  teams: {
    /** Write on every workspace, the platform's own included. */
    operators: string;
    /** Read on every service workspace. */
    readers: string;
    /** The team whose token each environment's `tfcworkspaces` workspace runs with. */
    workspaceManagers: string;
  };
}

/** Workload identity federation for Terraform runs (no long-lived key). */
export interface DynamicCredentials {
  /** Number of the runner's project; absent: the platform output cannot be generated. */
  projectNumber?: string;
  poolId: string;
  providerId: string;
}

/** An owner team's settings (`teams.<owner>` in platform.yaml). */
export interface OwnerTeam {
  /** Terraform Cloud team with write access to the owner's service workspaces. */
  terraformCloud?: string;
  /** The team's notification channels (`teams.<owner>.alerting.channels`), empty when none. */
  alerting: { channels: NotificationChannel[] };
}

/** The objectives of one environment category; absent keys mean no such objective. */
export interface ObjectiveSet {
  /** Rolling compliance period, days (1–30). */
  periodDays: number;
  /** Services: percent of requests answered without a server error (5xx). */
  availability?: number;
  /** Services: percent of requests served within `thresholdMs`. */
  latency?: { percent: number; thresholdMs: number };
  /** Scheduled jobs: percent of executions that succeed. */
  executions?: number;
}

export type Backend =
  | { type: 'cloud'; hostname: string; organization: string; workspacePattern: string }
  | { type: 'gcs'; bucket: string; prefix: string; workspacePattern: string }
  | { type: 'local'; workspacePattern: string };

export interface PlatformConfig {
  /** Where the config came from: a file path, or `built-in defaults`. */
  source: string;
  organization: { name: string; domain: string };
  gcp: {
    billingAccount: string;
    folders: Record<Category, string>;
    regions: string[];
    defaultRegion: string;
    defaultLocation: string;
    locations: string[];
  };
  terraform: {
    version: string;
    backend: Backend;
    vcs: { repo: string; branch: string; oauthTokenId?: string };
    runnerServiceAccount: string;
    notificationUrl?: string;
    /** Terraform Cloud project and teams of the platform output (used with backend `cloud`). */
    cloud: TerraformCloudSettings;
    dynamicCredentials: DynamicCredentials;
  };
  /** Per owner team, keyed by the names used in `service.owners`. */
  teams: Record<string, OwnerTeam>;
  access: {
    engineersGroup: string;
    /** The reader and editor custom roles created in each environment project, by category. */
    curatedRoles: Record<Category, Record<CuratedRoleKind, CuratedRole>>;
    /** Standing roles; `msp:reader` / `msp:editor` name the curated roles. */
    roles: Record<Category, string[]>;
    /** Impersonating the operator-access account (`msp pg connect`): standing, requestable or none. */
    impersonation: Record<Category, ImpersonationMode>;
    elevated: {
      requestUrl: string;
      durations: Record<Category, string>;
      roles: Record<Category, string[]>;
    };
  };
  /** Platform-wide channels: the fallback for services whose owners declare none. */
  notificationChannels: NotificationChannel[];
  /** Service-level objectives by category (docs/slo.md). */
  objectives: Record<Category, ObjectiveSet>;
  /**
   * Built-in placeholder values and `TODO`s in use, as warnings with key paths
   * (`platform.yaml` keys): `msp generate` refuses them unless {@link allowPlaceholders}.
   */
  placeholders: Diagnostic[];
  /** `allowPlaceholders: true` in platform.yaml, or `msp generate --allow-placeholders`. */
  allowPlaceholders: boolean;
  cloudflare: {
    zones?: string[];
    apiToken?: SecretRef;
    /** Origin certificate for proxied domains; absent: secrets in each environment project. */
    originCertificate?: { certificate: SecretRef; privateKey: SecretRef };
  };
  sentry: { dsn?: SecretRef };
  links: { repository: string; docs?: string; runbook?: string };
}

/** MSP's region list, the default allow-list. */
export const DEFAULT_REGIONS = [
  'us-central1',
  'us-west1',
  'asia-northeast1',
  'australia-southeast1',
  'europe-west2',
  'europe-west3',
  'northamerica-northeast1',
];

export const DEFAULT_DURATIONS: Record<Category, string> = { test: '24h', internal: '8h', external: '2h' };

/** Rolling compliance period of the objectives, days, when the platform config names none. */
export const DEFAULT_OBJECTIVE_PERIOD_DAYS = 28;

/**
 * Objectives by category (docs/slo.md): external services are held to a very high bar,
 * internal ones matter but less, test ones are best effort.
 */
export const DEFAULT_OBJECTIVES: Record<Category, ObjectiveSet> = {
  test: { periodDays: DEFAULT_OBJECTIVE_PERIOD_DAYS },
  internal: { periodDays: DEFAULT_OBJECTIVE_PERIOD_DAYS, availability: 99.5, executions: 95 },
  external: {
    periodDays: DEFAULT_OBJECTIVE_PERIOD_DAYS,
    availability: 99.9,
    latency: { percent: 99, thresholdMs: 1000 },
    executions: 99,
  },
};

export const DEFAULT_TERRAFORM_VERSION = '1.7.5';
export const DEFAULT_WORKSPACE_PATTERN = 'msp-{service}-{env}-{stack}';

/** Defaults of the platform output's Terraform Cloud settings (docs/platform-config.md). */
export const DEFAULT_TFC: TerraformCloudSettings = {
  project: 'msp-platform',
  teams: {
    operators: 'msp-platform-operators',
    readers: 'msp-readers',
    workspaceManagers: 'msp-workspace-managers',
  },
};
export const DEFAULT_WORKLOAD_IDENTITY_ID = 'terraform-cloud';

/** The platform config used when none is found: lets the examples and new users run at once. */
export const BUILTIN_PLATFORM: RawPlatformConfig = {
  organization: { name: 'Example Org', domain: 'example.com' },
  gcp: {
    billingAccount: '000000-000000-000000',
    folders: {
      test: 'folders/100000000001',
      internal: 'folders/100000000002',
      external: 'folders/100000000003',
    },
  },
  terraform: {
    backend: { type: 'cloud', organization: 'example-org' },
    vcs: { repo: 'example-org/managed-services' },
    dynamicCredentials: { projectNumber: '100000000000' },
  },
  access: {
    engineersGroup: 'group:engineers@example.com',
    elevated: {
      requestUrl:
        'https://access.example.com/request?project={project}&role={role}&duration={duration}&reason=msp-{service}-{env}',
    },
  },
  notifications: {
    channels: [
      {
        id: 'alerts-email',
        type: 'email',
        labels: { email_address: 'alerts@example.com' },
        severities: ['WARNING', 'CRITICAL'],
      },
      {
        id: 'oncall-pager',
        type: 'pagerduty',
        sensitiveLabels: { serviceKey: { project: 'example-secrets', secret: 'PAGERDUTY_SERVICE_KEY' } },
        severities: ['CRITICAL'],
        categories: ['internal', 'external'],
        paging: true,
      },
    ],
  },
  links: { repository: 'https://github.com/example-org/managed-services' },
};
