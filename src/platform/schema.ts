/**
 * The platform config (`platform.yaml` at the fleet root): everything organisation-specific that
 * MSP hard-coded (billing, folders, Terraform Cloud, access groups, alert channels, zones, links).
 * One zod schema gives the types, the validation and `msp schema --platform`.
 */
import * as z from 'zod';
import { draft07JsonSchema } from '../schema/json-schema.ts';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });
const categories = z.enum(['test', 'internal', 'external']);
const severities = z.enum(['WARNING', 'CRITICAL']);
/** http(s) only: these links end up in docs, alert notifications and terminals, where a
 * `javascript:` or `data:` URL would run or mislead. */
const HTTP_URL = /^https?:\/\/[^\s<>"'`]+$/i;
const HTTP_URL_MESSAGE = 'Must be an http:// or https:// URL (other schemes such as javascript: are refused)';
export const httpUrlSchema = z.string().regex(HTTP_URL, { message: HTTP_URL_MESSAGE });
const perCategory = <T extends z.ZodType>(t: T) =>
  z.strictObject({ test: t.optional(), internal: t.optional(), external: t.optional() });

export const secretRefSchema = z
  .strictObject({
    project: z.string().meta(d('Project holding the Secret Manager secret.')),
    secret: z.string().meta(d('Secret ID.')),
  })
  .meta(d('A Secret Manager secret; its value never appears in generated files.'));

export const notificationChannelSchema = z
  .strictObject({
    id: z
      .string()
      .meta(
        d('Stable ID used in Terraform names (lowercase, digits, hyphens).', { examples: ['alerts-slack'] }),
      ),
    displayName: z.string().optional(),
    type: z
      .enum(['email', 'slack', 'pagerduty', 'webhook_tokenauth', 'webhook_basicauth', 'pubsub', 'sms'])
      .meta(d('GCP notification channel type.')),
    labels: z
      .record(z.string(), z.string())
      .superRefine((labels, ctx) => {
        if (labels.url !== undefined && !HTTP_URL.test(labels.url))
          ctx.addIssue({ code: 'custom', message: HTTP_URL_MESSAGE, path: ['url'] });
      })
      .optional()
      .meta(d('Non-secret channel labels, e.g. `email_address`, `channel_name`, `url`.')),
    sensitiveLabels: z
      .strictObject({
        authToken: secretRefSchema.optional().meta(d('Slack token (auth_token).')),
        serviceKey: secretRefSchema.optional().meta(d('PagerDuty service key.')),
        password: secretRefSchema.optional().meta(d('Basic-auth password for webhooks.')),
      })
      .optional()
      .meta(d('Secrets for the channel, read from Secret Manager at apply time.')),
    severities: z.array(severities).meta(d('Severities this channel receives.')),
    categories: z
      .array(categories)
      .optional()
      .meta(d('Environment categories this channel serves; all when omitted.')),
    paging: z
      .boolean()
      .optional()
      .meta(
        d('A paging channel: muted in environments whose `alerting.opsgenie` resolves to false.', {
          default: false,
        }),
      ),
  })
  .meta(d('A GCP monitoring notification channel.'));

const tfcTeamName = z.string().meta(d('A Terraform Cloud team name (letters, digits, `-`, `_`).'));

export const terraformCloudSchema = z
  .strictObject({
    project: z
      .string()
      .optional()
      .meta(d('Terraform Cloud project holding the platform workspaces.', { default: 'msp-platform' })),
    teams: z
      .strictObject({
        operators: tfcTeamName
          .optional()
          .meta(d('Platform operators: write on every workspace.', { default: 'msp-platform-operators' })),
        readers: tfcTeamName
          .optional()
          .meta(d('Everyone else: read on every service workspace.', { default: 'msp-readers' })),
        workspaceManagers: tfcTeamName.optional().meta(
          d("The team whose token each environment's tfcworkspaces workspace runs with.", {
            default: 'msp-workspace-managers',
          }),
        ),
      })
      .optional()
      .meta(d('Terraform Cloud teams the platform output creates and grants access to.')),
  })
  .meta(d('Terraform Cloud settings of the platform output (backend `cloud` only).'));

export const dynamicCredentialsSchema = z
  .strictObject({
    projectNumber: z
      .string()
      .optional()
      .meta(
        d(
          "Project number of the runner's project (the project in `runnerServiceAccount`): `gcloud projects describe <project> --format='value(projectNumber)'`.",
        ),
      ),
    poolId: z
      .string()
      .optional()
      .meta(d('Workload identity pool ID.', { default: 'terraform-cloud' })),
    providerId: z
      .string()
      .optional()
      .meta(d('Workload identity pool provider ID.', { default: 'terraform-cloud' })),
  })
  .meta(d('GCP credentials for Terraform runs without a long-lived key (workload identity federation).'));

export const ownerTeamSchema = z
  .strictObject({
    terraformCloud: tfcTeamName
      .optional()
      .meta(d("Terraform Cloud team that gets write access to this owner's service workspaces.")),
    alerting: z
      .strictObject({
        channels: z
          .array(notificationChannelSchema)
          .meta(d("The team's notification channels (chat channel, paging service).")),
      })
      .optional()
      .meta(d("Where the alerts of the team's services go; the platform-wide channels are the fallback.")),
  })
  .meta(d('One owner team.'));

/** Service-level objectives of one environment category (`objectives.<category>`). */
export const objectiveSetSchema = z
  .strictObject({
    availability: z
      .number()
      .optional()
      .meta(
        d(
          'Cloud Run services: percent of requests answered without a server error (5xx), above 0 and at most 99.99.',
          {
            examples: [99.9],
          },
        ),
      ),
    latency: z
      .strictObject({
        thresholdMs: z
          .int()
          .meta(d('Requests served within this many milliseconds are fast enough.', { examples: [1000] })),
        percent: z
          .number()
          .meta(d('Percent of requests that must be served within the threshold.', { examples: [99] })),
      })
      .optional()
      .meta(d('Cloud Run services: share of requests served within a latency threshold.')),
    executions: z
      .number()
      .optional()
      .meta(
        d('Scheduled Cloud Run jobs: percent of executions that succeed.', {
          examples: [95],
        }),
      ),
    periodDays: z
      .int()
      .optional()
      .meta(d('Rolling compliance period in days, 1–30.', { default: 28 })),
  })
  .meta(
    d(
      'Objectives of one category. Given, it replaces the built-in objectives of that category as a whole; `{}` means none.',
    ),
  );

export const curatedRoleSchema = z
  .strictObject({
    title: z.string().optional().meta(d('Title of the custom role.')),
    description: z.string().optional(),
    permissions: z
      .array(z.string())
      .meta(
        d(
          'IAM permissions of the role. Never `iam.serviceAccountKeys.create`, IAM or policy changes, or project-wide `actAs`.',
        ),
      ),
  })
  .meta(d('A curated custom role, created in every environment project of the category.'));

export const platformSchema = z
  .strictObject({
    allowPlaceholders: z
      .boolean()
      .optional()
      .meta(
        d(
          'Let `msp generate` write Terraform although built-in placeholder values or `TODO`s are in use (demo fleets only).',
          { default: false },
        ),
      ),
    organization: z
      .strictObject({
        name: z.string().meta(d('Organisation name, used in docs.')),
        domain: z
          .string()
          .optional()
          .meta(
            d('Google Workspace domain: `authentication.sourcegraph: true` grants `domain:<this>` invoke.'),
          ),
      })
      .meta(d('The organisation.')),
    gcp: z
      .strictObject({
        billingAccount: z.string().meta(d('Billing account ID for new projects.')),
        folders: perCategory(z.string()).meta(d('Folder per category, `folders/<n>`.')),
        regions: z.array(z.string()).optional().meta(d('Allowed regions.')),
        defaultRegion: z.string().optional(),
        defaultLocation: z.string().optional().meta(d('Default BigQuery multi-region.')),
        locations: z.array(z.string()).optional().meta(d('Allowed BigQuery multi-regions.')),
      })
      .meta(d('Google Cloud settings.')),
    terraform: z
      .strictObject({
        version: z
          .string()
          .optional()
          .meta(d('Terraform version pinned in generated roots.', { default: '1.7.5' })),
        backend: z
          .strictObject({
            type: z.enum(['cloud', 'gcs', 'local']),
            hostname: z
              .string()
              .optional()
              .meta(d('Terraform Cloud host.', { default: 'app.terraform.io' })),
            organization: z.string().optional().meta(d('Terraform Cloud organisation (cloud).')),
            workspacePattern: z
              .string()
              .optional()
              .meta(d('Workspace name pattern.', { default: 'msp-{service}-{env}-{stack}' })),
            bucket: z.string().optional().meta(d('State bucket (gcs).')),
            prefix: z
              .string()
              .optional()
              .meta(d('State prefix (gcs).', { default: 'msp' })),
          })
          .meta(d('Where state lives.')),
        vcs: z
          .strictObject({
            repo: z.string().meta(d('Fleet repository, `owner/name`.')),
            branch: z
              .string()
              .optional()
              .meta(d('Branch Terraform Cloud follows.', { default: 'main' })),
            oauthTokenId: z.string().optional().meta(d('Terraform Cloud VCS OAuth token ID.')),
          })
          .optional(),
        runnerServiceAccount: z
          .string()
          .optional()
          .meta(d('The identity that runs Terraform; it may impersonate workload accounts.')),
        notificationUrl: httpUrlSchema
          .optional()
          .meta(d('Webhook for Terraform Cloud run-failure notifications.')),
        cloud: terraformCloudSchema.optional(),
        dynamicCredentials: dynamicCredentialsSchema.optional(),
      })
      .meta(d('Terraform settings.')),
    access: z
      .strictObject({
        engineersGroup: z.string().meta(d('Group of all engineers, e.g. `group:engineers@acme.com`.')),
        curatedRoles: perCategory(
          z.strictObject({ reader: curatedRoleSchema.optional(), editor: curatedRoleSchema.optional() }),
        )
          .optional()
          .meta(d('Override the curated reader/editor roles (`msp:reader`, `msp:editor`) per category.')),
        roles: perCategory(z.array(z.string()))
          .optional()
          .meta(
            d(
              'Standing roles engineers get by category (overrides the defaults); `msp:reader` and `msp:editor` name the curated roles.',
            ),
          ),
        impersonation: perCategory(z.enum(['standing', 'requestable', 'none']))
          .optional()
          .meta(
            d(
              'Impersonating the operator-access account (`msp pg connect`) per category: standing, requestable or none.',
            ),
          ),
        elevated: z
          .strictObject({
            requestUrl: httpUrlSchema.meta(
              d(
                'Request link template with `{project}`, `{role}`, `{duration}`, `{service}`, `{env}` and, for grants on one service account, `{resource}`.',
              ),
            ),
            durations: perCategory(z.string()).optional().meta(d('Maximum grant per category, e.g. `8h`.')),
            roles: perCategory(z.array(z.string()))
              .optional()
              .meta(
                d(
                  'Roles that can be requested per category; `msp:reader` and `msp:editor` name the curated roles.',
                ),
              ),
          })
          .optional(),
      })
      .meta(d('Who can see what, by environment category.')),
    objectives: perCategory(objectiveSetSchema)
      .optional()
      .meta(
        d(
          'Service-level objectives by environment category (SLOs and burn-rate alerts in the monitoring stack). Defaults: external 99.9% available, 99% within 1000 ms, 99% of job executions; internal 99.5% available, 95% of job executions; test none; 28 days.',
        ),
      ),
    notifications: z
      .strictObject({ channels: z.array(notificationChannelSchema).optional() })
      .optional()
      .meta(d('Alert routing.')),
    cloudflare: z
      .strictObject({
        zones: z.array(z.string()).optional().meta(d('Allowed Cloudflare zones; any zone when omitted.')),
        apiToken: secretRefSchema.optional().meta(d('Cloudflare API token secret.')),
        originCertificate: z
          .strictObject({
            certificate: secretRefSchema.meta(d('Secret holding the PEM origin certificate.')),
            privateKey: secretRefSchema.meta(d('Secret holding its PEM private key.')),
          })
          .optional()
          .meta(
            d(
              'Cloudflare origin certificate served by the load balancers of proxied domains. Default: secrets `CLOUDFLARE_ORIGIN_CERTIFICATE` and `CLOUDFLARE_ORIGIN_PRIVATE_KEY` in each environment project.',
            ),
          ),
      })
      .optional(),
    sentry: z
      .strictObject({ dsn: secretRefSchema.optional().meta(d('Secret holding the SENTRY_DSN value.')) })
      .optional(),
    teams: z
      .record(z.string(), ownerTeamSchema)
      .optional()
      .meta(d('Per owner team (the names used in `service.owners`): where that team is reached.')),
    links: z
      .strictObject({
        repository: httpUrlSchema.optional().meta(d('Web URL of the fleet repository.')),
        docs: httpUrlSchema.optional().meta(d('Where the operations docs are published.')),
        runbook: httpUrlSchema.optional().meta(d('Incident response runbook.')),
      })
      .optional(),
  })
  .meta({ title: 'MSP platform config', description: 'platform.yaml at the fleet root.' });

/** Draft-07 JSON Schema of platform.yaml. */
export function platformJsonSchema(): Record<string, unknown> {
  return draft07JsonSchema(platformSchema, 'https://msp.dev/schema/platform.schema.json');
}

export type RawPlatformConfig = z.infer<typeof platformSchema>;
export type RawObjectiveSet = z.infer<typeof objectiveSetSchema>;
export type RawNotificationChannel = z.infer<typeof notificationChannelSchema>;
export type RawCuratedRole = z.infer<typeof curatedRoleSchema>;
