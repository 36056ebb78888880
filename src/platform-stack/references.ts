/**
 * What a service stack may assume about the platform: only what the platform output creates.
 * Scans one generated service stack (its JSON document) for references to platform things —
 * the Terraform Cloud organisation, projects, workspaces, variable sets and teams it looks up,
 * the category folder its project goes in, the runner account it grants rights to — and
 * reports each one the platform output does not create as an error (`PLATFORM_NOT_PROVIDED`),
 * so a stale or mismatched platform output fails at generate time instead of at apply time.
 */
import { type Diagnostic, error } from '../diagnostics/diagnostic.ts';
import type { JsonObject } from '../terraform/index.ts';
import type { PlatformProvides } from './model.ts';

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

const LOOKUPS: readonly { type: string; what: string; list: keyof PlatformProvides }[] = [
  { type: 'tfe_project', what: 'Terraform Cloud project', list: 'tfcProjects' },
  { type: 'tfe_workspace', what: 'Terraform Cloud workspace', list: 'tfcWorkspaces' },
  { type: 'tfe_variable_set', what: 'Terraform Cloud variable set', list: 'tfcVariableSets' },
  { type: 'tfe_team', what: 'Terraform Cloud team', list: 'tfcTeams' },
];

/**
 * Diagnostics (errors, with `file` = `shown` and a path into the document) for every reference of
 * the stack `doc` that `provides` does not cover. `stackWorkspaces` are the workspaces the
 * service stacks declare themselves (a lookup of one of those is not a platform reference).
 */
export function checkPlatformReferences(
  doc: JsonObject,
  shown: string,
  provides: PlatformProvides,
  stackWorkspaces: readonly string[] = [],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const missing = (path: (string | number)[], what: string, value: string, hint?: string) =>
    out.push(
      error('PLATFORM_NOT_PROVIDED', `The platform output does not create the ${what} "${value}"`, path, {
        file: shown,
        detail: 'This stack refers to it, so applying it would fail.',
        hint:
          hint ??
          'Regenerate the platform output with the fleet (`msp generate --all`) and apply it before this stack.',
      }),
    );
  const tf = doc.terraform as { cloud?: { organization?: string } } | undefined;
  const org = tf?.cloud?.organization;
  if (org !== undefined && org !== provides.tfcOrganization)
    missing(
      ['terraform', 'cloud', 'organization'],
      'Terraform Cloud organisation',
      org,
      provides.tfcOrganization
        ? `The platform's organisation is "${provides.tfcOrganization}".`
        : 'The platform output uses no Terraform Cloud backend.',
    );

  const data = (doc.data ?? {}) as Blocks;
  for (const { type, what, list } of LOOKUPS)
    for (const [name, body] of Object.entries(data[type] ?? {})) {
      const value = body.name;
      if (typeof value !== 'string' || value.includes('${')) continue;
      if (type === 'tfe_workspace' && stackWorkspaces.includes(value)) continue;
      if (!(provides[list] as string[]).includes(value)) missing(['data', type, name, 'name'], what, value);
      const o = body.organization;
      if (typeof o === 'string' && o !== provides.tfcOrganization)
        missing(['data', type, name, 'organization'], 'Terraform Cloud organisation', o);
    }

  const resources = (doc.resource ?? {}) as Blocks;
  for (const [type, byName] of Object.entries(resources))
    if (type.startsWith('tfe_'))
      for (const [name, body] of Object.entries(byName)) {
        const o = body.organization;
        if (typeof o === 'string' && o !== provides.tfcOrganization)
          missing(['resource', type, name, 'organization'], 'Terraform Cloud organisation', o);
      }
  for (const [name, body] of Object.entries(resources.google_project ?? {})) {
    const f = body.folder_id;
    if (typeof f === 'string' && !f.includes('${') && !provides.folders.includes(`folders/${f}`))
      missing(
        ['resource', 'google_project', name, 'folder_id'],
        'folder grant for the runner in',
        `folders/${f}`,
        `The runner may create projects in ${provides.folders.join(', ') || 'no folder'}.`,
      );
  }
  for (const [name, body] of Object.entries(resources.google_service_account_iam_member ?? {})) {
    if (!name.startsWith('runner_')) continue;
    const m = body.member;
    if (typeof m === 'string' && m !== `serviceAccount:${provides.runnerServiceAccount}`)
      missing(
        ['resource', 'google_service_account_iam_member', name, 'member'],
        'runner account',
        m.replace(/^serviceAccount:/, ''),
        `The platform's runner is ${provides.runnerServiceAccount}.`,
      );
  }
  return out;
}
