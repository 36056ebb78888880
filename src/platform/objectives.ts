/**
 * Service-level objectives by environment category (`objectives` in the platform config): the
 * limits every objective must respect (shared with the spec's per-environment overrides) and
 * the resolved set per category. Pure.
 */
import { type Diagnostic, type DiagnosticCode, error, type KeyPath } from '../diagnostics/diagnostic.ts';
import {
  CATEGORIES,
  type Category,
  DEFAULT_OBJECTIVE_PERIOD_DAYS,
  DEFAULT_OBJECTIVES,
  type ObjectiveSet,
} from './model.ts';
import type { RawObjectiveSet } from './schema.ts';

/** Cloud Monitoring accepts SLO goals up to 0.9999. */
export const MAX_OBJECTIVE_PERCENT = 99.99;
/** Rolling periods Cloud Monitoring accepts, days. */
export const MIN_PERIOD_DAYS = 1;
export const MAX_PERIOD_DAYS = 30;
/** Cloud Run's longest request timeout (60 minutes), the largest useful latency threshold. */
export const MAX_LATENCY_THRESHOLD_MS = 3_600_000;

/** Why a percent is not a usable objective, or undefined when it is. */
function objectivePercentProblem(percent: number): string | undefined {
  if (!Number.isFinite(percent) || percent <= 0) return 'must be above 0';
  if (percent > MAX_OBJECTIVE_PERCENT)
    return `must be at most ${MAX_OBJECTIVE_PERCENT}: 100% leaves no error budget, and Cloud Monitoring accepts goals up to 0.9999`;
  return undefined;
}

/** The codes of the objective value rules, per document (src/diagnostics/codes/). */
const OBJECTIVE_VALUE_CODES = {
  SPEC: {
    percent: 'SPEC_OBJECTIVE_PERCENT',
    threshold: 'SPEC_OBJECTIVE_THRESHOLD',
    period: 'SPEC_OBJECTIVE_PERIOD',
  },
  PLATFORM: {
    percent: 'PLATFORM_OBJECTIVE_PERCENT',
    threshold: 'PLATFORM_OBJECTIVE_THRESHOLD',
    period: 'PLATFORM_OBJECTIVE_PERIOD',
  },
} as const satisfies Record<'PLATFORM' | 'SPEC', Record<string, DiagnosticCode>>;

/** Diagnostics for the values of one objective set (platform config or spec override). */
export function checkObjectiveValues(
  o: {
    availability?: number | undefined;
    latency?: { thresholdMs?: number | undefined; percent?: number | undefined } | undefined;
    executions?: number | undefined;
    periodDays?: number | undefined;
  },
  path: KeyPath,
  prefix: 'PLATFORM' | 'SPEC',
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const codes = OBJECTIVE_VALUE_CODES[prefix];
  const percent = (value: number | undefined, at: KeyPath, what: string) => {
    if (value === undefined) return;
    const problem = objectivePercentProblem(value);
    if (problem)
      out.push(
        error(codes.percent, `${what} ${problem}`, at, {
          found: String(value),
          expected: `a percent above 0 and at most ${MAX_OBJECTIVE_PERCENT}`,
          hint: 'Write percents as numbers, e.g. `99.9` for 99.9%.',
        }),
      );
  };
  percent(o.availability, [...path, 'availability'], 'Availability objective');
  percent(o.latency?.percent, [...path, 'latency', 'percent'], 'Latency objective');
  percent(o.executions, [...path, 'executions'], 'Execution objective');
  const t = o.latency?.thresholdMs;
  if (t !== undefined && (t < 1 || t > MAX_LATENCY_THRESHOLD_MS))
    out.push(
      error(codes.threshold, 'Latency threshold is out of range', [...path, 'latency', 'thresholdMs'], {
        found: String(t),
        expected: `milliseconds from 1 to ${MAX_LATENCY_THRESHOLD_MS} (Cloud Run's longest request timeout)`,
      }),
    );
  const days = o.periodDays;
  if (days !== undefined && (days < MIN_PERIOD_DAYS || days > MAX_PERIOD_DAYS))
    out.push(
      error(codes.period, 'Objective period is out of range', [...path, 'periodDays'], {
        found: String(days),
        expected: `days from ${MIN_PERIOD_DAYS} to ${MAX_PERIOD_DAYS} (Cloud Monitoring's rolling periods)`,
        hint: `Use ${DEFAULT_OBJECTIVE_PERIOD_DAYS} (four whole weeks) unless you have a reason not to.`,
      }),
    );
  return out;
}

/** One category's objectives from the platform config: the given set, or the built-in one. */
function resolveSet(raw: RawObjectiveSet | undefined, dflt: ObjectiveSet): ObjectiveSet {
  if (!raw) return dflt;
  return {
    periodDays: raw.periodDays ?? DEFAULT_OBJECTIVE_PERIOD_DAYS,
    ...(raw.availability !== undefined ? { availability: raw.availability } : {}),
    ...(raw.latency
      ? { latency: { percent: raw.latency.percent, thresholdMs: raw.latency.thresholdMs } }
      : {}),
    ...(raw.executions !== undefined ? { executions: raw.executions } : {}),
  };
}

/**
 * The objectives of every category, with diagnostics (key paths under `objectives`). A
 * category named in the config replaces the built-in set of that category as a whole.
 */
export function resolveObjectiveSets(
  raw: Partial<Record<Category, RawObjectiveSet | undefined>> | undefined,
): {
  value: Record<Category, ObjectiveSet>;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  for (const c of CATEGORIES) {
    const set = raw?.[c];
    if (set) diagnostics.push(...checkObjectiveValues(set, ['objectives', c], 'PLATFORM'));
  }
  const value = Object.fromEntries(
    CATEGORIES.map((c) => [c, resolveSet(raw?.[c], DEFAULT_OBJECTIVES[c])]),
  ) as Record<Category, ObjectiveSet>;
  return { value, diagnostics };
}
