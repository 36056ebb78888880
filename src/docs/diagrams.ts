/**
 * Mermaid diagrams of a service (they render on GitHub and, with the bundled Mermaid, in the
 * HTML catalog): the architecture of one environment (DNS → load balancer → Cloud Run → data
 * stores and secrets), the rollout pipeline across environments, and the stacks of an
 * environment in apply order. Labels are escaped, so spec values cannot break a diagram.
 */
import { channelsForEnvironment } from '../alerts/routing.ts';
import { cloudRunName, type StackName } from '../naming/names.ts';
import type { PlatformConfig } from '../platform/model.ts';
import type { RolloutModel } from '../rollout/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';

/** A Mermaid label: quoted, with `"`, `<`, `>`, `#` and `&` as entity codes; lines joined with `<br/>`. */
export function mermaidLabel(...lines: string[]): string {
  const esc = (s: string) =>
    s.replace(
      /[#"<>&]/g,
      (c) => ({ '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;' })[c]!,
    );
  return `"${lines.map(esc).join('<br/>')}"`;
}

/** The environment's request path and dependencies. */
export function architectureDiagram(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
): string {
  const l: string[] = ['flowchart LR'];
  const run = 'run';
  const kind = spec.kind === 'job' ? 'Cloud Run job' : 'Cloud Run service';
  l.push(`  ${run}[${mermaidLabel(kind, cloudRunName(spec, env))}]`);
  if (spec.kind === 'job') {
    const trigger = env.schedule
      ? mermaidLabel('Cloud Scheduler', env.schedule.cron)
      : mermaidLabel('Manual executions');
    l.push(`  trigger[${trigger}] --> ${run}`);
  } else {
    const who =
      env.authentication.mode === 'public'
        ? 'Internet'
        : env.authentication.mode === 'domain'
          ? `${platform.organization.domain} users`
          : 'IAM-authorised callers';
    l.push(`  users([${mermaidLabel(who)}])`);
    if (env.domain) {
      const dns = env.domain.proxied
        ? mermaidLabel('Cloudflare proxy', env.domain.dnsName)
        : mermaidLabel('Cloudflare DNS', env.domain.dnsName, 'not proxied');
      l.push(`  users --> dns[${dns}]`);
      l.push(`  dns --> lb[${mermaidLabel('External HTTPS load balancer')}]`);
      l.push(`  lb --> ${run}`);
    } else l.push(`  users -->|${mermaidLabel('run.app URL')}| ${run}`);
  }
  const r = env.resources;
  if (r.redis)
    l.push(
      `  ${run} --> redis[(${mermaidLabel(
        'Memorystore Redis',
        `${r.redis.memoryGB} GB, ${r.redis.highAvailability ? 'standard HA' : 'basic'}`,
      )})]`,
    );
  if (r.postgreSQL)
    l.push(
      `  ${run} --> sql[(${mermaidLabel(
        'Cloud SQL PostgreSQL',
        `databases: ${r.postgreSQL.databases.join(', ')}`,
      )})]`,
    );
  if (r.bigQueryDataset)
    l.push(
      `  ${run} --> bq[(${mermaidLabel(
        `BigQuery ${r.bigQueryDataset.datasetID}`,
        `tables: ${r.bigQueryDataset.tables.map((t) => t.id).join(', ')}`,
      )})]`,
    );
  const secrets = [
    ...new Set([...env.secretEnv.map((s) => s.secret.raw), ...env.secretVolumes.map((s) => s.secret.raw)]),
  ].sort();
  if (secrets.length > 0)
    l.push(`  ${run} --> secrets[${mermaidLabel('Secret Manager', ...secrets.map(shortSecret))}]`);
  l.push(`  ${run} -.-> obs[${mermaidLabel('Cloud Logging, Monitoring, Trace')}]`);
  const channels = channelsForEnvironment(platform, spec, env);
  if (channels.length > 0)
    l.push(
      `  obs -.->|${mermaidLabel('alerts')}| notify[${mermaidLabel(...channels.map((c) => c.displayName))}]`,
    );
  return l.join('\n');
}

function shortSecret(raw: string): string {
  const m = /^projects\/([^/]+)\/secrets\/([^/]+)$/.exec(raw);
  return m ? `${m[2]} (${m[1]})` : raw;
}

/** The rollout: CI creates a release, which enters the first stage and is promoted stage by stage. */
export function rolloutDiagram(model: RolloutModel): string {
  const l: string[] = ['flowchart LR'];
  l.push(`  release([${mermaidLabel('New release', 'gcloud deploy releases create')}])`);
  l.push(`  subgraph pipeline[${mermaidLabel(`Cloud Deploy: ${model.pipelineName}`)}]`);
  l.push('    direction LR');
  model.stages.forEach((s, i) => {
    l.push(`    stage${i}[${mermaidLabel(`${i + 1}. ${s.environment}`, s.projectID, s.region)}]`);
  });
  for (let i = 1; i < model.stages.length; i++)
    l.push(`    stage${i - 1} -->|${mermaidLabel('promote')}| stage${i}`);
  l.push('  end');
  l.push('  release --> stage0');
  return l.join('\n');
}

/** What each stack holds in this environment, one line each. */
function stackContents(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  stack: StackName,
  alertCount: number,
): string {
  switch (stack) {
    case 'project':
      return 'GCP project, APIs';
    case 'iam':
      return 'service accounts, IAM grants';
    case 'cloudrun': {
      const parts = [spec.kind === 'job' ? 'Cloud Run job' : 'Cloud Run service'];
      if (env.domain) parts.push('load balancer, DNS');
      if (env.resources.redis) parts.push('Redis');
      if (env.resources.postgreSQL) parts.push('PostgreSQL');
      if (env.resources.bigQueryDataset) parts.push('BigQuery');
      if (env.isFinalRolloutStage) parts.push('rollout pipeline');
      return parts.join(', ');
    }
    case 'monitoring':
      return `${alertCount} alert ${alertCount === 1 ? 'policy' : 'policies'}, notification channels`;
    case 'tfcworkspaces':
      return 'Terraform Cloud workspace settings';
  }
}

/** The stacks of an environment in apply order. */
export function stacksDiagram(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  stacks: readonly StackName[],
  alertCount: number,
): string {
  // `stacks` is in apply order (tfcworkspaces first with Terraform Cloud).
  const ordered = [...stacks];
  const l: string[] = ['flowchart LR'];
  ordered.forEach((s, i) => {
    l.push(`  ${s}[${mermaidLabel(`${i + 1}. ${s}`, stackContents(spec, env, s, alertCount))}]`);
  });
  for (let i = 1; i < ordered.length; i++) l.push(`  ${ordered[i - 1]} --> ${ordered[i]}`);
  return l.join('\n');
}
