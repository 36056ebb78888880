/**
 * The "objectives" section of an environment on the operations page: the service-level
 * objectives the monitoring stack creates, their error budgets and where to see them, what the
 * spec changed against the category and why, and what each burn-rate alert means. Built from
 * the same models as the monitoring stack (`serviceLevelObjectivesFor`, `alertPoliciesFor`).
 */
import type { AlertPolicy, BurnRateAlert } from '../alerts/model.ts';
import {
  errorBudgetText,
  executionObjectiveGap,
  type ServiceLevelObjective,
  serviceLevelObjectivesFor,
  windowText,
} from '../alerts/objectives.ts';
import { pagingEnabled } from '../alerts/routing.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import * as urls from '../urls/index.ts';
import { type Block, code, h, type Inline, join, li, p, strong, ul, url } from './doc.ts';

/** The section's heading for an environment. */
function objectivesHeading(env: EnvironmentSpec): string {
  return `${env.id} objectives`;
}

/** One objective in words for tables and indexes, e.g. `99.9% available`. */
function objectiveLabel(
  slo: Pick<ServiceLevelObjective, 'kind' | 'percent'> & { thresholdMs?: number },
): string {
  if (slo.kind === 'availability') return `${slo.percent}% available`;
  if (slo.kind === 'latency') return `${slo.percent}% within ${slo.thresholdMs} ms`;
  return `${slo.percent}% of executions succeed`;
}

/** The objectives of an environment as short labels (empty: none), for the index and catalog. */
export function objectiveLabels(spec: ServiceSpec, env: EnvironmentSpec): string[] {
  return serviceLevelObjectivesFor(spec, env).map((s) =>
    objectiveLabel({
      kind: s.kind,
      percent: s.percent,
      ...(s.sli.type === 'distribution-cut' ? { thresholdMs: s.sli.maxMs } : {}),
    }),
  );
}

function noObjectives(spec: ServiceSpec, env: EnvironmentSpec): Inline[] {
  const gap = executionObjectiveGap(spec, env);
  if (gap)
    return [
      `The ${env.objectives.executions!.percent}% execution objective gets no SLO here: ${gap}. Every failed execution still alerts.`,
    ];
  return [
    'No service-level objectives: the ',
    strong(env.category),
    ' category sets none for this kind of service',
    env.objectives.changed.length > 0 ? ', and the spec adds none' : '',
    '. Add an ',
    code('objectives'),
    ' block to the environment to set one.',
  ];
}

function changedText(env: EnvironmentSpec): Block[] {
  const o = env.objectives;
  if (o.changed.length === 0) return [];
  const content: Inline[] = [
    'The spec changes the ',
    strong(env.category),
    ' category\u2019s objectives here (',
    ...join(
      o.changed.map((k) => code(k)),
      ', ',
    ),
    ').',
  ];
  if (o.reason) content.push(' Reason: ', o.reason);
  return [p(...content)];
}

function burnRateItem(a: BurnRateAlert, env: EnvironmentSpec): Inline[] {
  const [long, short] = a.windows;
  const severity =
    a.severity === 'CRITICAL'
      ? pagingEnabled(env)
        ? 'CRITICAL, pages on-call'
        : 'CRITICAL; paging is off for this environment'
      : 'WARNING';
  return [
    strong(a.name),
    ` (${severity}): the budget burns more than ${a.threshold}\u00D7 faster than it can last over both the last ${windowText(long!.lookbackSeconds)} and the last ${windowText(short!.lookbackSeconds)}, so ${Math.round(a.budgetFraction * 100)}% of the ${a.periodDays}-day budget goes within ${windowText(long!.lookbackSeconds)}. The short window lets the alert close soon after the burn stops.`,
  ];
}

/** The section, or nothing for environments of a kind without objectives at all. */
export function objectivesSection(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  alerts: readonly AlertPolicy[],
): Block[] {
  const slos = serviceLevelObjectivesFor(spec, env);
  const blocks: Block[] = [h(4, objectivesHeading(env))];
  if (slos.length === 0) {
    blocks.push(p(...noObjectives(spec, env)), ...changedText(env));
    return blocks;
  }
  blocks.push(
    p(
      `Cloud Monitoring measures ${slos.length === 1 ? 'this objective' : 'these objectives'} from Cloud Run\u2019s own metrics over a rolling ${env.objectives.periodDays}-day period; `,
      url(urls.errorBudgetUrl(env), 'compliance and the remaining error budget'),
      ' are on the monitoring services page.',
    ),
    {
      type: 'table',
      header: [['Objective'], ['What counts as good'], ['Error budget']],
      rows: slos.map((s) => [[strong(s.displayName)], [s.meaning], [errorBudgetText(s)]]),
    },
    ...changedText(env),
  );
  const burn = alerts.filter((a): a is BurnRateAlert => a.kind === 'burn-rate');
  if (burn.length > 0) {
    blocks.push(
      p(
        'Burn-rate alerts (the multiwindow, multi-burn-rate alerts of the ',
        url(urls.SRE_WORKBOOK_ALERTING_ON_SLOS_URL, 'Google SRE Workbook, \u201CAlerting on SLOs\u201D'),
        '):',
      ),
      ul(burn.map((a) => li(burnRateItem(a, env)))),
    );
  } else if (spec.kind === 'job')
    blocks.push(
      p(
        'Job objectives have no burn-rate alerts: each failed execution alerts on its own (Cloud Run Job Failures), and the budget shows on the monitoring services page.',
      ),
    );
  return blocks;
}
