/**
 * Logical (Terraform) names for IAM resources derived from role and secret names. Names must be
 * deterministic and stable: they are the state addresses, so renaming one destroys and
 * re-creates a grant. The scheme: lower-case, every run of characters outside `[a-z0-9-]`
 * becomes `_`; e.g. `roles/secretmanager.secretAccessor` → `secretmanager_secretaccessor`.
 */
import { createHash } from 'node:crypto';

/** `text` as a name fragment: lower-cased, runs outside `[a-z0-9-]` replaced by `_`, trimmed of `_`. */
export function nameFragment(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * The name fragment of an IAM role: predefined roles drop their `roles/` prefix
 * (`roles/cloudsql.client` → `cloudsql_client`); custom roles keep their full path
 * (`projects/p/roles/r` → `projects_p_roles_r`).
 */
export function roleFragment(role: string): string {
  return nameFragment(role.startsWith('roles/') ? role.slice('roles/'.length) : role);
}

/**
 * Gives each key a unique name fragment. `fragment(key)` is used as is unless two different keys
 * map to the same fragment; then every key of that clash gets `_<8 hex of sha256(key)>`
 * appended, so the result does not depend on the order of `keys`. Duplicate keys are merged.
 */
export function uniqueFragments(
  keys: readonly string[],
  fragment: (key: string) => string,
): Map<string, string> {
  const byFragment = new Map<string, Set<string>>();
  for (const key of keys) {
    const f = fragment(key);
    const set = byFragment.get(f) ?? new Set<string>();
    set.add(key);
    byFragment.set(f, set);
  }
  const out = new Map<string, string>();
  for (const [f, set] of byFragment) {
    for (const key of set) {
      out.set(key, set.size === 1 ? f : `${f}_${createHash('sha256').update(key).digest('hex').slice(0, 8)}`);
    }
  }
  return out;
}

/** `items` without repeats, first occurrence kept. */
export function dedupe(items: readonly string[]): string[] {
  return [...new Set(items)];
}
