/**
 * Platform checking: the cross-field rules of a shape-valid `platform.yaml`, as named rules run
 * in order. Each rule only reports (diagnostics with key paths; the caller adds positions) and
 * lives in a `rules-*.ts` module by the part of the config it checks, with its own codes
 * (docs/diagnostics.md). Filling in defaults is a separate pure step (`defaults.ts`), run only on
 * a config these rules accept. The limits and patterns come from `constraints.ts`, which the JSON
 * Schema states too.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { resolveObjectiveSets } from './objectives.ts';
import { ACCESS_RULES } from './rules-access.ts';
import { CHANNEL_RULES } from './rules-channels.ts';
import type { PlatformRule } from './rules-context.ts';
import { GCP_RULES } from './rules-gcp.ts';
import { TERRAFORM_RULES } from './rules-terraform.ts';
import type { RawPlatformConfig } from './schema.ts';

/** The objective values of each category the config names (src/platform/objectives.ts). */
const OBJECTIVE_RULES: readonly PlatformRule[] = [
  {
    name: 'objective values',
    check: (raw) => resolveObjectiveSets(raw.objectives).diagnostics,
  },
];

/** Every platform rule, in the order they run. */
const PLATFORM_RULES: readonly PlatformRule[] = [
  ...TERRAFORM_RULES,
  ...GCP_RULES,
  ...ACCESS_RULES,
  ...CHANNEL_RULES,
  ...OBJECTIVE_RULES,
];

/** Runs every platform rule on a shape-valid config. Pure; never throws. */
export function checkPlatformRules(raw: RawPlatformConfig): Diagnostic[] {
  return PLATFORM_RULES.flatMap((rule) => rule.check(raw));
}
