/**
 * Placeholders: built-in values meant for trying `msp` (billing account, folders, Terraform
 * Cloud organisation, runner account, repository link, example domains and channels) and
 * `TODO`s written by `msp init`. They are warnings at `validate`; `generate` turns them into
 * errors unless the user opts in (`allowPlaceholders: true` in platform.yaml or
 * `msp generate --allow-placeholders`). Documented in docs/platform-config.md ("Placeholders").
 *
 * Platform-wide placeholders are found when the config is read; the ones that matter only
 * for some services (the organisation domain for `authentication`, notification channels of
 * internal/external environments) are found per service by `servicePlaceholders`
 * (`src/pipeline/service-placeholders.ts`).
 */
import { type Diagnostic, type DiagnosticCode, type KeyPath, warning } from '../diagnostics/diagnostic.ts';
import { repositoryLinkOf, runnerServiceAccountOf } from './defaults.ts';
import { BUILTIN_PLATFORM, type NotificationChannel } from './model.ts';
import type { RawPlatformConfig } from './schema.ts';

/** Codes of placeholder warnings; `generate` refuses them unless opted in. */
const PLACEHOLDER_CODES: readonly DiagnosticCode[] = ['PLATFORM_PLACEHOLDER', 'SPEC_TODO'];

/** True for a diagnostic `generate` must refuse unless placeholders are allowed. */
function isPlaceholderDiagnostic(d: Diagnostic): boolean {
  return PLACEHOLDER_CODES.includes(d.code);
}

/**
 * Placeholder warnings as `generate` reports them: errors, unless placeholders are allowed
 * (then they stay warnings).
 */
export function placeholdersForGenerate(diags: readonly Diagnostic[], allow: boolean): Diagnostic[] {
  if (allow) return [...diags];
  return diags.map((d) =>
    isPlaceholderDiagnostic(d)
      ? {
          ...d,
          severity: 'error' as const,
          hint: `${d.hint ?? ''}${d.hint ? ' ' : ''}To generate anyway (a demo fleet), pass \`--allow-placeholders\` or set \`allowPlaceholders: true\` in platform.yaml.`,
        }
      : d,
  );
}

/** A value written by `msp init` for the user to fill in: the word `TODO` anywhere in it. */
function isTodo(value: string): boolean {
  return /(^|[^A-Za-z0-9])TODO([^A-Za-z0-9]|$)/.test(value);
}

/** Domains reserved for examples (RFC 2606 / 6761): never an organisation's real domain. */
export function isExampleDomain(domain: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return (
    /(^|\.)example\.(com|org|net)$/.test(d) ||
    /\.(example|test|invalid|localhost)$/.test(d) ||
    d === 'example'
  );
}

/** `TODO` strings anywhere under `value`, as warnings with their key paths. */
export function findTodos(
  value: unknown,
  code: 'SPEC_TODO' | 'PLATFORM_PLACEHOLDER',
  path: KeyPath = [],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (v: unknown, p: KeyPath) => {
    if (typeof v === 'string') {
      if (isTodo(v))
        out.push(
          warning(code, 'Value still has a `TODO` to fill in', p, {
            found: v.length > 80 ? `${v.slice(0, 77)}...` : v,
            detail:
              '`msp init` writes `TODO` where only you know the value. Generated Terraform must not contain it.',
            hint: 'Replace it with the real value.',
          }),
        );
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, [...p, i]);
      });
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
  };
  walk(value, path);
  return out;
}

const placeholder = (path: KeyPath, message: string, hint: string, found?: string): Diagnostic =>
  warning('PLATFORM_PLACEHOLDER', message, path, {
    detail:
      'Built-in values are for trying msp, not for an organisation: applying them would fail or reach the wrong place.',
    hint,
    ...(found !== undefined ? { found } : {}),
  });

/**
 * Platform-wide placeholders of a shape-valid config (paths are platform.yaml keys); `source` is
 * the file, or `built-in defaults` when there is none.
 */
export function platformPlaceholders(raw: RawPlatformConfig, source: string): Diagnostic[] {
  if (source === 'built-in defaults')
    return [
      warning('PLATFORM_PLACEHOLDER', 'No platform.yaml: the built-in placeholder settings are in use', [], {
        file: 'platform.yaml (not found)',
        detail:
          'The built-in settings use a placeholder billing account, folders, Terraform Cloud organisation, runner account, repository, engineers group and example notification channels.',
        hint: 'Create platform.yaml at the fleet root (see docs/platform-config.md) with `gcp.billingAccount`, `gcp.folders`, `terraform.backend.organization`, `terraform.runnerServiceAccount`, `links.repository`, `access.engineersGroup` and `notifications.channels`.',
      }),
    ];
  const out: Diagnostic[] = [];
  const b = BUILTIN_PLATFORM;
  if (raw.gcp.billingAccount === b.gcp.billingAccount)
    out.push(
      placeholder(
        ['gcp', 'billingAccount'],
        'Billing account is the built-in placeholder',
        'Set `gcp.billingAccount` to your billing account ID.',
        raw.gcp.billingAccount,
      ),
    );
  for (const c of ['test', 'internal', 'external'] as const)
    if (raw.gcp.folders[c] !== undefined && raw.gcp.folders[c] === b.gcp.folders[c])
      out.push(
        placeholder(
          ['gcp', 'folders', c],
          `Folder for \`${c}\` is the built-in placeholder`,
          `Set \`gcp.folders.${c}\` to your folder.`,
          raw.gcp.folders[c],
        ),
      );
  const be = raw.terraform.backend;
  if (
    be.type === 'cloud' &&
    be.organization === (b.terraform.backend as { organization?: string }).organization
  )
    out.push(
      placeholder(
        ['terraform', 'backend', 'organization'],
        'Terraform Cloud organisation is the built-in placeholder',
        'Set `terraform.backend.organization` to your organisation.',
        be.organization,
      ),
    );
  if (raw.terraform.runnerServiceAccount === undefined)
    out.push(
      placeholder(
        ['terraform', 'runnerServiceAccount'],
        'No runner account: a made-up default is in use',
        'Set `terraform.runnerServiceAccount` to the service account that runs Terraform.',
        runnerServiceAccountOf(raw),
      ),
    );
  if (raw.links?.repository === undefined && raw.terraform.vcs?.repo === undefined)
    out.push(
      placeholder(
        ['links', 'repository'],
        'No repository link: a made-up default is in use',
        'Set `links.repository` (or `terraform.vcs.repo`) to your fleet repository.',
        repositoryLinkOf(raw),
      ),
    );
  else if (raw.terraform.vcs?.repo === b.terraform.vcs?.repo)
    out.push(
      placeholder(
        ['terraform', 'vcs', 'repo'],
        'Repository is the built-in placeholder',
        'Set `terraform.vcs.repo` to your fleet repository.',
        raw.terraform.vcs?.repo,
      ),
    );
  const projectNumber = raw.terraform.dynamicCredentials?.projectNumber;
  if (projectNumber !== undefined && projectNumber === b.terraform.dynamicCredentials?.projectNumber)
    out.push(
      placeholder(
        ['terraform', 'dynamicCredentials', 'projectNumber'],
        'Runner project number is the built-in placeholder',
        "Set `terraform.dynamicCredentials.projectNumber` to the number of the runner's project (`gcloud projects describe <project> --format='value(projectNumber)'`).",
        projectNumber,
      ),
    );
  const group = raw.access.engineersGroup;
  const at = group.lastIndexOf('@');
  if (at >= 0 && isExampleDomain(group.slice(at + 1)))
    out.push(
      placeholder(
        ['access', 'engineersGroup'],
        'Engineers group is in an example domain',
        'Set `access.engineersGroup` to your engineers group.',
        group,
      ),
    );
  out.push(...findTodos(raw, 'PLATFORM_PLACEHOLDER'));
  return out;
}

/** True when `channel` is a placeholder: one of the built-in channels, or an address in an example domain. */
export function isPlaceholderChannel(channel: NotificationChannel): boolean {
  const builtin = (BUILTIN_PLATFORM.notifications?.channels ?? []).some(
    (c) =>
      c.id === channel.id &&
      c.type === channel.type &&
      JSON.stringify(c.labels ?? {}) === JSON.stringify(channel.labels) &&
      JSON.stringify(c.sensitiveLabels ?? {}) === JSON.stringify(channel.sensitiveLabels),
  );
  if (builtin) return true;
  const email = channel.labels.email_address;
  if (email && isExampleDomain(email.slice(email.lastIndexOf('@') + 1))) return true;
  const url = channel.labels.url;
  if (url) {
    try {
      if (isExampleDomain(new URL(url).hostname)) return true;
    } catch {
      // not a URL: the provider rejects it; not our concern here
    }
  }
  return Object.values(channel.labels).some(isTodo);
}
