/**
 * Platform defaults: the resolved config of a `platform.yaml` the checks (`rules.ts`) accepted,
 * with every omitted value filled in (docs/platform-config.md lists them). Pure and total over
 * shape-valid input; it reports nothing: a value the rules would refuse is copied as given,
 * which is why `parsePlatformConfig` only returns the result when the checks found no error.
 * The small helpers are read by the rules too, so a check sees the value generation will use.
 */
import {
  CURATED_KINDS,
  type CuratedRole,
  type CuratedRoleKind,
  DEFAULT_ACCESS_ROLES,
  DEFAULT_CURATED_ROLES,
  DEFAULT_ELEVATED_ROLES,
  DEFAULT_IMPERSONATION,
} from './access.ts';
import {
  type Backend,
  CATEGORIES,
  type Category,
  DEFAULT_DURATIONS,
  DEFAULT_REGIONS,
  DEFAULT_TERRAFORM_VERSION,
  DEFAULT_TFC,
  DEFAULT_WORKLOAD_IDENTITY_ID,
  DEFAULT_WORKSPACE_PATTERN,
  type DynamicCredentials,
  type NotificationChannel,
  type OwnerTeam,
  type PlatformConfig,
  type TerraformCloudSettings,
} from './model.ts';
import { resolveObjectiveSets } from './objectives.ts';
import type { RawNotificationChannel, RawPlatformConfig } from './schema.ts';

/** The repository named when the config names none (a placeholder). */
const DEFAULT_VCS_REPO = 'example-org/managed-services';

const perCat = <T>(given: Partial<Record<Category, T | undefined>> | undefined, dflt: Record<Category, T>) =>
  Object.fromEntries(CATEGORIES.map((c) => [c, given?.[c] ?? dflt[c]])) as Record<Category, T>;

/** The workspace (or state) name pattern. */
export const workspacePatternOf = (raw: RawPlatformConfig): string =>
  raw.terraform.backend.workspacePattern ?? DEFAULT_WORKSPACE_PATTERN;

/** The allowed regions and the default one (the first allowed when none is named). */
export function regionsOf(raw: RawPlatformConfig): { regions: string[]; defaultRegion: string } {
  const regions = raw.gcp.regions ?? DEFAULT_REGIONS;
  return { regions, defaultRegion: raw.gcp.defaultRegion ?? regions[0] ?? 'us-central1' };
}

/** Standing roles engineers get, per category. */
export const accessRolesOf = (raw: RawPlatformConfig): Record<Category, string[]> =>
  perCat(raw.access.roles, DEFAULT_ACCESS_ROLES);

/** Roles engineers may request, per category. */
const elevatedRolesOf = (raw: RawPlatformConfig): Record<Category, string[]> =>
  perCat(raw.access.elevated?.roles, DEFAULT_ELEVATED_ROLES);

/** The curated roles with the config's overrides applied. */
export function curatedRolesOf(
  raw: RawPlatformConfig,
): Record<Category, Record<CuratedRoleKind, CuratedRole>> {
  const out = {} as Record<Category, Record<CuratedRoleKind, CuratedRole>>;
  for (const c of CATEGORIES) {
    const byKind = {} as Record<CuratedRoleKind, CuratedRole>;
    for (const k of CURATED_KINDS) {
      const dflt = DEFAULT_CURATED_ROLES[c][k];
      const given = raw.access.curatedRoles?.[c]?.[k];
      byKind[k] = given
        ? {
            title: given.title ?? dflt.title,
            description: given.description ?? dflt.description,
            permissions: [...new Set(given.permissions)].sort(),
          }
        : dflt;
    }
    out[c] = byKind;
  }
  return out;
}

/** The Terraform Cloud teams of the platform output, by role, defaults merged in. */
export const terraformCloudTeamsOf = (raw: RawPlatformConfig): TerraformCloudSettings['teams'] => ({
  ...DEFAULT_TFC.teams,
  ...Object.fromEntries(Object.entries(raw.terraform.cloud?.teams ?? {}).filter(([, v]) => v !== undefined)),
});

/** The identity that runs Terraform; a made-up account in the organisation's CI project when unset. */
export const runnerServiceAccountOf = (raw: RawPlatformConfig): string =>
  raw.terraform.runnerServiceAccount ??
  `terraform-runner@${slug(raw.organization.name)}-ci.iam.gserviceaccount.com`;

/** The web URL of the fleet repository. */
export const repositoryLinkOf = (raw: RawPlatformConfig): string =>
  raw.links?.repository ?? `https://github.com/${raw.terraform.vcs?.repo ?? DEFAULT_VCS_REPO}`;

/** One notification channel with its defaults. */
export function channelDefaults(c: RawNotificationChannel): NotificationChannel {
  return {
    id: c.id,
    displayName: c.displayName ?? c.id,
    type: c.type,
    labels: c.labels ?? {},
    sensitiveLabels: c.sensitiveLabels ?? {},
    severities: [...new Set(c.severities)],
    categories: c.categories ? [...new Set(c.categories)] : [...CATEGORIES],
    paging: c.paging ?? false,
  };
}

/** Owner teams in name order, their channels tagged with the team. */
function ownerTeamsOf(raw: RawPlatformConfig): Record<string, OwnerTeam> {
  const out: Record<string, OwnerTeam> = {};
  for (const owner of Object.keys(raw.teams ?? {}).sort()) {
    const t = raw.teams![owner]!;
    out[owner] = {
      ...(t.terraformCloud !== undefined ? { terraformCloud: t.terraformCloud } : {}),
      alerting: {
        channels: (t.alerting?.channels ?? []).map((c) => ({ ...channelDefaults(c), team: owner })),
      },
    };
  }
  return out;
}

function backendOf(raw: RawPlatformConfig): Backend {
  const b = raw.terraform.backend;
  const workspacePattern = workspacePatternOf(raw);
  if (b.type === 'cloud')
    return {
      type: 'cloud',
      hostname: b.hostname ?? 'app.terraform.io',
      organization: b.organization ?? '',
      workspacePattern,
    };
  if (b.type === 'gcs')
    return { type: 'gcs', bucket: b.bucket ?? '', prefix: b.prefix ?? 'msp', workspacePattern };
  return { type: 'local', workspacePattern };
}

function dynamicCredentialsOf(raw: RawPlatformConfig): DynamicCredentials {
  const given = raw.terraform.dynamicCredentials;
  return {
    ...(given?.projectNumber ? { projectNumber: given.projectNumber } : {}),
    poolId: given?.poolId ?? DEFAULT_WORKLOAD_IDENTITY_ID,
    providerId: given?.providerId ?? DEFAULT_WORKLOAD_IDENTITY_ID,
  };
}

/**
 * The resolved platform config. `placeholders` is left empty: the caller sets the located
 * placeholder findings (`platformPlaceholders`).
 */
export function platformDefaults(raw: RawPlatformConfig, source: string): PlatformConfig {
  const access = raw.access;
  const { regions, defaultRegion } = regionsOf(raw);
  return {
    source,
    organization: { name: raw.organization.name, domain: raw.organization.domain ?? 'example.com' },
    gcp: {
      billingAccount: raw.gcp.billingAccount,
      folders: perCat(raw.gcp.folders, { test: '', internal: '', external: '' }),
      regions,
      defaultRegion,
      defaultLocation: raw.gcp.defaultLocation ?? 'US',
      locations: (raw.gcp.locations ?? ['us', 'europe']).map((l) => l.toLowerCase()),
    },
    terraform: {
      version: raw.terraform.version ?? DEFAULT_TERRAFORM_VERSION,
      backend: backendOf(raw),
      vcs: {
        repo: raw.terraform.vcs?.repo ?? DEFAULT_VCS_REPO,
        branch: raw.terraform.vcs?.branch ?? 'main',
        ...(raw.terraform.vcs?.oauthTokenId ? { oauthTokenId: raw.terraform.vcs.oauthTokenId } : {}),
      },
      runnerServiceAccount: runnerServiceAccountOf(raw),
      ...(raw.terraform.notificationUrl ? { notificationUrl: raw.terraform.notificationUrl } : {}),
      cloud: {
        project: raw.terraform.cloud?.project ?? DEFAULT_TFC.project,
        teams: terraformCloudTeamsOf(raw),
      },
      dynamicCredentials: dynamicCredentialsOf(raw),
    },
    teams: ownerTeamsOf(raw),
    access: {
      engineersGroup: access.engineersGroup,
      curatedRoles: curatedRolesOf(raw),
      roles: accessRolesOf(raw),
      impersonation: perCat(access.impersonation, DEFAULT_IMPERSONATION),
      elevated: {
        requestUrl: access.elevated?.requestUrl ?? '',
        durations: perCat(access.elevated?.durations, DEFAULT_DURATIONS),
        roles: elevatedRolesOf(raw),
      },
    },
    notificationChannels: (raw.notifications?.channels ?? []).map(channelDefaults),
    objectives: resolveObjectiveSets(raw.objectives).value,
    placeholders: [],
    allowPlaceholders: raw.allowPlaceholders ?? false,
    cloudflare: {
      ...(raw.cloudflare?.zones ? { zones: raw.cloudflare.zones } : {}),
      ...(raw.cloudflare?.apiToken ? { apiToken: raw.cloudflare.apiToken } : {}),
      ...(raw.cloudflare?.originCertificate ? { originCertificate: raw.cloudflare.originCertificate } : {}),
    },
    sentry: raw.sentry?.dsn ? { dsn: raw.sentry.dsn } : {},
    links: {
      repository: repositoryLinkOf(raw),
      ...(raw.links?.docs ? { docs: raw.links.docs } : {}),
      ...(raw.links?.runbook ? { runbook: raw.links.runbook } : {}),
    },
  };
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'org'
  );
}
