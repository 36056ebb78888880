/**
 * Platform rules over `access`: the engineers group, the request link, the curated roles and the
 * role lists (no grant lets a person outlive or widen their access, docs/platform-config.md#access-by-category).
 */
import { type Diagnostic, error, type KeyPath } from '../diagnostics/diagnostic.ts';
import { CURATED_KINDS, curatedKind, FORBIDDEN_PERMISSIONS, forbiddenRoleReason } from './access.ts';
import {
  ACCESS_ROLE,
  CURATED_PERMISSION,
  CURATED_PREFIX,
  IAM_MEMBER,
  REQUEST_URL_PROJECT,
} from './constraints.ts';
import { CATEGORIES } from './model.ts';
import type { PlatformRule } from './rules-context.ts';

const engineersGroup: PlatformRule = {
  name: 'engineers group',
  check: ({ access }) =>
    IAM_MEMBER.test(access.engineersGroup)
      ? []
      : [
          error(
            'PLATFORM_ENGINEERS_GROUP_FORMAT',
            'Engineers group must be an IAM member like `group:eng@acme.com`',
            ['access', 'engineersGroup'],
            { found: access.engineersGroup },
          ),
        ],
};

const requestUrlProject: PlatformRule = {
  name: 'request URL names the project',
  check: ({ access }) =>
    !access.elevated || access.elevated.requestUrl.includes(REQUEST_URL_PROJECT)
      ? []
      : [
          error(
            'PLATFORM_REQUEST_URL_PROJECT',
            'Request URL template should contain `{project}`',
            ['access', 'elevated', 'requestUrl'],
            { hint: 'Requests must say which project they are for: add `{project}` (and `{role}`).' },
          ),
        ],
};

/** Curated role overrides: permissions that exist in form, none forbidden, at least one. */
const curatedRolePermissions: PlatformRule = {
  name: 'curated role permissions',
  check: ({ access }) => {
    const out: Diagnostic[] = [];
    for (const c of CATEGORIES)
      for (const k of CURATED_KINDS) {
        const given = access.curatedRoles?.[c]?.[k];
        if (!given) continue;
        const path = ['access', 'curatedRoles', c, k];
        given.permissions.forEach((perm, i) => {
          const why = FORBIDDEN_PERMISSIONS[perm];
          if (why)
            out.push(
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
          else if (!CURATED_PERMISSION.test(perm))
            out.push(
              error(
                'PLATFORM_PERMISSION_FORMAT',
                'A permission looks like `service.resource.verb`',
                [...path, 'permissions', i],
                { found: perm },
              ),
            );
        });
        if (given.permissions.length === 0)
          out.push(
            error('PLATFORM_CURATED_ROLE_EMPTY', 'A curated role needs at least one permission', [
              ...path,
              'permissions',
            ]),
          );
      }
    return out;
  },
};

/** Role lists may name curated roles and predefined or custom roles, never basic or forbidden ones. */
function checkRoleList(roles: readonly string[] | undefined, path: KeyPath): Diagnostic[] {
  return (roles ?? []).flatMap((role, i) => {
    if (role.startsWith(CURATED_PREFIX) && !curatedKind(role))
      return [
        error('PLATFORM_CURATED_ROLE_UNKNOWN', `Unknown curated role \`${role}\``, [...path, i], {
          expected: '`msp:reader` or `msp:editor`',
        }),
      ];
    const why = forbiddenRoleReason(role);
    if (why)
      return [
        error('PLATFORM_FORBIDDEN_ROLE', `Role \`${role}\` may not be granted to people`, [...path, i], {
          detail: `It ${why}. Roles are curated: no basic roles, nothing that creates service-account keys or rewrites IAM, and service-account use only on named accounts.`,
          hint: 'Use `msp:reader` or `msp:editor` (the curated roles, see `access.curatedRoles`) or a narrower predefined role.',
        }),
      ];
    if (!ACCESS_ROLE.test(role))
      return [
        error('PLATFORM_ROLE_FORMAT', 'Not an IAM role name', [...path, i], {
          found: role,
          expected: '`roles/<name>`, `organizations/<id>/roles/<name>`, `msp:reader` or `msp:editor`',
        }),
      ];
    return [];
  });
}

/** The standing and requestable role lists the config gives (the built-in ones pass). */
const roleLists: PlatformRule = {
  name: 'role lists',
  check: ({ access }) =>
    CATEGORIES.flatMap((c) => [
      ...checkRoleList(access.roles?.[c], ['access', 'roles', c]),
      ...checkRoleList(access.elevated?.roles?.[c], ['access', 'elevated', 'roles', c]),
    ]),
};

/** The rules over `access`, in order. */
export const ACCESS_RULES: readonly PlatformRule[] = [
  engineersGroup,
  requestUrlProject,
  curatedRolePermissions,
  roleLists,
];
