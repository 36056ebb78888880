/** Rules of a job environment: the cron schedule and the deadline. */
import { type Diagnostic, error } from '../diagnostics/diagnostic.ts';
import { RANGES } from './constraints.ts';
import { cronMaxInterval, formatGoDuration } from './cron.ts';
import type { EnvironmentContext, EnvironmentRule } from './rules-context.ts';

function checkCron({ env, kind, at }: EnvironmentContext): Diagnostic[] {
  if (kind !== 'job' || !env.schedule) return [];
  const cron = env.schedule.cron;
  const path = at('schedule', 'cron');
  const c = cronMaxInterval(cron);
  if ('error' in c)
    return [
      error('SPEC_CRON_INVALID', `Invalid cron schedule: ${c.error}`, path, {
        found: cron,
        upstream: `schedule.cron: invalid schedule: invalid cron schedule: ${c.error}`,
        expected: 'a 5-field unix cron, e.g. "0 * * * *"',
      }),
    ];
  const gap = c.minutes;
  if (gap === undefined)
    return [error('SPEC_CRON_NEVER_RUNS', 'Cron schedule never runs', path, { found: cron })];
  if (gap < 15)
    return [
      error(
        'SPEC_CRON_TOO_OFTEN',
        `The longest interval between runs must be at least 15 minutes, got ${formatGoDuration(gap)}`,
        path,
        {
          upstream: `schedule.cron: invalid schedule: the longest interval must be >15m, got ${formatGoDuration(gap)}`,
          hint: 'Run less often, or use a Cloud Run service with a loop instead.',
        },
      ),
    ];
  if (gap >= 8 * 1440)
    return [
      error(
        'SPEC_CRON_TOO_RARE',
        `The longest interval between runs must be under 8 days, got ${formatGoDuration(gap)}`,
        path,
        {
          upstream: `schedule.cron: invalid schedule: the longest interval must be <8 days, got ${formatGoDuration(gap)}`,
        },
      ),
    ];
  return [];
}

function checkDeadline({ env, kind, at }: EnvironmentContext): Diagnostic[] {
  const dl = env.deadlineSeconds;
  if (kind !== 'job' || dl === undefined) return [];
  const max = env.schedule ? 1800 : RANGES.deadlineSeconds.max;
  if (dl >= 1 && dl <= max) return [];
  return [
    error('SPEC_DEADLINE', `deadlineSeconds must be between 1 and ${max}`, at('deadlineSeconds'), {
      found: String(dl),
      detail: env.schedule
        ? 'Cloud Scheduler HTTP targets allow an attempt deadline of at most 30 minutes (stricter than MSP).'
        : 'Cloud Run job tasks run for at most 24 hours.',
    }),
  ];
}

/** Rules of jobs, in the order they run. */
export const JOB_RULES: readonly EnvironmentRule[] = [
  { name: 'cron schedule', check: checkCron },
  { name: 'deadline', check: checkDeadline },
];
