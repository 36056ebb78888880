import { type Diagnostic, error, type KeyPath, warning } from '../diagnostics/diagnostic.ts';
import {
  CURATED_KINDS,
  type CuratedRole,
  type CuratedRoleKind,
  curatedKind,
  DEFAULT_ACCESS_ROLES,
  DEFAULT_CURATED_ROLES,
  DEFAULT_ELEVATED_ROLES,
  DEFAULT_IMPERSONATION,
  FORBIDDEN_PERMISSIONS,
  forbiddenRoleReason,
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
import { platformPlaceholders } from './placeholders.ts';
import type { RawNotificationChannel, RawPlatformConfig } from './schema.ts';

const perCat = <T>(given: Partial<Record<Category, T | undefined>> | undefined, dflt: Record<Category, T>) =>
  Object.fromEntries(CATEGORIES.map((c) => [c, given?.[c] ?? dflt[c]])) as Record<Category, T>;

/**
 * Applies defaults and checks the cross-field rules of a shape-valid platform config.
 * Returns diagnostics with key paths (the caller adds positions); the value is returned even
 * with errors so that callers can keep going, but must not be used to generate.
 */
export function resolvePlatform(
  raw: RawPlatformConfig,
  source: string,
): { value: PlatformConfig; diagnostics: Diagnostic[] } {
  const diags: Diagnostic[] = [];
  const b = raw.terraform.backend;
  const pattern = b.workspacePattern ?? DEFAULT_WORKSPACE_PATTERN;
  let backend: Backend;
  if (b.type === 'cloud') {
    if (!b.organization)
      diags.push(
        error(
          'PLATFORM_MISSING_KEY',
          'Backend `cloud` needs `organization`',
          ['terraform', 'backend', 'organization'],
          {
            hint: 'Set the Terraform Cloud organisation name.',
          },
        ),
      );
    backend = {
      type: 'cloud',
      hostname: b.hostname ?? 'app.terraform.io',
      organization: b.organization ?? '',
      workspacePattern: pattern,
    };
  } else if (b.type === 'gcs') {
    if (!b.bucket)
      diags.push(
        error('PLATFORM_MISSING_KEY', 'Backend `gcs` needs `bucket`', ['terraform', 'backend', 'bucket']),
      );
    backend = { type: 'gcs', bucket: b.bucket ?? '', prefix: b.prefix ?? 'msp', workspacePattern: pattern };
  } else backend = { type: 'local', workspacePattern: pattern };
  for (const key of ['hostname', 'organization', 'bucket', 'prefix'] as const) {
    const allowed =
      b.type === 'cloud' ? ['hostname', 'organization'] : b.type === 'gcs' ? ['bucket', 'prefix'] : [];
    if (b[key] !== undefined && !allowed.includes(key))
      diags.push(
        error(
          'PLATFORM_UNUSED_KEY',
          `\`${key}\` does not apply to backend \`${b.type}\``,
          ['terraform', 'backend', key],
          {
            hint: `Remove it, or change \`type\`.`,
          },
        ),
      );
  }
  for (const token of ['{service}', '{env}', '{stack}'])
    if (!pattern.includes(token))
      diags.push(
        error(
          'PLATFORM_INVALID_VALUE',
          `Workspace pattern must contain ${token}`,
          ['terraform', 'backend', 'workspacePattern'],
          {
            found: pattern,
            detail: 'Every stack of every environment needs its own workspace or state.',
          },
        ),
      );

  for (const c of CATEGORIES) {
    const f = raw.gcp.folders[c];
    if (f === undefined)
      diags.push(
        error('PLATFORM_MISSING_KEY', `No folder for category \`${c}\``, ['gcp', 'folders'], {
          hint: `Add \`${c}: folders/<id>\`.`,
        }),
      );
    else if (!/^folders\/\d+$/.test(f))
      diags.push(
        error('PLATFORM_INVALID_VALUE', 'Folder must look like `folders/<number>`', ['gcp', 'folders', c], {
          found: f,
        }),
      );
  }
  if (!/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/.test(raw.gcp.billingAccount))
    diags.push(
      error(
        'PLATFORM_INVALID_VALUE',
        'Billing account must look like `XXXXXX-XXXXXX-XXXXXX` (hex)',
        ['gcp', 'billingAccount'],
        {
          found: raw.gcp.billingAccount,
        },
      ),
    );

  const regions = raw.gcp.regions ?? DEFAULT_REGIONS;
  const defaultRegion = raw.gcp.defaultRegion ?? regions[0] ?? 'us-central1';
  if (!regions.includes(defaultRegion))
    diags.push(
      error('PLATFORM_INVALID_VALUE', `Default region "${defaultRegion}" is not in \`gcp.regions\``, [
        'gcp',
        'defaultRegion',
      ]),
    );
  const locations = raw.gcp.locations ?? ['us', 'europe'];
  const defaultLocation = raw.gcp.defaultLocation ?? 'US';

  const access = raw.access;
  if (!/^(group|user|serviceAccount|domain):/.test(access.engineersGroup))
    diags.push(
      error(
        'PLATFORM_INVALID_VALUE',
        'Engineers group must be an IAM member like `group:eng@acme.com`',
        ['access', 'engineersGroup'],
        {
          found: access.engineersGroup,
        },
      ),
    );
  const requestUrl = access.elevated?.requestUrl ?? '';
  if (access.elevated && !requestUrl.includes('{project}'))
    diags.push(
      error(
        'PLATFORM_INVALID_VALUE',
        'Request URL template should contain `{project}`',
        ['access', 'elevated', 'requestUrl'],
        {
          hint: 'Requests must say which project they are for: add `{project}` (and `{role}`).',
        },
      ),
    );

  const seen = new Map<string, string>();
  const channels = (raw.notifications?.channels ?? []).map((c, i) =>
    resolveChannel(c, ['notifications', 'channels', i], seen, diags),
  );
  const teams = resolveOwnerTeams(raw, seen, diags);
  const curatedRoles = resolveCuratedRoles(raw, diags);
  const roles = perCat(access.roles, DEFAULT_ACCESS_ROLES);
  const elevatedRoles = perCat(access.elevated?.roles, DEFAULT_ELEVATED_ROLES);
  for (const c of CATEGORIES) {
    checkRoleList(roles[c], ['access', 'roles', c], access.roles?.[c] !== undefined, diags);
    checkRoleList(
      elevatedRoles[c],
      ['access', 'elevated', 'roles', c],
      access.elevated?.roles?.[c] !== undefined,
      diags,
    );
  }

  checkChannelExposure(
    channels,
    Object.values(teams).flatMap((t) => t.alerting.channels),
    curatedRoles,
    roles,
    diags,
  );

  const objectives = resolveObjectiveSets(raw.objectives);
  diags.push(...objectives.diagnostics);

  const repoWeb =
    raw.links?.repository ??
    `https://github.com/${raw.terraform.vcs?.repo ?? 'example-org/managed-services'}`;
  const value: PlatformConfig = {
    source,
    organization: { name: raw.organization.name, domain: raw.organization.domain ?? 'example.com' },
    gcp: {
      billingAccount: raw.gcp.billingAccount,
      folders: perCat(raw.gcp.folders, { test: '', internal: '', external: '' }),
      regions,
      defaultRegion,
      defaultLocation,
      locations: locations.map((l) => l.toLowerCase()),
    },
    terraform: {
      version: raw.terraform.version ?? DEFAULT_TERRAFORM_VERSION,
      backend,
      vcs: {
        repo: raw.terraform.vcs?.repo ?? 'example-org/managed-services',
        branch: raw.terraform.vcs?.branch ?? 'main',
        ...(raw.terraform.vcs?.oauthTokenId ? { oauthTokenId: raw.terraform.vcs.oauthTokenId } : {}),
      },
      runnerServiceAccount:
        raw.terraform.runnerServiceAccount ??
        `terraform-runner@${slug(raw.organization.name)}-ci.iam.gserviceaccount.com`,
      ...(raw.terraform.notificationUrl ? { notificationUrl: raw.terraform.notificationUrl } : {}),
      cloud: resolveTerraformCloud(raw, diags),
      dynamicCredentials: resolveDynamicCredentials(raw, diags),
    },
    teams,
    access: {
      engineersGroup: access.engineersGroup,
      curatedRoles,
      roles,
      impersonation: perCat(access.impersonation, DEFAULT_IMPERSONATION),
      elevated: {
        requestUrl,
        durations: perCat(access.elevated?.durations, DEFAULT_DURATIONS),
        roles: elevatedRoles,
      },
    },
    notificationChannels: channels,
    objectives: objectives.value,
    placeholders: [],
    allowPlaceholders: raw.allowPlaceholders ?? false,
    cloudflare: {
      ...(raw.cloudflare?.zones ? { zones: raw.cloudflare.zones } : {}),
      ...(raw.cloudflare?.apiToken ? { apiToken: raw.cloudflare.apiToken } : {}),
      ...(raw.cloudflare?.originCertificate ? { originCertificate: raw.cloudflare.originCertificate } : {}),
    },
    sentry: raw.sentry?.dsn ? { dsn: raw.sentry.dsn } : {},
    links: {
      repository: repoWeb,
      ...(raw.links?.docs ? { docs: raw.links.docs } : {}),
      ...(raw.links?.runbook ? { runbook: raw.links.runbook } : {}),
    },
  };
  value.placeholders = platformPlaceholders(raw, value);
  return { value, diagnostics: diags };
}

/** Checks one notification channel (platform-wide or a team's) and applies its defaults. */
function resolveChannel(
  c: RawNotificationChannel,
  path: KeyPath,
  seen: Map<string, string>,
  diags: Diagnostic[],
): NotificationChannel {
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(c.id))
    diags.push(
      error(
        'PLATFORM_INVALID_VALUE',
        'Channel id must be lowercase letters, digits and hyphens',
        [...path, 'id'],
        {
          found: c.id,
        },
      ),
    );
  const where = path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .slice(1);
  const first = seen.get(c.id);
  if (first !== undefined)
    diags.push(
      error('PLATFORM_DUPLICATE', `Channel id "${c.id}" is already used by ${first}`, [...path, 'id'], {
        detail: 'Channel ids name Terraform resources; platform-wide and team channels share one namespace.',
      }),
    );
  else seen.set(c.id, where);
  if (c.severities.length === 0)
    diags.push(
      error('PLATFORM_INVALID_VALUE', 'A channel must receive at least one severity', [
        ...path,
        'severities',
      ]),
    );
  const needs: Record<string, [string, string] | undefined> = {
    email: ['labels', 'email_address'],
    slack: ['labels', 'channel_name'],
    webhook_tokenauth: ['labels', 'url'],
    webhook_basicauth: ['labels', 'url'],
    pubsub: ['labels', 'topic'],
    sms: ['labels', 'number'],
  };
  const need = needs[c.type];
  if (need && !c.labels?.[need[1]])
    diags.push(
      error(
        'PLATFORM_MISSING_KEY',
        `Channel type \`${c.type}\` needs label \`${need[1]}\``,
        [...path, 'labels'],
        {
          hint: `Add \`labels: { ${need[1]}: ... }\`.`,
        },
      ),
    );
  if (c.type === 'slack' && !c.sensitiveLabels?.authToken)
    diags.push(
      error('PLATFORM_MISSING_KEY', 'Slack channels need `sensitiveLabels.authToken`', [
        ...path,
        'sensitiveLabels',
      ]),
    );
  if (c.type === 'pagerduty' && !c.sensitiveLabels?.serviceKey)
    diags.push(
      error('PLATFORM_MISSING_KEY', 'PagerDuty channels need `sensitiveLabels.serviceKey`', [
        ...path,
        'sensitiveLabels',
      ]),
    );
  for (const secretKey of ['auth_token', 'service_key', 'password'])
    if (c.labels?.[secretKey] !== undefined)
      diags.push(
        error(
          'PLATFORM_SECRET_IN_CONFIG',
          `Label \`${secretKey}\` is a secret and must not be written in the config`,
          [...path, 'labels', secretKey],
          { hint: 'Move it to Secret Manager and reference it under `sensitiveLabels`.' },
        ),
      );
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

/** The curated roles with overrides applied; forbidden permissions are errors. */
function resolveCuratedRoles(
  raw: RawPlatformConfig,
  diags: Diagnostic[],
): Record<Category, Record<CuratedRoleKind, CuratedRole>> {
  const out = {} as Record<Category, Record<CuratedRoleKind, CuratedRole>>;
  for (const c of CATEGORIES) {
    const byKind = {} as Record<CuratedRoleKind, CuratedRole>;
    for (const k of CURATED_KINDS) {
      const dflt = DEFAULT_CURATED_ROLES[c][k];
      const given = raw.access.curatedRoles?.[c]?.[k];
      if (!given) {
        byKind[k] = dflt;
        continue;
      }
      const path = ['access', 'curatedRoles', c, k];
      given.permissions.forEach((perm, i) => {
        const why = FORBIDDEN_PERMISSIONS[perm];
        if (why)
          diags.push(
            error(
              'PLATFORM_FORBIDDEN_PERMISSION',
              `Permission \`${perm}\` may not be in a curated role`,
              [...path, 'permissions', i],
              {
                detail: `It ${why}. No grant, standing or elevated, may let a person create a credential that outlives it or undo the access rules.`,
                hint: 'Remove it. Acting as or impersonating a service account is granted on that account only (see `access.impersonation`).',
              },
            ),
          );
        else if (!/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*){2}$/.test(perm))
          diags.push(
            error(
              'PLATFORM_INVALID_VALUE',
              'A permission looks like `service.resource.verb`',
              [...path, 'permissions', i],
              {
                found: perm,
              },
            ),
          );
      });
      if (given.permissions.length === 0)
        diags.push(
          error('PLATFORM_INVALID_VALUE', 'A curated role needs at least one permission', [
            ...path,
            'permissions',
          ]),
        );
      byKind[k] = {
        title: given.title ?? dflt.title,
        description: given.description ?? dflt.description,
        permissions: [...new Set(given.permissions)].sort(),
      };
    }
    out[c] = byKind;
  }
  return out;
}

/** Role lists may name curated roles and predefined or custom roles, never basic or forbidden ones. */
function checkRoleList(roles: readonly string[], path: KeyPath, given: boolean, diags: Diagnostic[]): void {
  if (!given) return;
  roles.forEach((role, i) => {
    if (role.startsWith('msp:') && !curatedKind(role)) {
      diags.push(
        error('PLATFORM_INVALID_VALUE', `Unknown curated role \`${role}\``, [...path, i], {
          expected: '`msp:reader` or `msp:editor`',
        }),
      );
      return;
    }
    const why = forbiddenRoleReason(role);
    if (why)
      diags.push(
        error('PLATFORM_FORBIDDEN_ROLE', `Role \`${role}\` may not be granted to people`, [...path, i], {
          detail: `It ${why}. Roles are curated: no basic roles, nothing that creates service-account keys or rewrites IAM, and service-account use only on named accounts.`,
          hint: 'Use `msp:reader` or `msp:editor` (the curated roles, see `access.curatedRoles`) or a narrower predefined role.',
        }),
      );
    else if (
      !/^(roles\/[A-Za-z0-9_.]+|projects\/[^/]+\/roles\/[A-Za-z0-9_.]+|organizations\/\d+\/roles\/[A-Za-z0-9_.]+|msp:(reader|editor))$/.test(
        role,
      )
    )
      diags.push(
        error('PLATFORM_INVALID_VALUE', 'Not an IAM role name', [...path, i], {
          found: role,
          expected: '`roles/<name>`, `organizations/<id>/roles/<name>`, `msp:reader` or `msp:editor`',
        }),
      );
  });
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'org'
  );
}

/** Terraform Cloud team names: letters, digits, `-` and `_` (Terraform Cloud's rule). */
const TFC_TEAM_NAME = /^[A-Za-z0-9_-]{1,90}$/;

function checkTeamName(name: string, path: (string | number)[], diags: Diagnostic[]): void {
  if (!TFC_TEAM_NAME.test(name))
    diags.push(
      error('PLATFORM_INVALID_VALUE', 'Terraform Cloud team names use letters, digits, `-` and `_`', path, {
        found: name,
        hint: 'Rename the team, e.g. `platform-operators`.',
      }),
    );
  else if (name === 'owners')
    diags.push(
      error('PLATFORM_INVALID_VALUE', 'The `owners` team cannot be managed by the platform output', path, {
        detail:
          "Terraform Cloud's owners team already has every permission and cannot be given project access.",
        hint: 'Name a team of its own, e.g. `platform-operators`.',
      }),
    );
}

function resolveTerraformCloud(raw: RawPlatformConfig, diags: Diagnostic[]): TerraformCloudSettings {
  const given = raw.terraform.cloud;
  const teams = {
    ...DEFAULT_TFC.teams,
    ...Object.fromEntries(Object.entries(given?.teams ?? {}).filter(([, v]) => v !== undefined)),
  };
  for (const [role, name] of Object.entries(teams))
    checkTeamName(name, ['terraform', 'cloud', 'teams', role], diags);
  const roles = Object.entries(teams);
  for (let i = 0; i < roles.length; i++)
    for (let j = 0; j < i; j++)
      if (roles[i]![1] === roles[j]![1])
        diags.push(
          error(
            'PLATFORM_DUPLICATE',
            `Team "${roles[i]![1]}" is both \`${roles[j]![0]}\` and \`${roles[i]![0]}\``,
            ['terraform', 'cloud', 'teams', roles[i]![0]],
            { hint: 'Each role needs its own team: their rights differ.' },
          ),
        );
  const project = given?.project ?? DEFAULT_TFC.project;
  if (!/^[A-Za-z0-9 _-]{3,40}$/.test(project))
    diags.push(
      error(
        'PLATFORM_INVALID_VALUE',
        'Terraform Cloud project names are 3–40 letters, digits, spaces, `-` or `_`',
        ['terraform', 'cloud', 'project'],
        { found: project },
      ),
    );
  return { project, teams };
}

function resolveDynamicCredentials(raw: RawPlatformConfig, diags: Diagnostic[]): DynamicCredentials {
  const given = raw.terraform.dynamicCredentials;
  const path = ['terraform', 'dynamicCredentials'];
  if (given?.projectNumber !== undefined && !/^[1-9]\d{5,18}$/.test(given.projectNumber))
    diags.push(
      error('PLATFORM_INVALID_VALUE', 'A project number is digits only', [...path, 'projectNumber'], {
        found: given.projectNumber,
        hint: "Find it with `gcloud projects describe <project> --format='value(projectNumber)'`.",
      }),
    );
  const poolId = given?.poolId ?? DEFAULT_WORKLOAD_IDENTITY_ID;
  const providerId = given?.providerId ?? DEFAULT_WORKLOAD_IDENTITY_ID;
  for (const [key, v] of [
    ['poolId', poolId],
    ['providerId', providerId],
  ] as const)
    if (!/^[a-z][a-z0-9-]{2,30}[a-z0-9]$/.test(v) || v.startsWith('gcp-'))
      diags.push(
        error(
          'PLATFORM_INVALID_VALUE',
          'Workload identity IDs are 4–32 lowercase letters, digits and `-`',
          [...path, key],
          {
            found: v,
            detail: 'They start with a letter, do not end with `-` and may not start with `gcp-`.',
          },
        ),
      );
  const runner = raw.terraform.runnerServiceAccount;
  if (runner !== undefined && !RUNNER_EMAIL.test(runner))
    diags.push(
      error(
        'PLATFORM_INVALID_VALUE',
        'The runner must be a service account `<id>@<project>.iam.gserviceaccount.com`',
        ['terraform', 'runnerServiceAccount'],
        {
          found: runner,
          detail:
            'The platform output creates this account in that project and lets Terraform Cloud runs act as it.',
        },
      ),
    );
  return { ...(given?.projectNumber ? { projectNumber: given.projectNumber } : {}), poolId, providerId };
}

/** A user-managed service account email: account ID (6–30) and project. */
export const RUNNER_EMAIL =
  /^([a-z][a-z0-9-]{4,28}[a-z0-9])@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/;

function resolveOwnerTeams(
  raw: RawPlatformConfig,
  seenChannels: Map<string, string>,
  diags: Diagnostic[],
): Record<string, OwnerTeam> {
  const out: Record<string, OwnerTeam> = {};
  for (const owner of Object.keys(raw.teams ?? {}).sort()) {
    const t = raw.teams![owner]!;
    if (t.terraformCloud !== undefined)
      checkTeamName(t.terraformCloud, ['teams', owner, 'terraformCloud'], diags);
    out[owner] = {
      ...(t.terraformCloud !== undefined ? { terraformCloud: t.terraformCloud } : {}),
      alerting: {
        channels: (t.alerting?.channels ?? []).map((c, i) => ({
          ...resolveChannel(c, ['teams', owner, 'alerting', 'channels', i], seenChannels, diags),
          team: owner,
        })),
      },
    };
  }
  return out;
}

/** Roles that let a holder list notification channels and read their plain labels. */
const CHANNEL_READERS = [
  'roles/monitoring.viewer',
  'roles/monitoring.editor',
  'roles/monitoring.admin',
  'roles/monitoring.notificationChannelViewer',
  'roles/monitoring.notificationChannelEditor',
];

/**
 * Warns when a channel that keeps its secret in a plain label (`webhook_tokenauth`: the token is
 * in the URL) serves external environments whose engineers can list notification channels.
 */
function checkChannelExposure(
  platformChannels: readonly NotificationChannel[],
  teamChannels: readonly NotificationChannel[],
  curated: Record<Category, Record<CuratedRoleKind, CuratedRole>>,
  roles: Record<Category, string[]>,
  diags: Diagnostic[],
): void {
  const exposed = [...platformChannels, ...teamChannels].filter(
    (c) => c.type === 'webhook_tokenauth' && c.categories.includes('external'),
  );
  if (exposed.length === 0) return;
  const lists = (role: string) => {
    const kind = curatedKind(role);
    return kind
      ? curated.external[kind].permissions.some((p) => p.startsWith('monitoring.notificationChannels.'))
      : CHANNEL_READERS.includes(role);
  };
  // Standing readers only: an elevated grant is time-boxed and asked for.
  const standing = roles.external.filter(lists);
  if (standing.length === 0) return;
  diags.push(
    warning(
      'PLATFORM_CHANNEL_SECRET_VISIBLE',
      `External engineers can read the plain-label secret of ${exposed.map((c) => `"${c.id}"`).join(', ')}`,
      ['access', 'roles', 'external'],
      {
        detail: `\`webhook_tokenauth\` channels keep their token in the \`url\` label, which ${standing.join(', ')} can list.`,
        hint: 'Use a channel type with a sensitive label (pagerduty, slack, webhook_basicauth) for external environments, or keep notification-channel permissions out of the external roles.',
      },
    ),
  );
}
