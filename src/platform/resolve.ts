import { type Diagnostic, error } from '../diagnostics/diagnostic.ts';
import {
  type Backend,
  CATEGORIES,
  type Category,
  DEFAULT_ACCESS_ROLES,
  DEFAULT_DURATIONS,
  DEFAULT_ELEVATED_ROLES,
  DEFAULT_REGIONS,
  DEFAULT_TERRAFORM_VERSION,
  DEFAULT_WORKSPACE_PATTERN,
  type PlatformConfig,
} from './model.ts';
import type { RawPlatformConfig } from './schema.ts';

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

  const seen = new Map<string, number>();
  const channels = (raw.notifications?.channels ?? []).map((c, i) => {
    const path = ['notifications', 'channels', i];
    if (!/^[a-z][a-z0-9-]{0,40}$/.test(c.id))
      diags.push(
        error(
          'PLATFORM_INVALID_VALUE',
          'Channel id must be lowercase letters, digits and hyphens',
          [...path, 'id'],
          { found: c.id },
        ),
      );
    const first = seen.get(c.id);
    if (first !== undefined)
      diags.push(
        error('PLATFORM_DUPLICATE', `Channel id "${c.id}" is already used by channels[${first}]`, [
          ...path,
          'id',
        ]),
      );
    else seen.set(c.id, i);
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
            {
              hint: 'Move it to Secret Manager and reference it under `sensitiveLabels`.',
            },
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
  });

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
    },
    access: {
      engineersGroup: access.engineersGroup,
      roles: perCat(access.roles, DEFAULT_ACCESS_ROLES),
      elevated: {
        requestUrl,
        durations: perCat(access.elevated?.durations, DEFAULT_DURATIONS),
        roles: perCat(access.elevated?.roles, DEFAULT_ELEVATED_ROLES),
      },
    },
    notificationChannels: channels,
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
  return { value, diagnostics: diags };
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'org'
  );
}
