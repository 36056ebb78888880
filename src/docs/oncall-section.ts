/**
 * "On call": the first section of the operations page, for the person an alert just woke up.
 * One line per environment, production first (see `production.ts`): the alerts dashboard, open
 * incidents, logs, the Cloud Run console, who critical alerts page, and links to the
 * environment's rollback advice and its failure modes without an alert; then the Notion page,
 * the runbook and the owners.
 */
import type { AlertPolicy } from '../alerts/model.ts';
import { routeAlerts } from '../alerts/routing.ts';
import type { PlatformConfig } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import { dashboardName } from '../stacks/resources/monitoring-dashboard.ts';
import * as urls from '../urls/index.ts';
import { alertGaps } from './alert-gaps-section.ts';
import { anchor, type Block, h, type Inline, join, type ListItem, li, p, strong, ul, url } from './doc.ts';
import { isProduction, productionFirst } from './production.ts';

/** Headings of the page this section links to. */
interface OnCallHeadings {
  section: string;
  env: (e: EnvironmentSpec) => string;
  rollback: (e: EnvironmentSpec) => string;
  gaps: (e: EnvironmentSpec) => string;
  alerts: string;
}

/** Who critical alerts of the environment page, in words. */
function pagedText(spec: ServiceSpec, env: EnvironmentSpec, platform: PlatformConfig): Inline[] {
  const paging = routeAlerts(platform, spec, env).bySeverity.CRITICAL.filter((c) => c.paging);
  if (paging.length === 0) return ['critical alerts page ', strong('nobody')];
  return [
    'critical alerts page ',
    ...join(
      paging.map((c) => strong(c.displayName)),
      ', ',
    ),
  ];
}

/** `dashboard “MSP Alerts - <Name> (<env>)”`: the alerts dashboard the monitoring stack creates. */
export function dashboardLabel(spec: ServiceSpec, env: EnvironmentSpec): string {
  return `dashboard \u201c${dashboardName({ spec, env })}\u201d`;
}

/**
 * The alerts dashboard, linked through the project's custom dashboards (Cloud Monitoring assigns
 * the dashboard's ID when Terraform creates it, so no link can name the dashboard itself).
 */
export function dashboardLink(spec: ServiceSpec, env: EnvironmentSpec): Inline {
  return url(urls.dashboardsUrl(env), dashboardLabel(spec, env));
}

function envLine(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
  alerts: readonly AlertPolicy[],
  hd: OnCallHeadings,
): ListItem {
  const gaps = alertGaps(spec, env, platform, alerts);
  return li([
    anchor(hd.env(env), strong(env.id)),
    ` (${env.category}${isProduction(env) ? ', production' : ''}): `,
    dashboardLink(spec, env),
    ', ',
    url(urls.incidentsUrl(env), 'incidents'),
    ', ',
    url(urls.logsExplorerUrl(spec, env), 'logs'),
    ', ',
    url(urls.cloudRunUrl(spec, env), spec.kind === 'job' ? 'executions' : 'revisions'),
    '; ',
    ...pagedText(spec, env, platform),
    '; ',
    anchor(hd.rollback(env), 'rollback'),
    ...(gaps.length > 0
      ? [
          '; ',
          anchor(hd.gaps(env), `${gaps.length} failure mode${gaps.length === 1 ? '' : 's'} without an alert`),
        ]
      : []),
  ]);
}

/** The "On call" section. `alerts` are the environments' alert policies (`alertPoliciesFor`). */
export function onCallSection(
  spec: ServiceSpec,
  platform: PlatformConfig,
  alerts: ReadonlyMap<string, readonly AlertPolicy[]>,
  hd: OnCallHeadings,
): Block[] {
  const envs = productionFirst(spec.environments);
  const items: ListItem[] = envs.map((e) => envLine(spec, e, platform, alerts.get(e.id) ?? [], hd));
  const more: Inline[] = [];
  const notion = urls.notionPageUrl(spec);
  if (notion) more.push(url(notion, 'Notion page'));
  if (platform.links.runbook) more.push(url(platform.links.runbook, 'incident runbook'));
  more.push(anchor(hd.alerts, 'what each alert means'));
  return [
    h(2, hd.section),
    p(
      'Production environments (category ',
      strong('external'),
      ' or ',
      strong('internal'),
      ') come first, here and in the rest of the page.',
    ),
    ul(items),
    p(
      'Owners: ',
      ...join(
        spec.owners.map((o) => strong(o)),
        ', ',
      ),
      '. See also: ',
      ...join(more, ', '),
      '.',
    ),
  ];
}
