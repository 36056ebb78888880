/**
 * Service-level objectives as Cloud Monitoring measures them (docs/slo.md): which SLOs an
 * environment gets (request-based, from Cloud Run's own metrics), and the multi-window,
 * multi-burn-rate alert tiers watching each. Pure: the `monitoring` stack renders these, the
 * alert model turns the tiers into policies and the operations page explains both.
 */

import { cloudRunName } from '../naming/names.ts';
import type { Severity } from '../platform/model.ts';
import type { EnvironmentSpec, ObjectiveKey, ServiceSpec } from '../spec/model.ts';

/** One SLO of an environment. */
export interface ServiceLevelObjective {
  /** The objective it measures; also the `slo_id` and part of Terraform names. */
  kind: ObjectiveKey;
  /** Percent of good events the objective promises, e.g. 99.9. */
  percent: number;
  /** The same as a fraction (`goal`), rounded to avoid binary noise: 0.999. */
  goal: number;
  periodDays: number;
  /** Display name in Cloud Monitoring, e.g. `99.9% of requests succeed (28 days)`. */
  displayName: string;
  /** What counts as good, in one sentence for people. */
  meaning: string;
  /** How Cloud Monitoring computes the ratio (request-based SLI). */
  sli:
    | { type: 'good-total'; badFilter: string; totalFilter: string }
    | { type: 'distribution-cut'; filter: string; maxMs: number };
}

/** A burn-rate alert tier: alert when both windows burn budget faster than the threshold. */
interface BurnRateTier {
  id: 'fast' | 'slow';
  /** Share of the period's error budget spent within the long window when the alert fires. */
  budgetFraction: number;
  longWindowSeconds: number;
  shortWindowSeconds: number;
  severity: Severity;
}

/**
 * The tiers, from the Google SRE Workbook, "Alerting on SLOs"
 * (https://sre.google/workbook/alerting-on-slos/), its recommended multiwindow, multi-burn-rate
 * parameters: 2% of the budget in 1 hour (short window 5 minutes) pages; 5% in 6 hours (short
 * window 30 minutes) warns. The Workbook's third row, 10% in 3 days, is left to the error budget
 * view (docs/slo.md says why).
 */
export const BURN_RATE_TIERS: readonly BurnRateTier[] = [
  {
    id: 'fast',
    budgetFraction: 0.02,
    longWindowSeconds: 3600,
    shortWindowSeconds: 300,
    severity: 'CRITICAL',
  },
  {
    id: 'slow',
    budgetFraction: 0.05,
    longWindowSeconds: 21600,
    shortWindowSeconds: 1800,
    severity: 'WARNING',
  },
];

/**
 * The burn rate at which `tier.budgetFraction` of a `periodDays` budget is spent within the
 * long window: fraction × period ÷ window. 30 days give the Workbook's 14.4 and 6; the default
 * 28 days give 13.44 and 5.6.
 */
export function burnRateThreshold(tier: BurnRateTier, periodDays: number): number {
  const raw = (tier.budgetFraction * periodDays * 86_400) / tier.longWindowSeconds;
  return Math.round(raw * 10_000) / 10_000;
}

/** Minimum failed executions the error budget must allow for a job objective to make sense. */
const MIN_BUDGET_EXECUTIONS = 1;

/** A percent as a fraction without binary noise: 99.9 → 0.999. */
function percentToGoal(percent: number): number {
  return Number((percent / 100).toFixed(8));
}

/** Executions a schedule promises within the period (at least; the longest gap counts). */
function scheduledExecutions(env: EnvironmentSpec): number | undefined {
  const gap = env.schedule?.maxIntervalMinutes;
  if (gap === undefined || gap <= 0) return undefined;
  return Math.floor((env.objectives.periodDays * 1440) / gap);
}

/**
 * Why a job environment with an execution objective gets no SLO, or undefined when it gets one:
 * it needs a schedule, and enough executions per period that the budget allows a failed one
 * (otherwise the first failure spends the whole budget and the SLO says nothing new).
 */
export function executionObjectiveGap(spec: ServiceSpec, env: EnvironmentSpec): string | undefined {
  const o = env.objectives.executions;
  if (spec.kind !== 'job' || !o) return undefined;
  const runs = scheduledExecutions(env);
  if (runs === undefined) return 'the job has no schedule, so no number of executions is promised';
  const allowed = runs * (1 - o.percent / 100);
  if (allowed < MIN_BUDGET_EXECUTIONS - 1e-9)
    return `its schedule promises ${runs} executions in ${env.objectives.periodDays} days; at ${o.percent}% the budget allows ${Math.round(allowed * 100) / 100} failed executions, less than one`;
  return undefined;
}

const quote = (s: string) => JSON.stringify(s);

/** Every SLO of the environment, in a stable order (availability, latency, executions). */
export function serviceLevelObjectivesFor(spec: ServiceSpec, env: EnvironmentSpec): ServiceLevelObjective[] {
  const o = env.objectives;
  const name = cloudRunName(spec, env);
  // One objective: `promise` reads after its percent, e.g. `of requests succeed`.
  const objective = (
    kind: ObjectiveKey,
    percent: number,
    promise: string,
    meaning: string,
    sli: ServiceLevelObjective['sli'],
  ): ServiceLevelObjective => ({
    kind,
    percent,
    goal: percentToGoal(percent),
    periodDays: o.periodDays,
    displayName: `${percent}% ${promise} (${o.periodDays} days)`,
    meaning,
    sli,
  });
  const out: ServiceLevelObjective[] = [];
  if (spec.kind === 'service') {
    const revision = `resource.type = "cloud_run_revision" AND resource.labels.service_name = ${quote(name)}`;
    const requests = `metric.type = "run.googleapis.com/request_count" AND ${revision}`;
    if (o.availability)
      out.push(
        objective(
          'availability',
          o.availability.percent,
          'of requests succeed',
          'a request succeeds unless Cloud Run answers it with a server error (5xx)',
          {
            type: 'good-total',
            badFilter: `${requests} AND metric.labels.response_code_class = "5xx"`,
            totalFilter: requests,
          },
        ),
      );
    if (o.latency)
      out.push(
        objective(
          'latency',
          o.latency.percent,
          `of requests within ${o.latency.thresholdMs} ms`,
          `a request is fast enough when Cloud Run serves it within ${o.latency.thresholdMs} ms`,
          {
            type: 'distribution-cut',
            filter: `metric.type = "run.googleapis.com/request_latencies" AND ${revision}`,
            maxMs: o.latency.thresholdMs,
          },
        ),
      );
  } else if (o.executions && executionObjectiveGap(spec, env) === undefined) {
    const executions = `metric.type = "run.googleapis.com/job/completed_execution_count" AND resource.type = "cloud_run_job" AND resource.labels.job_name = ${quote(name)}`;
    out.push(
      objective(
        'executions',
        o.executions.percent,
        'of executions succeed',
        'an execution succeeds when all its tasks complete',
        {
          type: 'good-total',
          badFilter: `${executions} AND metric.labels.result = "failed"`,
          totalFilter: executions,
        },
      ),
    );
  }
  return out;
}

/** `3600` → `1 hour`, `300` → `5 minutes`, `21600` → `6 hours`. */
export function windowText(seconds: number): string {
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  return plural(seconds / 60, 'minute');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * The error budget of an SLO in words: `0.1% of requests may fail (40.3 minutes of full outage
 * in 28 days)`.
 */
export function errorBudgetText(slo: ServiceLevelObjective): string {
  const share = Math.round((100 - slo.percent) * 10_000) / 10_000;
  if (slo.kind === 'latency' && slo.sli.type === 'distribution-cut')
    return `${share}% of requests may take longer than ${slo.sli.maxMs} ms`;
  if (slo.kind === 'executions') return `${share}% of executions may fail`;
  const minutes = Math.round(((100 - slo.percent) / 100) * slo.periodDays * 1440 * 10) / 10;
  return `${share}% of requests may fail (${minutes} minutes of full outage in ${slo.periodDays} days)`;
}
