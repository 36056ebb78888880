/**
 * Applies every default (the values are the one table `defaults.ts`, documented per key in
 * docs/spec-reference.md), in this one place, to a raw spec that passed validation, producing the
 * `ServiceSpec` generators consume. Upstream quirks are fixed here: an empty `manual.tag` means
 * the default tag; a `cloudflare` block under `type: none` sets nothing.
 */
import type { PlatformConfig } from '../platform/model.ts';
import { cronMaxInterval } from './cron.ts';
import { pagesByDefault, SPEC_DEFAULTS } from './defaults.ts';
import { MiB, parseMemory } from './memory.ts';
import type { BigQueryColumn, DeploySpec, EnvironmentSpec, ServiceSpec } from './model.ts';
import { resolveObjectives } from './objectives.ts';
import type { RawEnvironment, RawServiceSpec } from './schema.ts';
import { parseSecretName } from './secret-name.ts';
import { renderTemplate } from './template.ts';

/** The image tag deployed when none is given. */
const DEFAULT_TAG = SPEC_DEFAULTS.imageTag;

interface ResolveInputs {
  file: string;
  readme?: string;
  /** Parsed column lists by table ID. */
  tableSchemas: Record<string, BigQueryColumn[]>;
}

export function resolveSpec(
  raw: RawServiceSpec,
  platform: PlatformConfig,
  inputs: ResolveInputs,
): ServiceSpec {
  const svc = raw.service;
  const kind = svc.kind ?? SPEC_DEFAULTS.kind;
  const rollout = raw.rollout
    ? {
        stages: raw.rollout.stages.map((s) => s.environment),
        suspended: raw.rollout.suspended ?? SPEC_DEFAULTS.rolloutSuspended,
        ...(raw.rollout.serviceAccount ? { serviceAccount: raw.rollout.serviceAccount } : {}),
        initialImageTag: raw.rollout.initialImageTag || DEFAULT_TAG,
        finalStage: raw.rollout.stages[raw.rollout.stages.length - 1]!.environment,
      }
    : undefined;
  const spec: ServiceSpec = {
    file: inputs.file,
    id: svc.id,
    name: svc.name || svc.id,
    owners: [...svc.owners],
    description: svc.description,
    ...(svc.notionPageID ? { notionPageID: svc.notionPageID } : {}),
    kind,
    ...(svc.protocol ? { protocol: svc.protocol } : {}),
    iam: {
      services: [...(svc.iam?.services ?? [])],
      roles: [...(svc.iam?.roles ?? [])],
      permissions: [...(svc.iam?.permissions ?? [])],
    },
    build: {
      image: raw.build?.image ?? '',
      source: {
        ...(raw.build?.source?.repo ? { repo: raw.build.source.repo } : {}),
        ...(raw.build?.source?.dir ? { dir: raw.build.source.dir } : {}),
      },
    },
    environments: [],
    monitoring: {
      responseCodeRatios: (raw.monitoring?.alerts?.responseCodeRatios ?? []).map((a) => ({
        id: a.id,
        name: a.name,
        ...(a.description ? { description: a.description } : {}),
        ...(a.code !== undefined ? { code: a.code } : {}),
        ...(a.codeClass !== undefined ? { codeClass: a.codeClass } : {}),
        excludeCodes: [...(a.excludeCodes ?? [])],
        durationMinutes: a.durationMinutes ?? SPEC_DEFAULTS.alertDurationMinutes,
        ratio: a.ratio,
      })),
      customAlerts: (raw.monitoring?.alerts?.customAlerts ?? []).map((a) => ({
        id: a.name.toLowerCase().replaceAll(' ', '-'),
        name: a.name,
        ...(a.description ? { description: a.description } : {}),
        severityLevel: a.severityLevel,
        condition: {
          type: a.condition.type,
          query: a.condition.query,
          durationMinutes: a.condition.durationMinutes ?? SPEC_DEFAULTS.alertDurationMinutes,
        },
      })),
      nobl9: raw.monitoring?.nobl9 ?? SPEC_DEFAULTS.nobl9,
    },
    ...(rollout ? { rollout } : {}),
    ...(inputs.readme ? { readme: inputs.readme } : {}),
  };
  spec.environments = (raw.environments ?? []).map((e) => resolveEnvironment(e, spec, platform, inputs));
  return spec;
}

function resolveEnvironment(
  e: RawEnvironment,
  spec: ServiceSpec,
  platform: PlatformConfig,
  inputs: ResolveInputs,
): EnvironmentSpec {
  const isService = spec.kind === 'service';
  const cf = e.domain?.cloudflare;
  const domain =
    isService && e.domain?.type === 'cloudflare' && cf
      ? {
          type: 'cloudflare' as const,
          subdomain: cf.subdomain,
          zone: cf.zone,
          dnsName: `${cf.subdomain}.${cf.zone}`,
          proxied: cf.proxied ?? SPEC_DEFAULTS.cloudflareProxied,
          loadBalancerLogging: e.domain.networking?.loadBalancerLogging ?? SPEC_DEFAULTS.loadBalancerLogging,
        }
      : undefined;
  let deploy: DeploySpec;
  if (e.deploy.type === 'rollout')
    deploy = { type: 'rollout', initialTag: spec.rollout?.initialImageTag ?? DEFAULT_TAG };
  else if (e.deploy.type === 'subscription')
    deploy = { type: 'subscription', tag: e.deploy.subscription?.tag || DEFAULT_TAG };
  else deploy = { type: 'manual', tag: e.deploy.manual?.tag || DEFAULT_TAG };

  const hp = e.healthProbes;
  const healthProbes =
    isService && hp
      ? (() => {
          const on = hp.healthzProbes ?? SPEC_DEFAULTS.healthProbes.healthzProbes;
          const timeout = hp.timeout ?? SPEC_DEFAULTS.healthProbes.timeoutSeconds;
          return {
            healthzProbes: on,
            timeout,
            startupInterval: hp.startupInterval ?? timeout,
            livenessInterval:
              hp.livenessInterval ?? timeout * SPEC_DEFAULTS.healthProbes.livenessIntervalTimeouts,
          };
        })()
      : undefined;

  let schedule: EnvironmentSpec['schedule'];
  if (!isService && e.schedule) {
    const c = cronMaxInterval(e.schedule.cron);
    const gap = 'minutes' in c ? (c.minutes ?? 0) : 0;
    schedule = { cron: e.schedule.cron, maxIntervalMinutes: gap };
  }

  const mem = parseMemory(e.instances.resources.memory);
  const s = e.instances.scaling;
  const fields = { ProjectID: e.projectID, ServiceDnsName: domain?.dnsName ?? '' };
  const secret = (raw: string) => {
    const r = parseSecretName(raw);
    return 'error' in r ? { raw, secret: raw } : r;
  };
  const pg = e.resources?.postgreSQL;
  const bq = e.resources?.bigQueryDataset;
  const sorted = <T>(o: Record<string, T> | undefined) =>
    Object.entries(o ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  return {
    id: e.id,
    projectID: e.projectID,
    category: e.category,
    deploy,
    locations: {
      gcpRegion: e.locations?.gcpRegion ?? platform.gcp.defaultRegion,
      gcpLocation: e.locations?.gcpLocation ?? platform.gcp.defaultLocation,
    },
    ...(domain ? { domain } : {}),
    ...(healthProbes ? { healthProbes } : {}),
    authentication: !e.authentication
      ? { mode: 'public' }
      : e.authentication.sourcegraph
        ? { mode: 'domain' }
        : { mode: 'iam' },
    ...(schedule ? { schedule } : {}),
    deadlineSeconds: e.deadlineSeconds ?? SPEC_DEFAULTS.deadlineSeconds,
    instances: {
      cpu: e.instances.resources.cpu,
      memory: e.instances.resources.memory,
      memoryMiB: 'bytes' in mem ? Math.round(mem.bytes / MiB) : 0,
      ...(e.instances.resources.cloudRunGeneration
        ? { cloudRunGeneration: e.instances.resources.cloudRunGeneration }
        : {}),
      ...(isService && s
        ? {
            scaling: {
              minCount: s.minCount ?? SPEC_DEFAULTS.scaling.minCount,
              maxCount: s.maxCount ?? SPEC_DEFAULTS.scaling.maxCount,
              maxRequestConcurrency: s.maxRequestConcurrency ?? SPEC_DEFAULTS.scaling.maxRequestConcurrency,
            },
          }
        : {}),
    },
    env: sorted(e.env).map(([name, v]) => ({ name, value: renderTemplate(v, fields) })),
    secretEnv: sorted(e.secretEnv).map(([name, v]) => ({ name, secret: secret(v) })),
    secretVolumes: sorted(e.secretVolumes).map(([name, v]) => {
      const slash = v.mountPath.lastIndexOf('/');
      return {
        name,
        mountPath: v.mountPath,
        dir: v.mountPath.slice(0, slash),
        file: v.mountPath.slice(slash + 1),
        secret: secret(v.secret),
      };
    }),
    resources: {
      ...(e.resources?.redis
        ? {
            redis: {
              memoryGB: e.resources.redis.memoryGB ?? SPEC_DEFAULTS.redis.memoryGB,
              highAvailability: e.resources.redis.highAvailability ?? SPEC_DEFAULTS.redis.highAvailability,
            },
          }
        : {}),
      ...(pg
        ? {
            postgreSQL: {
              databases: [...(pg.databases ?? [])],
              cpu: pg.cpu ?? SPEC_DEFAULTS.postgreSQL.cpu,
              memoryGB: pg.memoryGB ?? SPEC_DEFAULTS.postgreSQL.memoryGB,
              ...(pg.maxConnections !== undefined ? { maxConnections: pg.maxConnections } : {}),
              highAvailability: pg.highAvailability ?? SPEC_DEFAULTS.postgreSQL.highAvailability,
              ...(pg.logicalReplication
                ? {
                    logicalReplication: {
                      publications: (pg.logicalReplication.publications ?? []).map((p) => ({
                        ...p,
                        tables: [...p.tables],
                      })),
                    },
                  }
                : {}),
            },
          }
        : {}),
      ...(bq
        ? {
            bigQueryDataset: {
              datasetID: bq.datasetID ?? spec.id.replaceAll('-', '_'),
              projectID: bq.projectID ?? e.projectID,
              tables: bq.tables.map((t) => ({
                id: t,
                schemaFile: `${t}.bigquerytable.json`,
                schema: inputs.tableSchemas[t] ?? [],
              })),
            },
          }
        : {}),
    },
    alerting: { opsgenie: e.alerting?.opsgenie ?? pagesByDefault(e.category) },
    objectives: resolveObjectives(e.objectives, platform.objectives[e.category], spec.kind),
    allowDestroys: e.allowDestroys ?? SPEC_DEFAULTS.allowDestroys,
    isFinalRolloutStage: spec.rollout?.finalStage === e.id,
  };
}
