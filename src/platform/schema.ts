/**
 * The platform config (`platform.yaml` at the fleet root): everything organisation-specific that
 * MSP hard-coded (billing, folders, Terraform Cloud, access groups, alert channels, zones, links).
 * One zod schema gives the types, the shape validation and `msp schema --platform`. The limits
 * and patterns of the rules (`constraints.ts`, checked by `rules-*.ts`) are stated here as JSON
 * Schema keywords only: zod checks the shape, the rules report each finding with its own code.
 */
import * as z from 'zod';
import { draft07JsonSchema, ifThen, when } from '../schema/json-schema.ts';
import { BASIC_ROLES, FORBIDDEN_PERMISSIONS, FORBIDDEN_ROLES } from './access.ts';
import {
  ACCESS_ROLE,
  BILLING_ACCOUNT,
  CHANNEL_ID,
  CHANNEL_REQUIRED_LABEL,
  CHANNEL_REQUIRED_SECRET,
  CURATED_PERMISSION,
  FOLDER,
  IAM_MEMBER,
  MIN_ITEMS,
  PROJECT_NUMBER,
  REQUEST_URL_PROJECT,
  RUNNER_EMAIL,
  SECRET_LABELS,
  TFC_OWNERS_TEAM,
  TFC_PROJECT_NAME,
  TFC_TEAM_NAME,
  WORKLOAD_IDENTITY_ID,
  WORKSPACE_PATTERN,
} from './constraints.ts';
import {
  MAX_LATENCY_THRESHOLD_MS,
  MAX_OBJECTIVE_PERCENT,
  MAX_PERIOD_DAYS,
  MIN_PERIOD_DAYS,
} from './objectives.ts';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });
const categories = z.enum(['test', 'internal', 'external']);
const severities = z.enum(['WARNING', 'CRITICAL']);
/** http(s) only: these links end up in docs, alert notifications and terminals, where a
 * `javascript:` or `data:` URL would run or mislead. */
const HTTP_URL = /^https?:\/\/[^\s<>"'`]+$/i;
const HTTP_URL_MESSAGE = 'Must be an http:// or https:// URL (other schemes such as javascript: are refused)';
const httpUrlSchema = z.string().regex(HTTP_URL, { message: HTTP_URL_MESSAGE });
const perCategory = <T extends z.ZodType>(t: T) =>
  z.strictObject({ test: t.optional(), internal: t.optional(), external: t.optional() });
/** JSON Schema keywords: a pattern from `constraints.ts`. */
const pattern = (re: RegExp) => ({ pattern: re.source });
/** An access role list item: a role name, never a basic or forbidden role. */
const accessRole = z
  .string()
  .meta({ ...pattern(ACCESS_ROLE), not: { enum: [...BASIC_ROLES, ...Object.keys(FORBIDDEN_ROLES)] } });
/** Each channel type's required label and secret, and no secret label written out. */
const CHANNEL_TYPE_RULES = [
  ...Object.entries(CHANNEL_REQUIRED_LABEL).map(([type, label]) =>
    ifThen(when('type', type), {
      required: ['labels'],
      properties: { labels: { required: [label], properties: { [label]: { minLength: 1 } } } },
    }),
  ),
  ...Object.entries(CHANNEL_REQUIRED_SECRET).map(([type, { key }]) =>
    ifThen(when('type', type), {
      required: ['sensitiveLabels'],
      properties: { sensitiveLabels: { required: [key] } },
    }),
  ),
];

const secretRefSchema = z
  .strictObject({
    project: z.string().meta(d('Project holding the Secret Manager secret.')),
    secret: z.string().meta(d('Secret ID.')),
  })
  .meta(d('A Secret Manager secret; its value never appears in generated files.'));

const notificationChannelSchema = z
  .strictObject({
    id: z.string().meta(
      d('Stable ID used in Terraform names (lowercase, digits, hyphens).', {
        examples: ['alerts-slack'],
        ...pattern(CHANNEL_ID),
      }),
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
      .meta(
        d('Non-secret channel labels, e.g. `email_address`, `channel_name`, `url`.', {
          propertyNames: { not: { enum: [...SECRET_LABELS] } },
        }),
      ),
    sensitiveLabels: z
      .strictObject({
        authToken: secretRefSchema.optional().meta(d('Slack token (auth_token).')),
        serviceKey: secretRefSchema.optional().meta(d('PagerDuty service key.')),
        password: secretRefSchema.optional().meta(d('Basic-auth password for webhooks.')),
      })
      .optional()
      .meta(d('Secrets for the channel, read from Secret Manager at apply time.')),
    severities: z
      .array(severities)
      .meta(d('Severities this channel receives.', { minItems: MIN_ITEMS.severities })),
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
  .meta(d('A GCP monitoring notification channel.', { allOf: CHANNEL_TYPE_RULES }));

const tfcTeamName = z.string().meta(
  d('A Terraform Cloud team name (letters, digits, `-`, `_`; not `owners`).', {
    ...pattern(TFC_TEAM_NAME),
    not: { const: TFC_OWNERS_TEAM },
  }),
);

const terraformCloudSchema = z
  .strictObject({
    project: z
      .string()
      .optional()
      .meta(
        d('Terraform Cloud project holding the platform workspaces.', {
          default: 'msp-platform',
          ...pattern(TFC_PROJECT_NAME),
        }),
      ),
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

const dynamicCredentialsSchema = z
  .strictObject({
    projectNumber: z
      .string()
      .optional()
      .meta(
        d(
          "Project number of the runner's project (the project in `runnerServiceAccount`): `gcloud projects describe <project> --format='value(projectNumber)'`.",
          pattern(PROJECT_NUMBER),
        ),
      ),
    poolId: z
      .string()
      .optional()
      .meta(
        d('Workload identity pool ID.', { default: 'terraform-cloud', ...pattern(WORKLOAD_IDENTITY_ID) }),
      ),
    providerId: z
      .string()
      .optional()
      .meta(
        d('Workload identity pool provider ID.', {
          default: 'terraform-cloud',
          ...pattern(WORKLOAD_IDENTITY_ID),
        }),
      ),
  })
  .meta(d('GCP credentials for Terraform runs without a long-lived key (workload identity federation).'));

const ownerTeamSchema = z
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

/** An objective percent: above 0, at most 99.99 (objectives.ts). */
const PERCENT = { exclusiveMinimum: 0, maximum: MAX_OBJECTIVE_PERCENT };

/** Service-level objectives of one environment category (`objectives.<category>`). */
const objectiveSetSchema = z
  .strictObject({
    availability: z
      .number()
      .optional()
      .meta(
        d(
          'Cloud Run services: percent of requests answered without a server error (5xx), above 0 and at most 99.99.',
          { examples: [99.9], ...PERCENT },
        ),
      ),
    latency: z
      .strictObject({
        thresholdMs: z.int().meta(
          d('Requests served within this many milliseconds are fast enough.', {
            examples: [1000],
            minimum: 1,
            maximum: MAX_LATENCY_THRESHOLD_MS,
          }),
        ),
        percent: z.number().meta(
          d('Percent of requests that must be served within the threshold.', {
            examples: [99],
            ...PERCENT,
          }),
        ),
      })
      .optional()
      .meta(d('Cloud Run services: share of requests served within a latency threshold.')),
    executions: z
      .number()
      .optional()
      .meta(
        d('Scheduled Cloud Run jobs: percent of executions that succeed.', { examples: [95], ...PERCENT }),
      ),
    periodDays: z
      .int()
      .optional()
      .meta(
        d('Rolling compliance period in days, 1–30.', {
          default: 28,
          minimum: MIN_PERIOD_DAYS,
          maximum: MAX_PERIOD_DAYS,
        }),
      ),
  })
  .meta(
    d(
      'Objectives of one category. Given, it replaces the built-in objectives of that category as a whole; `{}` means none.',
    ),
  );

const curatedRoleSchema = z
  .strictObject({
    title: z.string().optional().meta(d('Title of the custom role.')),
    description: z.string().optional(),
    permissions: z
      .array(
        z
          .string()
          .meta({ ...pattern(CURATED_PERMISSION), not: { enum: Object.keys(FORBIDDEN_PERMISSIONS) } }),
      )
      .meta(
        d(
          'IAM permissions of the role. Never `iam.serviceAccountKeys.create`, IAM or policy changes, or project-wide `actAs`.',
          { minItems: MIN_ITEMS.permissions },
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
        billingAccount: z.string().meta(
          d('Billing account ID for new projects.', {
            examples: ['01A2B3-C4D5E6-F7A8B9'],
            ...pattern(BILLING_ACCOUNT),
          }),
        ),
        folders: perCategory(z.string().meta(pattern(FOLDER))).meta(
          d('Folder per category, `folders/<n>`; every category needs one.', {
            required: ['test', 'internal', 'external'],
          }),
        ),
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
              .meta(
                d('Workspace name pattern; it holds `{service}`, `{env}` and `{stack}`.', {
                  default: 'msp-{service}-{env}-{stack}',
                  ...pattern(WORKSPACE_PATTERN),
                }),
              ),
            bucket: z.string().optional().meta(d('State bucket (gcs).')),
            prefix: z
              .string()
              .optional()
              .meta(d('State prefix (gcs).', { default: 'msp' })),
          })
          .meta(
            d('Where state lives.', {
              allOf: [
                ifThen(when('type', 'cloud'), {
                  required: ['organization'],
                  properties: { organization: { minLength: 1 }, bucket: false, prefix: false },
                }),
                ifThen(when('type', 'gcs'), {
                  required: ['bucket'],
                  properties: { bucket: { minLength: 1 }, hostname: false, organization: false },
                }),
                ifThen(when('type', 'local'), {
                  properties: { hostname: false, organization: false, bucket: false, prefix: false },
                }),
              ],
            }),
          ),
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
          .meta(
            d('The identity that runs Terraform; it may impersonate workload accounts.', {
              examples: ['terraform-runner@acme-ci.iam.gserviceaccount.com'],
              ...pattern(RUNNER_EMAIL),
            }),
          ),
        notificationUrl: httpUrlSchema
          .optional()
          .meta(d('Webhook for Terraform Cloud run-failure notifications.')),
        cloud: terraformCloudSchema.optional(),
        dynamicCredentials: dynamicCredentialsSchema.optional(),
      })
      .meta(d('Terraform settings.')),
    access: z
      .strictObject({
        engineersGroup: z
          .string()
          .meta(d('Group of all engineers, e.g. `group:engineers@acme.com`.', pattern(IAM_MEMBER))),
        curatedRoles: perCategory(
          z.strictObject({ reader: curatedRoleSchema.optional(), editor: curatedRoleSchema.optional() }),
        )
          .optional()
          .meta(d('Override the curated reader/editor roles (`msp:reader`, `msp:editor`) per category.')),
        roles: perCategory(z.array(accessRole))
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
                { allOf: [{ pattern: REQUEST_URL_PROJECT.replace(/[{}]/g, (c) => `\\${c}`) }] },
              ),
            ),
            durations: perCategory(z.string()).optional().meta(d('Maximum grant per category, e.g. `8h`.')),
            roles: perCategory(z.array(accessRole))
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
