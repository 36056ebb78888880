/**
 * What a spec rule sees (src/spec/rules.ts runs them): the raw spec, the platform config, and,
 * for an environment rule, the environment with a helper for key paths under it.
 */
import type { Diagnostic, KeyPath, RelatedLocation } from '../diagnostics/diagnostic.ts';
import type { PlatformConfig } from '../platform/model.ts';
import type { Kind } from './model.ts';
import type { RawEnvironment, RawServiceSpec } from './schema.ts';

/**
 * The note a duplicate carries at the first occurrence, in the same document (its file and range
 * are filled in when the diagnostics are located).
 */
export function firstAt(path: KeyPath, message = 'first defined here'): RelatedLocation[] {
  return [{ message, file: '', path }];
}

export interface RuleContext {
  readonly spec: RawServiceSpec;
  readonly platform: PlatformConfig;
  /** `service.kind`, `service` when unset. */
  readonly kind: Kind;
  /**
   * The spec is a best-effort reconstruction after shape errors: environments with shape errors
   * are holes, rules that need every environment (rollout stages) are skipped.
   */
  readonly partial: boolean;
}

export interface EnvironmentContext extends RuleContext {
  readonly env: RawEnvironment;
  /** The environment's index in `environments`. */
  readonly index: number;
  /** A key path under this environment: `at('deploy', 'type')`. */
  readonly at: (...keys: (string | number)[]) => KeyPath;
}

/** A rule over the whole spec, named after what it checks. */
export interface ServiceRule {
  readonly name: string;
  readonly check: (ctx: RuleContext) => Diagnostic[];
}

/** A rule run once per environment, named after what it checks. */
export interface EnvironmentRule {
  readonly name: string;
  readonly check: (ctx: EnvironmentContext) => Diagnostic[];
}
