/**
 * The operations page of one service (`services/<id>/docs/operations.md`): overview, rollout,
 * one section per environment (access by category and how to request more, Cloud Run, data
 * stores, Terraform), incident response and every alert policy. Built only from the spec, the
 * platform config and the models the generators share (URLs, alerts, rollout), so the page
 * always describes what `msp generate` creates. The spec's `description` is left out on
 * purpose (it may be sensitive), as are all secret values.
 */
import { type AlertPolicy, isQueryAlert } from '../alerts/model.ts';
import { windowText } from '../alerts/objectives.ts';
import { alertPoliciesFor } from '../alerts/policies.ts';
import { channelsForEnvironment, routeAlerts } from '../alerts/routing.ts';
import { PROBES } from '../contract/runtime-contract.ts';
import {
  cloudRunName,
  type StackName,
  tfcProjectName,
  workloadSaEmail,
  workspaceName,
} from '../naming/names.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { releaseCommand, rolloutModel } from '../rollout/model.ts';
import { SPEC_DEFAULTS } from '../spec/defaults.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import { stacksOf } from '../stacks/apply-order.ts';
import { workspaceTags } from '../stacks/resources/tfc-workspace.ts';
import {
  commandLine,
  incidentCommands,
  mspLogsCommand,
  mspOpsCommand,
  mspPgConnectCommand,
  mspTfcViewCommand,
} from '../urls/commands.ts';
import * as urls from '../urls/index.ts';
import { accessSection, databaseAccessBlocks, notifiedInline } from './access-section.ts';
import { alertGapsSection } from './alert-gaps-section.ts';
import { applyOrderSection, postgresManualSteps } from './apply-order-section.ts';
import { architectureDiagram, rolloutDiagram, stacksDiagram } from './diagrams.ts';
import {
  anchor,
  type Block,
  code,
  codeBlock,
  type Doc,
  fileLink,
  h,
  type Inline,
  join,
  type ListItem,
  li,
  note,
  ol,
  p,
  pageLink,
  strong,
  ul,
  url,
} from './doc.ts';
import { renderMarkdown } from './markdown.ts';
import { objectivesSection } from './objectives-section.ts';
import { dashboardLink, onCallSection } from './oncall-section.ts';
import { serviceDocPath } from './paths.ts';
import { productionFirst } from './production.ts';
import { reachabilityText } from './reachability.ts';
import { rollbackSection } from './rollback-section.ts';
import { failedAppliesText, tfcAccessSteps } from './terraform-runs-section.ts';

export interface ServiceDocsOptions {
  /**
   * Revision of the fleet repository the page was generated from, shown in the generation
   * note. Omit it for committed pages: a revision would change with every commit.
   */
  revision?: string;
}

/** A generated docs file, path relative to the fleet root. */
export interface DocsFile {
  path: string;
  content: string;
}

/** The docs files of one service (today: its operations page). Pure and deterministic. */
export function buildServiceDocs(
  spec: ServiceSpec,
  platform: PlatformConfig,
  opts: ServiceDocsOptions = {},
): DocsFile[] {
  const doc = buildServiceDoc(spec, platform, opts);
  return [{ path: doc.path, content: renderMarkdown(doc) }];
}

/** The stacks generated for every environment under this platform config, in apply order. */
export function environmentStacks(platform: PlatformConfig): StackName[] {
  // In apply order; the tfcworkspaces stack configures Terraform Cloud workspaces, so it exists
  // only there, and comes first.
  return stacksOf(platform);
}

/** Heading texts, shared by the sections and the links that point at them. */
export const HEADINGS = {
  onCall: 'On call',
  overview: 'Service overview',
  rollouts: 'Rollouts',
  environments: 'Environments',
  incident: 'Incident response',
  alerts: 'Alert policies',
  env: (e: EnvironmentSpec) => e.id,
  access: (e: EnvironmentSpec) => `${e.id} access`,
  cloudRun: (e: EnvironmentSpec) => `${e.id} Cloud Run`,
  redis: (e: EnvironmentSpec) => `${e.id} Redis`,
  postgres: (e: EnvironmentSpec) => `${e.id} PostgreSQL`,
  bigQuery: (e: EnvironmentSpec) => `${e.id} BigQuery`,
  terraform: (e: EnvironmentSpec) => `${e.id} Terraform`,
  architecture: (e: EnvironmentSpec) => `${e.id} architecture`,
  rollback: (e: EnvironmentSpec) => `${e.id} rollback`,
  gaps: (e: EnvironmentSpec) => `${e.id} without alerts`,
};

/** The page as a document (rendered to Markdown here, to HTML by the catalog). */
export function buildServiceDoc(
  spec: ServiceSpec,
  platform: PlatformConfig,
  opts: ServiceDocsOptions = {},
): Doc {
  const alerts = new Map(spec.environments.map((e) => [e.id, alertPoliciesFor(spec, e, platform)]));
  const envs = productionFirst(spec.environments);
  const blocks: Block[] = [
    h(1, `${spec.name} operations`),
    generationNote(spec, platform, opts),
    p(
      'This page is the operational guide to ',
      strong(spec.name),
      `, a service of the ${platform.organization.name} managed services platform: where it runs, who can reach what, and what to do when an alert fires. All services are listed in the `,
      pageLink({ type: 'index' }, 'fleet index'),
      '.',
    ),
    ...onCallSection(spec, platform, alerts, {
      section: HEADINGS.onCall,
      env: HEADINGS.env,
      rollback: HEADINGS.rollback,
      gaps: HEADINGS.gaps,
      alerts: HEADINGS.alerts,
    }),
    ...overview(spec),
    ...rollouts(spec),
    h(2, HEADINGS.environments),
    ...envs.flatMap((e) => environment(spec, e, platform, alerts.get(e.id) ?? [])),
    ...applyOrderSection(spec, platform),
    ...incidentResponse(spec, platform),
    ...alertSection(spec, alerts, platform),
  ];
  return {
    path: serviceDocPath(spec.id),
    page: { type: 'service', id: spec.id },
    title: `${spec.name} operations`,
    blocks,
  };
}

function generationNote(spec: ServiceSpec, platform: PlatformConfig, opts: ServiceDocsOptions): Block {
  const from: Inline[] = [fileLink(specPath(spec))];
  if (opts.revision)
    from.push(
      ' at ',
      url(
        urls.repoRevisionUrl(platform, opts.revision),
        code(`${platform.terraform.vcs.repo}@${opts.revision.slice(0, 7)}`),
      ),
    );
  return note(
    'NOTE',
    p(
      'Generated by ',
      code('msp'),
      ' from ',
      ...from,
      '. Do not edit this file: change the spec (or the README beside it) and run ',
      code(mspOpsCommand(spec)),
      '.',
    ),
  );
}

function specPath(spec: ServiceSpec): string {
  return `services/${spec.id}/service.yaml`;
}

function overview(spec: ServiceSpec): Block[] {
  const items: ListItem[] = [
    li(['Service ID: ', code(spec.id), ' (', fileLink(specPath(spec), 'specification'), ')']),
    li([
      'Owners: ',
      ...join(
        spec.owners.map((o) => strong(o)),
        ', ',
      ),
    ]),
    li(['Kind: ', spec.kind === 'job' ? 'Cloud Run job' : 'Cloud Run service']),
    li(
      'Environments (production first):',
      productionFirst(spec.environments).map((e) =>
        li([anchor(HEADINGS.env(e), code(e.id)), ` (${e.category})`]),
      ),
    ),
    li(['Image: ', code(spec.build.image)]),
  ];
  const src = urls.sourceUrl(spec);
  if (src) {
    const label = [spec.build.source.repo, urls.cleanPath(spec.build.source.dir ?? '')]
      .filter(Boolean)
      .join('/');
    items.push(li(['Source code: ', url(src, code(label))]));
  }
  const notion = urls.notionPageUrl(spec);
  if (notion) items.push(li(['Notion page: ', url(notion, code(spec.notionPageID ?? ''))]));
  if (spec.protocol === 'h2c') items.push(li(['Protocol: HTTP/2 cleartext (', code('h2c'), ')']));
  if (spec.rollout)
    items.push(li(['Rollout: ', anchor(HEADINGS.rollouts, spec.rollout.stages.join(' -> '))]));
  const blocks: Block[] = [h(2, HEADINGS.overview), ul(items)];
  if (spec.readme !== undefined && spec.readme.trim() !== '') {
    blocks.push({ type: 'markdown', source: spec.readme, baseDir: `services/${spec.id}`, headingShift: 2 });
    blocks.push(p({ em: ['From ', fileLink(`services/${spec.id}/README.md`), '.'] }));
  }
  return blocks;
}

function rollouts(spec: ServiceSpec): Block[] {
  const model = rolloutModel(spec);
  if (!model) return [];
  const [first, ...later] = model.stages;
  const pipeline = urls.deliveryPipelineUrl({
    name: model.pipelineName,
    region: model.region,
    project: model.projectID,
  });
  const blocks: Block[] = [
    h(2, HEADINGS.rollouts),
    ul([
      li(['Delivery pipeline: ', url(pipeline, code(model.pipelineName))]),
      li(['Pipeline project: ', code(model.projectID), ' in ', code(model.region)]),
      li([
        'Stages: ',
        ...join(
          model.stages.map((s) => {
            const env = spec.environments.find((e) => e.id === s.environment)!;
            return anchor(HEADINGS.env(env), code(s.environment));
          }),
          ' -> ',
        ),
      ]),
      li(['First revision in every stage: image tag ', code(model.initialImageTag)]),
      ...(model.suspended
        ? [li([strong('Suspended'), ': no new releases or rollouts until it is resumed.'])]
        : []),
    ]),
    p(
      'A new release goes to the first stage, ',
      code(first?.environment ?? ''),
      later.length > 0
        ? '. Promote it to the next stage from the delivery pipeline page once the stage looks healthy.'
        : '.',
    ),
    { type: 'mermaid', title: `${spec.name} rollout`, code: rolloutDiagram(model) },
    p(
      'Create a release (CI does this on every build; set ',
      code('IMAGE_TAG'),
      ' and ',
      code('RELEASE_NAME'),
      '):',
    ),
    codeBlock('bash', releaseCommand(model).shell),
  ];
  return blocks;
}

function deployText(spec: ServiceSpec, env: EnvironmentSpec): Inline[] {
  const d = env.deploy;
  if (d.type === 'manual') return [code('manual'), ': image tag ', code(d.tag), ' from the spec'];
  if (d.type === 'subscription') return [code('subscription'), ': follows the image tag ', code(d.tag)];
  const stages = spec.rollout?.stages ?? [];
  return [
    code('rollout'),
    `: stage ${stages.indexOf(env.id) + 1} of ${stages.length} of the `,
    anchor(HEADINGS.rollouts, 'rollout'),
  ];
}

function authText(env: EnvironmentSpec, platform: PlatformConfig): string {
  if (env.authentication.mode === 'public') return 'public (anyone may call it)';
  if (env.authentication.mode === 'domain')
    return `members of ${platform.organization.domain} and principals granted roles/run.invoker`;
  return 'only principals granted roles/run.invoker (IAM)';
}

function environment(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
  alerts: readonly AlertPolicy[],
): Block[] {
  const r = env.resources;
  const resources: ListItem[] = [];
  if (r.redis) resources.push(li(anchor(HEADINGS.redis(env), 'Redis')));
  if (r.postgreSQL) resources.push(li(anchor(HEADINGS.postgres(env), 'PostgreSQL')));
  if (r.bigQueryDataset) resources.push(li(anchor(HEADINGS.bigQuery(env), 'BigQuery')));
  const items: ListItem[] = [
    li(['Project: ', url(urls.projectUrl(env), code(env.projectID))]),
    li(['Category: ', strong(env.category), ' (', anchor(HEADINGS.access(env), 'access'), ')']),
    li([
      'Region: ',
      code(env.locations.gcpRegion),
      ', multi-region location ',
      code(env.locations.gcpLocation),
    ]),
    li(['Deployment: ', ...deployText(spec, env)]),
    resources.length > 0 ? li('Resources:', resources) : li('Resources: none'),
  ];
  if (env.domain) {
    const dom = urls.domainUrl(env)!;
    items.push(
      li([
        'Domain: ',
        url(dom),
        env.domain.proxied
          ? ' (Cloudflare proxy, DNS and TLS at the edge)'
          : ' (Cloudflare DNS only, not proxied)',
      ]),
    );
  }
  if (spec.kind === 'service') {
    items.push(li(`Authentication: ${authText(env, platform)}`));
    items.push(li(`Reachable: ${reachabilityText(env)}`));
  }
  const channels = channelsForEnvironment(platform, spec, env);
  items.push(
    channels.length > 0
      ? li(
          'Notification channels:',
          channels.map((c) => {
            const dest =
              c.type === 'slack'
                ? c.labels.channel_name
                : c.type === 'email'
                  ? c.labels.email_address
                  : undefined;
            return li([
              strong(c.displayName),
              ' (',
              code(c.type),
              `${dest && dest !== c.displayName ? `, ${dest}` : ''}): `,
              c.severities.includes('WARNING') && c.severities.includes('CRITICAL')
                ? 'WARNING and CRITICAL alerts'
                : `${c.severities.join(', ')} alerts`,
              c.paging ? ', pages on-call' : '',
            ]);
          }),
        )
      : li('Notification channels: none (alerts show in the console only)'),
  );
  items.push(
    li([
      'Monitoring: ',
      dashboardLink(spec, env),
      ' (among the custom dashboards), ',
      url(urls.alertPoliciesUrl(env), `${alerts.length} alert policies`),
      ', ',
      url(urls.incidentsUrl(env), 'incidents'),
      ', ',
      url(urls.notificationChannelsUrl(env), 'notification channels'),
    ]),
  );
  items.push(
    li([
      'Logs, traces, errors: ',
      url(urls.logsExplorerUrl(spec, env), 'Logs Explorer'),
      ', ',
      url(urls.tracesUrl(env), 'Cloud Trace'),
      ', ',
      url(urls.errorReportingUrl(env), 'Error Reporting'),
    ]),
  );
  return [
    h(3, HEADINGS.env(env)),
    ul(items),
    h(4, HEADINGS.architecture(env)),
    {
      type: 'mermaid',
      title: `${spec.name} ${env.id} architecture`,
      code: architectureDiagram(spec, env, platform),
    },
    ...objectivesSection(spec, env, alerts),
    ...alertGapsSection(spec, env, platform, alerts, HEADINGS.gaps(env)),
    ...accessSection(spec, env, platform, HEADINGS.access(env)),
    ...cloudRun(spec, env),
    ...rollbackSection(spec, env, HEADINGS.rollback(env), anchor(HEADINGS.rollouts)),
    ...redis(env),
    ...postgres(spec, env, platform),
    ...bigQuery(spec, env),
    ...terraform(spec, env, platform, alerts.length),
  ];
}

function cloudRun(spec: ServiceSpec, env: EnvironmentSpec): Block[] {
  const i = env.instances;
  const items: ListItem[] = [
    li(['Console: ', url(urls.cloudRunUrl(spec, env), code(cloudRunName(spec, env)))]),
    li([
      'Logs: ',
      url(urls.logsExplorerUrl(spec, env), 'Logs Explorer'),
      ' (',
      code(mspLogsCommand(spec, env)),
      ')',
    ]),
    li(['Runs as: ', code(workloadSaEmail(spec, env))]),
    li([
      `Instances: ${i.cpu} CPU, `,
      code(i.memory),
      ' memory',
      i.cloudRunGeneration ? `, execution environment gen${i.cloudRunGeneration}` : '',
    ]),
  ];
  if (i.scaling)
    items.push(
      li(
        `Scaling: ${i.scaling.minCount} to ${i.scaling.maxCount} instances, up to ${i.scaling.maxRequestConcurrency} concurrent requests each`,
      ),
    );
  if (spec.kind === 'job') {
    items.push(
      li(
        env.schedule ? ['Schedule: ', code(env.schedule.cron), ' (UTC)'] : ['Schedule: none (run on demand)'],
      ),
    );
    items.push(li(`Task timeout: ${env.deadlineSeconds} s`));
  } else if (env.healthProbes?.healthzProbes) {
    items.push(li(healthProbeSummary(env.healthProbes)));
  } else items.push(li('Health probes: Cloud Run defaults (TCP startup probe)'));
  const secrets = [
    ...env.secretEnv.map((s) => li([code(s.name), ' from secret ', code(s.secret.raw)])),
    ...env.secretVolumes.map((v) => li([code(v.mountPath), ' from secret ', code(v.secret.raw)])),
  ];
  if (secrets.length > 0)
    items.push(li(['Secrets (', url(urls.secretManagerUrl(env), 'Secret Manager'), '):'], secrets));
  const cmds = incidentCommands(spec, env);
  return [
    h(4, HEADINGS.cloudRun(env)),
    ul(items),
    codeBlock(
      'bash',
      [
        `# Logs Explorer link (add --open to open it)`,
        mspLogsCommand(spec, env),
        ...cmds.flatMap((c) => [`# ${c.label}`, commandLine(c.argv)]),
      ].join('\n'),
    ),
  ];
}

function redis(env: EnvironmentSpec): Block[] {
  const r = env.resources.redis;
  if (!r) return [];
  return [
    h(4, HEADINGS.redis(env)),
    ul([
      li(['Console: ', url(urls.redisUrl(env), 'Memorystore for Redis')]),
      li(
        `Instance: ${r.memoryGB} GB, ${r.highAvailability ? 'standard tier with a replica (HA)' : 'basic tier (no replica)'}, AUTH and TLS on`,
      ),
      li(['The service reads the address and credentials from ', code('REDIS_ENDPOINT'), '.']),
    ]),
  ];
}

function postgres(spec: ServiceSpec, env: EnvironmentSpec, platform: PlatformConfig): Block[] {
  const pg = env.resources.postgreSQL;
  if (!pg) return [];
  const items: ListItem[] = [
    li(['Console: ', url(urls.cloudSqlUrl(env), 'Cloud SQL instances')]),
    li([
      'Databases: ',
      ...join(
        pg.databases.map((d) => code(d)),
        ', ',
      ),
    ]),
    li(
      `Instance: ${pg.cpu} CPU, ${pg.memoryGB} GB memory, ${pg.highAvailability ? 'regional (HA)' : 'zonal'}, max ${pg.maxConnections ?? SPEC_DEFAULTS.postgreSQL.maxConnections} connections${pg.maxConnections === undefined ? ' (Cloud SQL default)' : ''}`,
    ),
    li('Sign-in: IAM database authentication only; SSL required'),
  ];
  if (pg.logicalReplication && pg.logicalReplication.publications.length > 0)
    items.push(
      li(
        'Logical replication publications:',
        pg.logicalReplication.publications.map((pub) =>
          li([
            code(pub.name),
            ' on ',
            code(pub.database),
            ': ',
            ...join(
              pub.tables.map((t) => code(t)),
              ', ',
            ),
          ]),
        ),
      ),
    );
  return [
    h(4, HEADINGS.postgres(env)),
    ul(items),
    ...postgresManualSteps(env),
    ...databaseAccessBlocks(spec, env, platform, anchor(HEADINGS.access(env), 'access')),
    codeBlock(
      'bash',
      [
        '# read-only',
        mspPgConnectCommand(spec, env, false),
        '# read-write: use with caution',
        mspPgConnectCommand(spec, env, true),
      ].join('\n'),
    ),
  ];
}

function bigQuery(spec: ServiceSpec, env: EnvironmentSpec): Block[] {
  const ds = env.resources.bigQueryDataset;
  if (!ds) return [];
  return [
    h(4, HEADINGS.bigQuery(env)),
    ul([
      li(['Dataset: ', url(urls.bigQueryUrl(env)!, code(`${ds.projectID}.${ds.datasetID}`))]),
      li(['Location: ', code(env.locations.gcpLocation)]),
      li(
        'Tables:',
        ds.tables.map((t) =>
          li([
            url(urls.bigQueryUrl(env, t.id)!, code(t.id)),
            ` (${t.schema.length} columns, schema `,
            fileLink(`services/${spec.id}/${t.schemaFile}`, code(t.schemaFile)),
            ')',
          ]),
        ),
      ),
    ]),
  ];
}

function terraform(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
  alertCount: number,
): Block[] {
  const b = platform.terraform.backend;
  const stacks = environmentStacks(platform);
  const where =
    b.type === 'cloud'
      ? 'Terraform Cloud workspace'
      : b.type === 'gcs'
        ? `state in gs://${b.bucket}/${b.prefix}`
        : 'local state file';
  const items = stacks.map((s) => {
    const ws = workspaceName(b, spec.id, env.id, s);
    const link = urls.workspaceUrl(platform, spec.id, env.id, s);
    return li([
      fileLink(`services/${spec.id}/terraform/${env.id}/stacks/${s}/main.tf.json`, code(s)),
      ': ',
      link ? url(link, code(ws)) : code(ws),
    ]);
  });
  return [
    h(4, HEADINGS.terraform(env)),
    p(
      'Generated from the spec by ',
      code(commandLine(['msp', 'generate', spec.id, env.id])),
      `; applied stack by stack, in this order (each with its ${where}):`,
    ),
    ul(items),
    ...tfcAccess(spec, env, platform),
    ...failedAppliesText(platform),
    ...tfcAccessSteps(spec, platform),
    {
      type: 'mermaid',
      title: `${spec.name} ${env.id} stacks`,
      code: stacksDiagram(spec, env, stacks, alertCount),
    },
    codeBlock('bash', mspTfcViewCommand(spec, env)),
  ];
}

/** How to reach the environment's Terraform Cloud workspaces (tag list, run failures). */
function tfcAccess(spec: ServiceSpec, env: EnvironmentSpec, platform: PlatformConfig): Block[] {
  const tag = workspaceTags(spec.id, env.id).at(-1)!;
  const list = urls.workspaceTagUrl(platform, tag);
  if (!list) return [];
  return [
    p(
      'All workspaces of this environment (Terraform Cloud project ',
      code(tfcProjectName(spec.id, env.id)),
      ') carry the tag ',
      url(list, code(tag)),
      '. A failed run stops the stacks after it.',
    ),
  ];
}

function incidentResponse(spec: ServiceSpec, platform: PlatformConfig): Block[] {
  const steps: ListItem[] = [
    li([
      'Find the alert that fired under ',
      anchor(HEADINGS.alerts),
      ': what it means and which environment it came from.',
    ]),
    li(
      'Look at the environment: logs, errors and recent revisions:',
      productionFirst(spec.environments).map((e) =>
        li([
          code(e.id),
          ': ',
          url(urls.logsExplorerUrl(spec, e), 'logs'),
          ', ',
          url(urls.errorReportingUrl(e), 'errors'),
          ', ',
          url(urls.cloudRunUrl(spec, e), spec.kind === 'job' ? 'executions' : 'revisions'),
          ' (commands in ',
          anchor(HEADINGS.cloudRun(e), `${e.id} Cloud Run`),
          ')',
        ]),
      ),
    ),
    li([
      'If you need more access than you have, request it in the access section of the environment (',
      ...join(
        productionFirst(spec.environments).map((e) => anchor(HEADINGS.access(e), code(e.id))),
        ', ',
      ),
      ').',
    ]),
    li([
      'Mitigate: roll back as the environment’s rollback section says (',
      ...join(
        productionFirst(spec.environments).map((e) => anchor(HEADINGS.rollback(e), code(e.id))),
        ', ',
      ),
      ')',
      spec.kind === 'job' ? ', and rerun the job once the cause is fixed.' : '.',
    ]),
    li([
      'Involve the owners: ',
      ...join(
        spec.owners.map((o) => strong(o)),
        ', ',
      ),
      '.',
    ]),
  ];
  const blocks: Block[] = [h(2, HEADINGS.incident), ol(steps)];
  if (platform.links.runbook)
    blocks.push(p('The incident process is described in the ', url(platform.links.runbook, 'runbook'), '.'));
  return blocks;
}

/** A one-line summary of an alert's condition, for the alert reference. */
function conditionSummary(a: AlertPolicy): Inline[] {
  if (a.kind === 'burn-rate')
    return [
      `error budget burn rate above ${a.threshold}× over `,
      ...join(
        a.windows.map((w) => windowText(w.lookbackSeconds)),
        ' and ',
      ),
      ` (${Math.round(a.budgetFraction * 100)}% of the ${a.periodDays}-day budget within ${windowText(a.windows[0]!.lookbackSeconds)})`,
    ];
  if (isQueryAlert(a)) return [`${a.kind === 'mql' ? 'MQL' : 'PromQL'} query, for ${a.durationSeconds} s`];
  if (a.kind === 'absence') return ['no ', code(a.metric), ` data for ${a.durationSeconds} s`];
  const windowed = `${alignerName(a.aligner)} over ${a.windowSeconds} s`;
  const cmp = a.comparison === 'COMPARISON_GT' ? 'above' : 'below';
  const hold = a.durationSeconds > 0 ? `, for ${a.durationSeconds} s` : '';
  return [code(a.metric), ` ${cmp} ${a.threshold}${a.unit ? ` ${a.unit}` : ''} (${windowed}${hold})`];
}

interface AlertVariant {
  envs: string[];
  alert: AlertPolicy;
}

/**
 * Alert names of all environments in one order that keeps each environment's own order: a
 * name first seen in a later environment goes right after its predecessor there.
 */
function mergedAlertOrder(lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const list of lists) {
    let at = -1;
    for (const name of list) {
      const i = out.indexOf(name);
      if (i >= 0) at = i;
      else {
        out.splice(at + 1, 0, name);
        at++;
      }
    }
  }
  return out;
}

function alertSection(
  spec: ServiceSpec,
  byEnv: Map<string, readonly AlertPolicy[]>,
  platform: PlatformConfig,
): Block[] {
  const envs = productionFirst(spec.environments);
  const variants = new Map<string, AlertVariant[]>();
  for (const env of envs) {
    for (const a of byEnv.get(env.id) ?? []) {
      const list = variants.get(a.name) ?? [];
      variants.set(a.name, list);
      const key = variantKey(a);
      const same = list.find((v) => variantKey(v.alert) === key);
      if (same) same.envs.push(env.id);
      else list.push({ envs: [env.id], alert: a });
    }
  }
  const order = mergedAlertOrder(envs.map((e) => (byEnv.get(e.id) ?? []).map((a) => a.name)));
  const blocks: Block[] = [
    h(2, HEADINGS.alerts),
    p(
      'Every alert policy of the service, from the same alert model as the monitoring stack. ',
      'Notifications carry the description below and a link back to this page; what to do first is under ',
      anchor(HEADINGS.incident),
      '.',
    ),
    ul(
      envs.map((e) =>
        li([
          strong(e.id),
          ': ',
          url(urls.alertPoliciesUrl(e), 'alert policies'),
          ', ',
          url(urls.incidentsUrl(e), 'incidents'),
          ', ',
          dashboardLink(spec, e),
        ]),
      ),
    ),
  ];
  for (const name of order) {
    blocks.push(h(3, name));
    for (const v of variants.get(name)!) {
      const a = v.alert;
      blocks.push(
        ul([
          li(['Severity: ', a.severity === 'CRITICAL' ? '\u{1F6A8} ' : '\u26A0\uFE0F ', code(a.severity)]),
          li([
            'Environments: ',
            ...join(
              v.envs.map((e) => code(e)),
              ', ',
            ),
          ]),
          li(['Condition: ', ...conditionSummary(a)]),
          consoleItem(spec, v.envs, a),
          pagesItem(spec, v.envs, platform, a.severity),
          notifiedItem(spec, v.envs, platform, a.severity),
        ]),
      );
      // Descriptions are Markdown (they also go into the notifications), embedded like the README.
      blocks.push({
        type: 'quote',
        blocks: [
          { type: 'markdown', source: a.description.trim(), baseDir: `services/${spec.id}`, headingShift: 3 },
        ],
      });
      // Custom queries are the spec's own, the same in every environment: show them.
      if (a.group === 'custom' && isQueryAlert(a))
        blocks.push(codeBlock(a.kind === 'mql' ? '' : 'promql', a.query));
    }
  }
  return blocks;
}

/** Where to look at the alert's condition in the console, per environment (the URL model decides). */
function consoleItem(spec: ServiceSpec, envIds: readonly string[], alert: AlertPolicy): ListItem {
  return li([
    'Console: ',
    ...join(
      envIds.map((id) => {
        const env = spec.environments.find((e) => e.id === id)!;
        const link = urls.alertConsoleLink(spec, env, alert);
        return url(link.url, `${id} ${link.label}`);
      }),
      ', ',
    ),
  ]);
}

/** Who is paged when the alert fires, per environment: the paging channels of its severity, or nobody. */
function pagesItem(
  spec: ServiceSpec,
  envIds: readonly string[],
  platform: PlatformConfig,
  severity: AlertPolicy['severity'],
): ListItem {
  const parts = envIds.map((id): Inline[] => {
    const env = spec.environments.find((e) => e.id === id)!;
    const paging = routeAlerts(platform, spec, env).bySeverity[severity].filter((c) => c.paging);
    return [
      code(id),
      ': ',
      ...(paging.length > 0
        ? join(
            paging.map((c) => strong(c.displayName)),
            ', ',
          )
        : ['nobody']),
    ];
  });
  return li(['Pages: ', ...parts.flatMap((x, i) => [...(i > 0 ? ['; '] : []), ...x])]);
}

/** Who the alert reaches, per environment (channels of its severity; which of them page). */
function notifiedItem(
  spec: ServiceSpec,
  envIds: readonly string[],
  platform: PlatformConfig,
  severity: AlertPolicy['severity'],
): ListItem {
  return li(
    'Notifies:',
    envIds.map((id) => {
      const env = spec.environments.find((e) => e.id === id)!;
      return li([code(id), ': ', ...notifiedInline(spec, env, platform, severity)]);
    }),
  );
}

function variantKey(a: AlertPolicy): string {
  return JSON.stringify([
    a.severity,
    a.description,
    conditionSummary(a),
    a.group === 'custom' && isQueryAlert(a) ? a.query : '',
  ]);
}

/** `ALIGN_PERCENTILE_99` → `p99`, `ALIGN_FRACTION_TRUE` → `fraction true`. */
function alignerName(aligner: string): string {
  const name = aligner.replace(/^ALIGN_/, '').toLowerCase();
  const pct = /^percentile_(\d+)$/.exec(name);
  return pct ? `p${pct[1]}` : name.replaceAll('_', ' ');
}

/**
 * The probes as the generator renders them (paths from the contract shared with the runtime
 * SDK): startup on the readiness path with the diagnostics secret, liveness on the liveness path.
 */
function healthProbeSummary(hp: {
  timeout: number;
  startupInterval: number;
  livenessInterval: number;
}): Inline[] {
  return [
    'Health probes: startup ',
    code(PROBES.startup.path),
    ` (dependencies, with the diagnostics secret) every ${hp.startupInterval} s, liveness `,
    code(PROBES.liveness.path),
    ` (process only) every ${hp.livenessInterval} s, timeout ${hp.timeout} s`,
  ];
}
