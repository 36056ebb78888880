/**
 * Rules of the `service` block: id, owners, description, Notion page, IAM lists, name. Each
 * rule reports its own codes (docs/diagnostics.md); MSP's wording is kept in `upstream`.
 */
import { type Diagnostic, error, type KeyPath } from '../diagnostics/diagnostic.ts';
import {
  API_SERVICE,
  DISPLAY_NAME,
  IAM_PERMISSION,
  IAM_ROLE,
  SERVICE_ID_CHARS,
  SERVICE_ID_MAX,
} from './constraints.ts';
import type { RuleContext, ServiceRule } from './rules-context.ts';

const sp = (k: string): KeyPath => ['service', k];

function checkServiceId({ spec }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const id = spec.service.id;
  if (id === '')
    out.push(
      error('SPEC_SERVICE_ID_EMPTY', 'Service id is required', sp('id'), { upstream: 'id is required' }),
    );
  if (id.length > SERVICE_ID_MAX)
    out.push(
      error(
        'SPEC_SERVICE_ID_TOO_LONG',
        `Service id is ${id.length} characters, at most ${SERVICE_ID_MAX} allowed`,
        sp('id'),
        {
          found: id,
          upstream: 'id must be at most 20 characters',
          detail: 'Project IDs, service accounts and Cloud Run names are built from it.',
        },
      ),
    );
  if (!SERVICE_ID_CHARS.test(id))
    out.push(
      error(
        'SPEC_SERVICE_ID_CHARACTERS',
        'Service id may contain only lowercase letters, digits and hyphens',
        sp('id'),
        {
          found: id,
          upstream: 'id can only contain lowercase alphanumeric characters and hyphens',
          hint: id ? `Try "${id.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}".` : undefined,
        },
      ),
    );
  else if (id !== '' && (!/^[a-z]/.test(id) || id.length < 3 || id.endsWith('-')))
    out.push(
      error(
        'SPEC_SERVICE_ID_FORM',
        'Service id must start with a letter, not end with a hyphen, and have at least 3 characters',
        sp('id'),
        {
          found: id,
          detail:
            'Stricter than MSP: GCP project, service-account and Cloud Run names need it (docs/validation.md, "Where we differ from MSP on purpose").',
        },
      ),
    );
  return out;
}

function checkOwners({ spec }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const owners = spec.service.owners;
  if (owners.length === 0)
    out.push(
      error('SPEC_OWNERS_EMPTY', 'At least one owner is required', sp('owners'), {
        upstream: 'owners requires at least one value',
      }),
    );
  owners.forEach((o, i) => {
    if (o.trim() === '')
      out.push(
        error('SPEC_OWNER_EMPTY', 'Owner is empty', ['service', 'owners', i], {
          upstream: `owners[${i}] is invalid`,
        }),
      );
  });
  return out;
}

function checkDescription({ spec }: RuleContext): Diagnostic[] {
  if (spec.service.description.trim() !== '') return [];
  return [
    error('SPEC_DESCRIPTION', 'Description is required', sp('description'), {
      upstream: 'description is required',
    }),
  ];
}

function checkNotionPage({ spec }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const n = spec.service.notionPageID;
  if (n === undefined) return out;
  if (n === '')
    out.push(
      error('SPEC_NOTION_EMPTY', 'notionPageID cannot be empty', sp('notionPageID'), {
        upstream: 'notionPageID cannot be empty',
        hint: 'Remove the key or set a page ID.',
      }),
    );
  if (n.includes('.notion.'))
    out.push(
      error('SPEC_NOTION_URL', 'notionPageID must be a page ID, not a URL', sp('notionPageID'), {
        found: n,
        upstream: 'notionPageID must be a page ID, not a URL',
        hint: 'Use the 32-character ID at the end of the page URL.',
      }),
    );
  if (n.includes('?'))
    out.push(
      error(
        'SPEC_NOTION_QUERY',
        "notionPageID must be a page ID, found what looks like a URL query '?'",
        sp('notionPageID'),
        {
          found: n,
          upstream: "notionPageID must be a page ID, found what looks like a URL query '?'",
        },
      ),
    );
  return out;
}

function checkIam({ spec }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const iam = spec.service.iam;
  (iam?.roles ?? []).forEach((r, i) => {
    if (!IAM_ROLE.test(r))
      out.push(
        error('SPEC_IAM_ROLE', `Invalid IAM role "${r}"`, ['service', 'iam', 'roles', i], {
          expected: '`roles/<name>` (letters and dots) or `projects/<p>/roles/<name>`',
          upstream: `invalid IAM role "${r}", must be one of custom role or predefined role`,
          hint: r.startsWith('roles/') ? undefined : `Did you mean "roles/${r}"?`,
        }),
      );
  });
  (iam?.permissions ?? []).forEach((p, i) => {
    if (!IAM_PERMISSION.test(p))
      out.push(
        error('SPEC_IAM_PERMISSION', `Invalid IAM permission "${p}"`, ['service', 'iam', 'permissions', i], {
          expected: '`<service>.<resource>.<verb>`, e.g. `storage.buckets.get`',
          detail: 'Stricter than MSP, which passed it to the custom role unchecked.',
        }),
      );
  });
  (iam?.services ?? []).forEach((s, i) => {
    if (!API_SERVICE.test(s))
      out.push(
        error('SPEC_IAM_SERVICE', `Invalid API name "${s}"`, ['service', 'iam', 'services', i], {
          expected: '`<api>.googleapis.com`',
          hint: /^[a-z0-9-]+$/.test(s) ? `Did you mean "${s}.googleapis.com"?` : undefined,
        }),
      );
  });
  return out;
}

/**
 * Stricter than MSP: Resource Manager refuses other characters in a project's display name,
 * `<service name> - <environment id>` (ids are checked on their own).
 */
function checkServiceName({ spec }: RuleContext): Diagnostic[] {
  const name = spec.service.name;
  if (!name || DISPLAY_NAME.test(name)) return [];
  return [
    error(
      'SPEC_SERVICE_NAME_CHARACTERS',
      `Service name "${name}" has characters GCP does not allow`,
      sp('name'),
      {
        expected: 'letters, digits, spaces and the characters - \' " !',
        detail: 'The GCP project display name is `<service name> - <environment id>`; see docs/naming.md.',
        hint: 'Remove the other characters from the service name.',
      },
    ),
  ];
}

/** The rules of the `service` block, in the order they run. */
export const SERVICE_BLOCK_RULES: readonly ServiceRule[] = [
  { name: 'service id', check: checkServiceId },
  { name: 'owners', check: checkOwners },
  { name: 'description', check: checkDescription },
  { name: 'Notion page ID', check: checkNotionPage },
  { name: 'IAM roles, permissions and APIs', check: checkIam },
  { name: 'service name characters', check: checkServiceName },
];
