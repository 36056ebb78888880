/**
 * The shape of `service.yaml`, written once with zod. It is the single source of:
 * - the raw input types (`RawServiceSpec`, via `z.input`),
 * - the shape validation (unknown keys, scalar types, enums) in `validate.ts`,
 * - the exported draft-07 JSON Schema (`msp schema`).
 * Cross-field rules (MSP's `Validate()` and the generation-time checks we moved earlier) live in
 * `rules.ts`; defaults are resolved in one place, `resolve.ts`. Defaults shown here are
 * documentation for the JSON Schema only (`.meta({ default })`), so parsing never invents values.
 */
import * as z from 'zod';

/** yaml.v3 (MSP's parser) accepts yes/no/on/off for booleans; so do we, as plain scalars only. */
const bool = () => z.boolean();
const int = () => z.int();
const str = () => z.string();

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });

export const iamSchema = z
  .strictObject({
    services: z
      .array(str())
      .optional()
      .meta(
        d('Extra GCP APIs to enable on every environment project.', {
          examples: [['pubsub.googleapis.com']],
        }),
      ),
    roles: z
      .array(str())
      .optional()
      .meta(
        d('Roles granted to the workload service account: `roles/<name>` or a custom role.', {
          examples: [['roles/pubsub.publisher']],
        }),
      ),
    permissions: z
      .array(str())
      .optional()
      .meta(d('Permissions for the project custom role `msp_workload_custom_role` granted to the workload.')),
  })
  .meta(d('Extra IAM for the workload service account.'));

export const serviceSchema = z
  .strictObject({
    id: str().meta(
      d('Service ID: lowercase letters, digits and hyphens, 3–20 characters, starting with a letter.', {
        examples: ['acme-api'],
      }),
    ),
    name: str()
      .optional()
      .meta(d('Display name; defaults to the id.', { examples: ['Acme API'] })),
    owners: z.array(str()).meta(d('Owning teams (at least one).', { examples: [['core-services']] })),
    description: str().meta(d('What the service does (not published in the operations docs).')),
    notionPageID: str()
      .optional()
      .meta(
        d(
          'Notion page ID for the service (an ID, not a URL). Required when any environment is internal or external.',
        ),
      ),
    kind: z
      .enum(['service', 'job'])
      .optional()
      .meta(d('Cloud Run service (default) or Cloud Run job.', { default: 'service' })),
    protocol: z
      .enum(['h2c', 'http1'])
      .optional()
      .meta(d('`h2c` for HTTP/2 cleartext (gRPC); HTTP/1.1 when omitted.')),
    iam: iamSchema.optional(),
  })
  .meta(d('The service itself.'));

export const buildSchema = z
  .strictObject({
    image: str()
      .optional()
      .meta(
        d('Image repository without a tag.', { examples: ['us-central1-docker.pkg.dev/acme-dev/acme/api'] }),
      ),
    source: z
      .strictObject({
        repo: str()
          .optional()
          .meta(d('Source repository.', { examples: ['github.com/acme/api'] })),
        dir: str()
          .optional()
          .meta(d('Directory within the repository.', { examples: ['cmd/api'] })),
      })
      .optional(),
  })
  .meta(d('How the image is built; used for image pulls, docs and rollouts.'));

const tagBlock = z.strictObject({
  tag: str()
    .optional()
    .meta(d('Image tag.', { examples: ['insiders'] })),
});

export const deploySchema = z
  .strictObject({
    type: z.enum(['manual', 'subscription', 'rollout']).meta(d('How new images reach the environment.')),
    manual: tagBlock.optional().meta(d('Manual deploys: a fixed tag (default `insiders`).')),
    subscription: tagBlock.optional().meta(d('Follow a tag: the digest is pinned at generation time.')),
  })
  .meta(d('Deploy configuration.'));

export const locationsSchema = z
  .strictObject({
    gcpRegion: str().meta(
      d('GCP region for Cloud Run, Cloud SQL, Memorystore and the rest.', { examples: ['us-central1'] }),
    ),
    gcpLocation: str().meta(
      d('Multi-region for BigQuery: `us` or `europe` (case-insensitive).', { examples: ['us'] }),
    ),
  })
  .meta(d('Where the environment runs; defaults to us-central1 / US when omitted.'));

export const domainSchema = z
  .strictObject({
    type: z
      .enum(['none', 'cloudflare', ''])
      .optional()
      .meta(d('`cloudflare` or `none`.', { default: 'none' })),
    cloudflare: z
      .strictObject({
        subdomain: str().meta(d('Subdomain within the zone.', { examples: ['acme-api'] })),
        zone: str().meta(
          d('Cloudflare zone; must be allowed by the platform config.', { examples: ['sgdev.org'] }),
        ),
        proxied: bool()
          .optional()
          .meta(d('Proxy through Cloudflare (origin certificate, Cloud Armor).', { default: true })),
      })
      .optional(),
    networking: z
      .strictObject({
        loadBalancerLogging: bool()
          .optional()
          .meta(d('Load balancer request logging at 100%.', { default: false })),
      })
      .optional(),
  })
  .meta(d('External domain (services only).'));

export const healthProbesSchema = z
  .strictObject({
    healthzProbes: bool()
      .optional()
      .meta(
        d(
          'Startup probe on /-/healthz (readiness, with the diagnostics secret) and liveness probe on /-/livez (the process only).',
          {
            default: true,
          },
        ),
      ),
    timeout: int()
      .optional()
      .meta(d('Probe timeout in seconds.', { default: 3 })),
    startupInterval: int().optional().meta(d('Startup probe period in seconds; defaults to the timeout.')),
    livenessInterval: int().optional().meta(d('Liveness probe period in seconds; defaults to 10 × timeout.')),
  })
  .meta(d('MSP health probes (services only).'));

export const instancesSchema = z
  .strictObject({
    resources: z
      .strictObject({
        cpu: int().meta(d('vCPUs per instance, 1–8.', { examples: [1] })),
        memory: str().meta(
          d('Memory per instance with a binary unit (Mi, Gi), 512Mi–32Gi.', { examples: ['1Gi'] }),
        ),
        cloudRunGeneration: z
          .union([z.literal(1), z.literal(2)])
          .optional()
          .meta(d('Cloud Run execution environment generation.')),
      })
      .meta(d('Instance size.')),
    scaling: z
      .strictObject({
        minCount: int()
          .optional()
          .meta(d('Minimum instances.', { default: 0 })),
        maxCount: int()
          .optional()
          .meta(d('Maximum instances.', { default: 5 })),
        maxRequestConcurrency: int()
          .optional()
          .meta(d('Concurrent requests per instance.', { default: 1000 })),
      })
      .optional()
      .meta(d('Scaling (services only).')),
  })
  .meta(d('Instances and scaling.'));

export const secretVolumeSchema = z.strictObject({
  mountPath: str().meta(
    d('Absolute file path the secret appears at.', { examples: ['/etc/secrets/creds.json'] }),
  ),
  secret: str().meta(d('Secret name in the project, or `projects/<p>/secrets/<s>`.')),
});

export const publicationSchema = z.strictObject({
  name: str().meta(d('Publication name (unique).')),
  database: str().meta(d('Database holding the tables.')),
  tables: z.array(str()).meta(d('Tables to publish (they must exist, owned by the workload identity).')),
});

export const postgreSQLSchema = z
  .strictObject({
    databases: z
      .array(str())
      .optional()
      .meta(d('Databases to create.', { examples: [['primary']] })),
    cpu: int()
      .optional()
      .meta(d('vCPUs: 1 or an even number up to 96.', { default: 1 })),
    memoryGB: int()
      .optional()
      .meta(d('Memory in GB: >= 4, >= cpu, <= 6 × cpu.', { default: 4 })),
    maxConnections: int()
      .optional()
      .meta(d('max_connections flag (14–262143); alerting assumes 100 when unset.')),
    highAvailability: bool()
      .optional()
      .meta(d('Regional (HA) instance.', { default: false })),
    logicalReplication: z
      .strictObject({
        publications: z.array(publicationSchema).optional(),
      })
      .optional()
      .meta(d('Logical replication (publications for Datastream).')),
  })
  .meta(d('Cloud SQL for PostgreSQL 15.'));

export const resourcesSchema = z
  .strictObject({
    redis: z
      .strictObject({
        memoryGB: int()
          .optional()
          .meta(d('Memory in GB.', { default: 1 })),
        highAvailability: bool()
          .optional()
          .meta(d('STANDARD_HA instead of BASIC.', { default: false })),
      })
      .optional()
      .meta(d('Memorystore Redis with AUTH and TLS.')),
    postgreSQL: postgreSQLSchema.optional(),
    bigQueryDataset: z
      .strictObject({
        tables: z
          .array(str())
          .meta(d('Tables; each needs `<table>.bigquerytable.json` next to service.yaml.')),
        datasetID: str().optional().meta(d('Dataset ID; defaults to the service ID with `-` as `_`.')),
        projectID: str().optional().meta(d('Project of the dataset; defaults to the environment project.')),
      })
      .optional()
      .meta(d('A BigQuery dataset with tables.')),
  })
  .meta(d('Data stores.'));

export const objectivesSchema = z
  .strictObject({
    availability: z
      .number()
      .optional()
      .meta(
        d('Services: percent of requests answered without a server error (5xx), above 0 and at most 99.99.', {
          examples: [99.95],
        }),
      ),
    latency: z
      .strictObject({
        thresholdMs: int()
          .optional()
          .meta(d('Requests served within this many milliseconds are fast enough.', { examples: [300] })),
        percent: z
          .number()
          .optional()
          .meta(d('Percent of requests that must be served within the threshold.', { examples: [99.5] })),
      })
      .optional()
      .meta(d("Services: latency objective; keys left out keep the category's values.")),
    executions: z
      .number()
      .optional()
      .meta(d('Scheduled jobs: percent of executions that succeed.', { examples: [97] })),
    periodDays: int()
      .optional()
      .meta(d("Rolling compliance period in days, 1–30; defaults to the category's (28).")),
    disable: z
      .array(z.enum(['availability', 'latency', 'executions']))
      .optional()
      .meta(d('Objectives of the category this environment does not get.', { examples: [['latency']] })),
    reason: str()
      .optional()
      .meta(
        d(
          "Why the environment relaxes the category's objectives; required when it does (shown on the operations page).",
        ),
      ),
  })
  .meta(
    d(
      "Tighten or relax the service-level objectives the platform config sets for the environment's category (docs/slo.md).",
    ),
  );

export const environmentSchema = z
  .strictObject({
    id: str().meta(d('Environment ID, e.g. `dev` or `prod`.', { examples: ['prod'] })),
    projectID: str().meta(
      d('GCP project ID `<service>-<env>-<suffix>`, at most 30 characters. Never changes.', {
        examples: ['acme-api-prod-b71c'],
      }),
    ),
    category: z.enum(['test', 'internal', 'external']).meta(d('Access and alerting policy category.')),
    deploy: deploySchema,
    locations: locationsSchema.optional(),
    domain: domainSchema.optional(),
    healthProbes: healthProbesSchema.optional(),
    authentication: z
      .strictObject({
        sourcegraph: bool().optional().meta(d('Allow the organisation domain to invoke the service.')),
      })
      .optional()
      .meta(d('Who may invoke the service. Absent: public. Present: IAM only.')),
    schedule: z
      .strictObject({ cron: str().meta(d('5-field unix cron, in UTC.', { examples: ['0 * * * *'] })) })
      .optional()
      .meta(d('Cloud Scheduler trigger (jobs only).')),
    deadlineSeconds: int()
      .optional()
      .meta(d('Job task timeout in seconds (jobs only).', { default: 300 })),
    instances: instancesSchema,
    env: z
      .record(str(), str())
      .optional()
      .meta(d('Environment variables; values may use `{{ .ProjectID }}` and `{{ .ServiceDnsName }}`.')),
    secretEnv: z
      .record(str(), str())
      .optional()
      .meta(d('Environment variables from Secret Manager: secret name or `projects/<p>/secrets/<s>`.')),
    secretVolumes: z.record(str(), secretVolumeSchema).optional().meta(d('Secrets mounted as files.')),
    resources: resourcesSchema.optional(),
    objectives: objectivesSchema.optional(),
    alerting: z
      .strictObject({
        opsgenie: bool()
          .optional()
          .meta(d('Page (CRITICAL channels) for this environment; default on for internal/external.')),
      })
      .optional(),
    allowDestroys: bool()
      .optional()
      .meta(d('Allow destroying the project and data stores.', { default: false })),
  })
  .meta(d('One deployment environment.'));

export const responseCodeRatioSchema = z.strictObject({
  id: str().meta(d('Unique alert ID.')),
  name: str().meta(d('Alert name.')),
  description: str().optional(),
  code: int().optional().meta(d('One HTTP status code.')),
  codeClass: str().optional().meta(d('A class like `5xx`.')),
  excludeCodes: z.array(str()).optional().meta(d('Codes left out of the class.')),
  durationMinutes: int()
    .optional()
    .meta(d('Minutes the ratio must hold (≤ 1440).', { default: 1 })),
  ratio: z.number().meta(d('Ratio of matching responses, 0–1.')),
});

export const customAlertSchema = z.strictObject({
  name: str().meta(d('Alert name: letters, digits, spaces and hyphens.')),
  description: str().optional(),
  severityLevel: z.enum(['WARNING', 'CRITICAL']).meta(d('Severity.')),
  condition: z.strictObject({
    type: z.enum(['mql', 'promql']).meta(d('Query language.')),
    query: str().meta(d('The query.')),
    durationMinutes: int()
      .optional()
      .meta(d('Minutes the condition must hold (≤ 1440).', { default: 1 })),
  }),
});

export const monitoringSchema = z
  .strictObject({
    alerts: z
      .strictObject({
        responseCodeRatios: z.array(responseCodeRatioSchema).optional(),
        customAlerts: z.array(customAlertSchema).optional(),
      })
      .optional(),
    nobl9: bool().optional().meta(d('Accepted for compatibility; Nobl9 is not provisioned.')),
  })
  .meta(d('Alerts for every environment.'));

export const rolloutSchema = z
  .strictObject({
    stages: z
      .array(z.strictObject({ environment: str().meta(d('Environment ID.')) }))
      .meta(d('Environments in delivery order; the pipeline lives in the last one.')),
    suspended: bool()
      .optional()
      .meta(d('Suspend the pipeline.', { default: false })),
    serviceAccount: str().optional().meta(d('Extra identity (e.g. CI) allowed to create releases.')),
    initialImageTag: str()
      .optional()
      .meta(d('Tag of the first revision.', { default: 'insiders' })),
  })
  .meta(d('Cloud Deploy rollout across environments.'));

export const serviceSpecSchema = z
  .strictObject({
    service: serviceSchema,
    build: buildSchema.optional(),
    environments: z.array(environmentSchema).optional().meta(d('Deployment environments.')),
    monitoring: monitoringSchema.optional(),
    rollout: rolloutSchema.optional(),
  })
  .meta({
    title: 'MSP service specification',
    description: 'services/<id>/service.yaml: one service, its environments and resources.',
  });

/** The spec as written by users, after shape validation. */
export type RawServiceSpec = z.infer<typeof serviceSpecSchema>;
export type RawEnvironment = z.infer<typeof environmentSchema>;
export type RawPostgreSQL = z.infer<typeof postgreSQLSchema>;
export type RawResponseCodeRatio = z.infer<typeof responseCodeRatioSchema>;
export type RawObjectives = z.infer<typeof objectivesSchema>;
export type RawCustomAlert = z.infer<typeof customAlertSchema>;
