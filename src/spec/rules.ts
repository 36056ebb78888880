/**
 * Cross-field rules of one service spec: every rule of MSP's `Validate()` (see
 * docs/validation.md), the checks MSP made only at generation time (cron, domains, secret names,
 * env templates, Cloud Run name length), and a few stricter ones (marked "stricter"). Pure: raw
 * spec and platform in, diagnostics with key paths out; MSP's wording is kept in `upstream`.
 *
 * Each rule is a named function in a `rules-*.ts` module, reporting its own codes
 * (docs/diagnostics.md); this module lists them in the order they run.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { SPEC_DEFAULTS } from './defaults.ts';
import { checkObjectives } from './objectives.ts';
import type { EnvironmentContext, EnvironmentRule, RuleContext, ServiceRule } from './rules-context.ts';
import { DOMAIN_RULES, DOMAIN_SET_RULES } from './rules-domain.ts';
import { ENVIRONMENT_IDENTITY_RULES, ENVIRONMENT_SET_RULES } from './rules-environment.ts';
import { JOB_RULES } from './rules-job.ts';
import { MONITORING_RULES } from './rules-monitoring.ts';
import { RESOURCE_RULES } from './rules-resources.ts';
import { ROLLOUT_RULES } from './rules-rollout.ts';
import { RUNTIME_RULES } from './rules-runtime.ts';
import { SERVICE_BLOCK_RULES } from './rules-service.ts';
import type { RawServiceSpec } from './schema.ts';

/** Objective overrides (src/spec/objectives.ts): each environment against its category. */
const OBJECTIVE_RULES: readonly EnvironmentRule[] = [
  {
    name: 'objectives',
    check: ({ env, index, kind, platform }) => checkObjectives(env, index, kind, platform),
  },
];

/** Rules over the whole spec, in the order they run. */
const SERVICE_RULES: readonly ServiceRule[] = [
  ...SERVICE_BLOCK_RULES,
  ...ENVIRONMENT_SET_RULES,
  ...DOMAIN_SET_RULES,
  ...MONITORING_RULES,
];

/** Rules run once per environment, in the order they run. */
const ENVIRONMENT_RULES: readonly EnvironmentRule[] = [
  ...ENVIRONMENT_IDENTITY_RULES,
  ...DOMAIN_RULES,
  ...RUNTIME_RULES,
  ...RESOURCE_RULES,
  ...JOB_RULES,
  ...OBJECTIVE_RULES,
];

/** Rules that need every environment; skipped for a partial spec. */
const COMPLETE_SPEC_RULES: readonly ServiceRule[] = ROLLOUT_RULES;

/**
 * Runs every rule on a spec that passed the shape check. `partial`: the spec is a best-effort
 * reconstruction after shape errors (environments with shape errors are holes); rollout rules
 * are skipped, monitoring rules see the shape-valid alerts. Never throws.
 */
export function checkServiceRules(
  spec: RawServiceSpec,
  platform: PlatformConfig,
  opts: { partial?: boolean } = {},
): Diagnostic[] {
  const ctx: RuleContext = {
    spec,
    platform,
    kind: spec.service.kind ?? SPEC_DEFAULTS.kind,
    partial: !!opts.partial,
  };
  const out: Diagnostic[] = [];
  for (const rule of SERVICE_RULES) out.push(...rule.check(ctx));
  // forEach, not for…of: a partial spec's environments with shape errors are holes, skipped.
  (spec.environments ?? []).forEach((env, index) => {
    const ectx: EnvironmentContext = { ...ctx, env, index, at: (...k) => ['environments', index, ...k] };
    for (const rule of ENVIRONMENT_RULES) out.push(...rule.check(ectx));
  });
  if (!ctx.partial) for (const rule of COMPLETE_SPEC_RULES) out.push(...rule.check(ctx));
  return out;
}
