/**
 * An environment's service-level objectives: the platform config's objectives for its category,
 * tightened or relaxed by the spec's `objectives` block. `resolveObjectives` applies the block;
 * `checkObjectives` holds the override rules (docs/slo.md): values in range, only objectives that
 * apply to the service's kind, a key is either changed or disabled, and relaxing needs a reason.
 * Pure.
 */
import { type Diagnostic, error, type KeyPath, warning } from '../diagnostics/diagnostic.ts';
import type { ObjectiveSet, PlatformConfig } from '../platform/model.ts';
import { checkObjectiveValues } from '../platform/objectives.ts';
import type { EnvironmentObjectives, Kind, ObjectiveKey } from './model.ts';
import type { RawEnvironment, RawObjectives } from './schema.ts';

/** The objectives that apply to each kind of service. */
const OBJECTIVES_BY_KIND: Readonly<Record<Kind, readonly ObjectiveKey[]>> = {
  service: ['availability', 'latency'],
  job: ['executions'],
};

const KEY_ORDER = ['periodDays', 'availability', 'latency', 'executions'] as const;

/** The environment's objectives: the category's set with the spec's block applied. */
export function resolveObjectives(
  raw: RawObjectives | undefined,
  base: ObjectiveSet,
  kind: Kind,
): EnvironmentObjectives {
  const applies = new Set(OBJECTIVES_BY_KIND[kind]);
  const off = new Set(raw?.disable ?? []);
  const out: EnvironmentObjectives = { periodDays: raw?.periodDays ?? base.periodDays, changed: [] };
  if (applies.has('availability') && !off.has('availability')) {
    const percent = raw?.availability ?? base.availability;
    if (percent !== undefined) out.availability = { percent };
  }
  if (applies.has('latency') && !off.has('latency')) {
    const percent = raw?.latency?.percent ?? base.latency?.percent;
    const thresholdMs = raw?.latency?.thresholdMs ?? base.latency?.thresholdMs;
    if (percent !== undefined && thresholdMs !== undefined) out.latency = { percent, thresholdMs };
  }
  if (applies.has('executions') && !off.has('executions')) {
    const percent = raw?.executions ?? base.executions;
    if (percent !== undefined) out.executions = { percent };
  }
  const baseView = raw ? resolveObjectives(undefined, base, kind) : out;
  if (raw) {
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    out.changed = KEY_ORDER.filter((k) =>
      k === 'periodDays' ? out.periodDays !== base.periodDays : !same(out[k], baseView[k]),
    );
    if (raw.reason?.trim()) out.reason = raw.reason.trim();
  }
  return out;
}

/** The objectives `resolved` relaxes against `base`: lower percents, a slower threshold, or gone. */
function relaxedObjectives(resolved: EnvironmentObjectives, base: ObjectiveSet, kind: Kind): ObjectiveKey[] {
  const applies = OBJECTIVES_BY_KIND[kind];
  const out: ObjectiveKey[] = [];
  for (const k of applies) {
    if (k === 'latency') {
      const b = base.latency;
      const r = resolved.latency;
      if (b && (!r || r.percent < b.percent || r.thresholdMs > b.thresholdMs)) out.push(k);
      continue;
    }
    const b = base[k];
    const r = resolved[k]?.percent;
    if (b !== undefined && (r === undefined || r < b)) out.push(k);
  }
  return out;
}

function pct(n: number): string {
  return `${n}%`;
}

function describeBase(base: ObjectiveSet, key: ObjectiveKey): string {
  if (key === 'latency')
    return base.latency ? `${pct(base.latency.percent)} within ${base.latency.thresholdMs} ms` : 'none';
  const v = base[key];
  return v === undefined ? 'none' : pct(v);
}

/**
 * The override rules for environment `index`. `kind` is the service's kind; `platform` gives the
 * category's objectives.
 */
export function checkObjectives(
  e: RawEnvironment,
  index: number,
  kind: Kind,
  platform: PlatformConfig,
): Diagnostic[] {
  const raw = e.objectives;
  if (!raw) return [];
  const path: KeyPath = ['environments', index, 'objectives'];
  const out: Diagnostic[] = [...checkObjectiveValues(raw, path, 'SPEC')];
  const base = platform.objectives[e.category];
  const applies = new Set(OBJECTIVES_BY_KIND[kind]);
  const kindName = kind === 'job' ? 'a Cloud Run job' : 'a Cloud Run service';
  const set: ObjectiveKey[] = (['availability', 'latency', 'executions'] as const).filter(
    (k) => raw[k] !== undefined,
  );
  for (const k of set) {
    if (!applies.has(k))
      out.push(
        error(
          'SPEC_OBJECTIVE_NOT_FOR_KIND',
          `The ${k} objective does not apply to ${kindName}`,
          [...path, k],
          {
            detail:
              kind === 'job'
                ? 'Jobs are measured by their executions: set `executions` instead.'
                : 'Services are measured by their requests: `availability` and `latency`.',
            hint: 'Remove the key.',
          },
        ),
      );
  }
  (raw.disable ?? []).forEach((k, j) => {
    const at: KeyPath = [...path, 'disable', j];
    if (!applies.has(k))
      out.push(
        warning('SPEC_OBJECTIVE_DISABLE_NO_EFFECT', `Disabling ${k} has no effect on ${kindName}`, at, {
          hint: 'Remove it from `disable`.',
        }),
      );
    else if (raw[k] !== undefined)
      out.push(
        error('SPEC_OBJECTIVE_SET_AND_DISABLED', `The ${k} objective is both set and disabled`, at, {
          hint: `Either remove \`${k}\` from \`disable\` or remove the \`${k}\` key.`,
        }),
      );
  });
  if (raw.latency && applies.has('latency') && !base.latency) {
    for (const key of ['thresholdMs', 'percent'] as const)
      if (raw.latency[key] === undefined)
        out.push(
          error(
            'SPEC_OBJECTIVE_LATENCY_INCOMPLETE',
            `The latency objective needs \`${key}\``,
            [...path, 'latency'],
            {
              detail: `The ${e.category} category sets no latency objective to take it from.`,
              hint: `Add \`${key}\`.`,
            },
          ),
        );
  }
  if (kind === 'job' && raw.executions !== undefined && !e.schedule)
    out.push(
      warning(
        'SPEC_OBJECTIVE_NEEDS_SCHEDULE',
        'The execution objective needs a schedule',
        [...path, 'executions'],
        {
          detail:
            'An execution objective is measured over the runs a schedule promises; a job run on demand gets none.',
          hint: 'Add `schedule.cron`, or remove `executions`.',
        },
      ),
    );
  if (out.some((d) => d.severity === 'error')) return out;
  const resolved = resolveObjectives(raw, base, kind);
  const relaxed = relaxedObjectives(resolved, base, kind);
  if (relaxed.length > 0 && !raw.reason?.trim())
    out.push(
      error(
        'SPEC_OBJECTIVE_RELAXED_WITHOUT_REASON',
        `Relaxing the ${e.category} objectives needs a reason`,
        path,
        {
          detail: `This environment relaxes ${relaxed
            .map((k) => `${k} (category: ${describeBase(base, k)})`)
            .join(
              ', ',
            )}. Tightening is free; relaxing is a decision others should be able to read on the operations page.`,
          hint: 'Add `reason: <why>` to the block.',
        },
      ),
    );
  return out;
}
