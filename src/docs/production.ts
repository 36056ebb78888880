/**
 * Which environments are production, and the order the operations page and the catalog show
 * environments in: production first, because that is where the person on call is looking.
 *
 * Production is every environment whose category is `external` or `internal`
 * (docs/operations-docs.md, "Production first"): those are the categories whose critical
 * alerts must page someone and whose access is time-boxed. `external` (customer-facing) comes
 * before `internal`, then the `test` environments; within a category the spec's order is kept.
 */
import type { Category } from '../platform/model.ts';
import type { EnvironmentSpec } from '../spec/model.ts';

/** Display rank of each category: lower comes first. */
const RANK: Readonly<Record<Category, number>> = { external: 0, internal: 1, test: 2 };

/** True for production environments (category `external` or `internal`). */
export function isProduction(env: Pick<EnvironmentSpec, 'category'>): boolean {
  return env.category !== 'test';
}

/**
 * The environments, production first: `external`, then `internal`, then `test`, each group in
 * the order the spec lists it. Returns a new array; the input is not changed.
 */
export function productionFirst<E extends Pick<EnvironmentSpec, 'category'>>(envs: readonly E[]): E[] {
  return envs
    .map((e, i) => ({ e, i }))
    .sort((a, b) => RANK[a.e.category] - RANK[b.e.category] || a.i - b.i)
    .map((x) => x.e);
}

/**
 * The environment a person on call looks at first: the first one of {@link productionFirst}.
 * Undefined only for an empty list.
 */
export function primaryEnvironment<E extends Pick<EnvironmentSpec, 'category'>>(
  envs: readonly E[],
): E | undefined {
  return productionFirst(envs)[0];
}
