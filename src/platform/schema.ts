/**
 * The platform config (`platform.yaml` at the fleet root): everything organisation-specific that
 * MSP hard-coded (billing, folders, Terraform Cloud, access groups, alert channels, zones, links).
 * One zod schema gives the types, the validation and `msp schema --platform`.
 */
import * as z from 'zod';

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
  })
  .meta(d('One owner team.'));

export const platformSchema = z
  .strictObject({
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
        roles: perCategory(z.array(z.string()))
          .optional()
          .meta(d('Roles engineers get by category (overrides the defaults).')),
        elevated: z
          .strictObject({
            requestUrl: httpUrlSchema.meta(
              d('Request link template with `{project}`, `{role}`, `{duration}`, `{service}`, `{env}`.'),
            ),
            durations: perCategory(z.string()).optional().meta(d('Maximum grant per category, e.g. `8h`.')),
            roles: perCategory(z.array(z.string()))
              .optional()
              .meta(d('Roles that can be requested per category.')),
          })
          .optional(),
      })
      .meta(d('Who can see what, by environment category.')),
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

export type RawPlatformConfig = z.infer<typeof platformSchema>;
export type RawNotificationChannel = z.infer<typeof notificationChannelSchema>;
