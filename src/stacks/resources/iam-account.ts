/**
 * A service account with project-level roles: `google_service_account.<group>` plus one
 * `google_project_iam_member.<group>_<role>` per role (role fragment as in `iam-names.ts`).
 * Grants reference the account's `member` attribute, so Terraform creates the account first.
 */
import type { ResourceHandle, Stack, TfExpr } from '../../terraform/index.ts';
import { roleFragment, uniqueFragments } from './iam-names.ts';

/** What {@link addServiceAccount} creates. */
interface ServiceAccountSpec {
  /** Logical-name prefix, e.g. `workload`. */
  group: string;
  project: string;
  accountId: string;
  displayName: string;
  /** `lifecycle.prevent_destroy` of the account; omitted when undefined. */
  preventDestroy?: boolean;
  /** Project roles granted to the account, in order (repeats dropped). */
  roles?: readonly RoleGrant[];
}

/** The created account and its grants by role. */
export interface ServiceAccountHandle {
  account: ResourceHandle<'google_service_account'>;
  /** `serviceAccount:<email>`, as a reference to the account. */
  member: TfExpr;
  grants: Map<string, ResourceHandle<'google_project_iam_member'>>;
}

/** Adds a service account and its project roles to `stack`. */
export function addServiceAccount(stack: Stack, spec: ServiceAccountSpec): ServiceAccountHandle {
  const account = stack.resource(
    'google_service_account',
    spec.group,
    { project: spec.project, account_id: spec.accountId, display_name: spec.displayName },
    spec.preventDestroy === undefined ? {} : { lifecycle: { prevent_destroy: spec.preventDestroy } },
  );
  const member = account.ref('member');
  const grants = grantProjectRoles(stack, spec.group, spec.project, spec.roles ?? [], member);
  return { account, member, grants };
}

/**
 * A role to grant: a role name, or a role Terraform knows (a custom role's `name`) with the key
 * its logical name derives from.
 */
export type RoleGrant = string | { key: string; role: TfExpr };

const grantKey = (g: RoleGrant) => (typeof g === 'string' ? g : g.key);

/**
 * Grants `member` each of `roles` on `project`: `google_project_iam_member.<group>_<role>`.
 * Repeated roles are granted once. Returns the grants by role key.
 */
export function grantProjectRoles(
  stack: Stack,
  group: string,
  project: string,
  roles: readonly RoleGrant[],
  member: string | TfExpr,
): Map<string, ResourceHandle<'google_project_iam_member'>> {
  const byKey = new Map<string, RoleGrant>();
  for (const g of roles) if (!byKey.has(grantKey(g))) byKey.set(grantKey(g), g);
  const names = uniqueFragments([...byKey.keys()], roleFragment);
  const out = new Map<string, ResourceHandle<'google_project_iam_member'>>();
  for (const [key, g] of byKey) {
    const role = typeof g === 'string' ? g : g.role;
    out.set(
      key,
      stack.resource('google_project_iam_member', `${group}_${names.get(key)!}`, { project, role, member }),
    );
  }
  return out;
}
