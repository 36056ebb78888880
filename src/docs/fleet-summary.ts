/**
 * The fleet at a glance: per service its kind, owners, environments and resources, and totals
 * (by category, deploy type and resource). Feeds `msp fleet` (table or JSON), the fleet index
 * and the HTML catalog's filters. Pure; services sorted by ID.
 */
import { CATEGORIES, type Category } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import { objectiveLabels } from './objectives-section.ts';
import { serviceDocPath } from './paths.ts';

/** Resource kinds, in display order, with the label people know them by. */
export const RESOURCE_KINDS = [
  { id: 'redis', label: 'Redis' },
  { id: 'postgresql', label: 'PostgreSQL' },
  { id: 'bigquery', label: 'BigQuery' },
] as const;
type ResourceKind = (typeof RESOURCE_KINDS)[number]['id'];

/** Resource kinds an environment uses. */
function environmentResources(env: EnvironmentSpec): ResourceKind[] {
  const r = env.resources;
  return RESOURCE_KINDS.filter((k) =>
    k.id === 'redis' ? r.redis : k.id === 'postgresql' ? r.postgreSQL : r.bigQueryDataset,
  ).map((k) => k.id);
}

export interface FleetServiceSummary {
  id: string;
  name: string;
  kind: ServiceSpec['kind'];
  owners: string[];
  environments: {
    id: string;
    category: Category;
    projectID: string;
    deploy: EnvironmentSpec['deploy']['type'];
    resources: ResourceKind[];
    domain?: string;
    /** The environment's service-level objectives in words, e.g. `99.9% available`; empty: none. */
    objectives: string[];
  }[];
  /** Union over the environments, in display order. */
  resources: ResourceKind[];
  /** Rollout stages, when the service has a pipeline. */
  rollout?: string[];
  /** The operations page, fleet-relative. */
  opsPage: string;
}

interface FleetSummary {
  services: FleetServiceSummary[];
  totals: {
    services: number;
    byKind: Record<ServiceSpec['kind'], number>;
    owners: string[];
    environments: number;
    byCategory: Record<Category, number>;
    byDeployType: Record<string, number>;
    byResource: Record<ResourceKind, number>;
    rolloutPipelines: number;
  };
}

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** Summarises the fleet. */
export function fleetSummary(specs: readonly ServiceSpec[]): FleetSummary {
  const services = [...specs].sort(byKey((s) => s.id)).map((s): FleetServiceSummary => {
    const environments = s.environments.map((e) => ({
      id: e.id,
      category: e.category,
      projectID: e.projectID,
      deploy: e.deploy.type,
      resources: environmentResources(e),
      ...(e.domain ? { domain: e.domain.dnsName } : {}),
      objectives: objectiveLabels(s, e),
    }));
    const used = new Set(environments.flatMap((e) => e.resources));
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      owners: [...s.owners],
      environments,
      resources: RESOURCE_KINDS.map((k) => k.id).filter((k) => used.has(k)),
      ...(s.rollout ? { rollout: [...s.rollout.stages] } : {}),
      opsPage: serviceDocPath(s.id),
    };
  });
  const envs = services.flatMap((s) => s.environments);
  const byCategory = Object.fromEntries(
    CATEGORIES.map((c) => [c, envs.filter((e) => e.category === c).length]),
  ) as Record<Category, number>;
  const byDeployType: Record<string, number> = {};
  for (const t of [...new Set(envs.map((e) => e.deploy))].sort())
    byDeployType[t] = envs.filter((e) => e.deploy === t).length;
  const byResource = Object.fromEntries(
    RESOURCE_KINDS.map((k) => [k.id, envs.filter((e) => e.resources.includes(k.id)).length]),
  ) as Record<ResourceKind, number>;
  return {
    services,
    totals: {
      services: services.length,
      byKind: {
        service: services.filter((s) => s.kind === 'service').length,
        job: services.filter((s) => s.kind === 'job').length,
      },
      owners: [...new Set(services.flatMap((s) => s.owners))].sort(),
      environments: envs.length,
      byCategory,
      byDeployType,
      byResource,
      rolloutPipelines: services.filter((s) => s.rollout).length,
    },
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One sentence of totals, e.g. "4 services (3 services, 1 job), owned by 4 teams, …". */
export function totalsSentence(t: FleetSummary['totals']): string {
  const cats = CATEGORIES.map((c) => `${t.byCategory[c]} ${c}`).join(', ');
  return (
    `${plural(t.services, 'service')} (${plural(t.byKind.service, 'Cloud Run service')}, ${plural(t.byKind.job, 'job')}), ` +
    `owned by ${plural(t.owners.length, 'team')}, in ${plural(t.environments, 'environment')} (${cats}), ` +
    `with ${plural(t.rolloutPipelines, 'rollout pipeline')}`
  );
}

/** `msp fleet`'s table: one row per service, then the totals. */
export function renderFleetTable(summary: FleetSummary): string {
  const header = ['SERVICE', 'KIND', 'OWNERS', 'ENVIRONMENTS', 'RESOURCES', 'ROLLOUT'];
  const rows = summary.services.map((s) => [
    s.id,
    s.kind,
    s.owners.join(','),
    s.environments.map((e) => `${e.id}:${e.category}`).join(' '),
    s.resources.join(',') || '-',
    s.rollout ? s.rollout.join('->') : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const t = summary.totals;
  const deploy = Object.entries(t.byDeployType)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const res = RESOURCE_KINDS.map((k) => `${t.byResource[k.id]} ${k.label}`).join(', ');
  return [
    line(header),
    ...rows.map(line),
    '',
    `${totalsSentence(t)}.`,
    `Teams: ${t.owners.join(', ') || 'none'}.`,
    `Deploy types: ${deploy || 'none'}. Environments with ${res}.`,
    '',
  ].join('\n');
}
