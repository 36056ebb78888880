/**
 * The limits and patterns of `platform.yaml` values, in one place: the platform rules
 * (`rules*.ts`) check values against them and the zod schema (`schema.ts`) states them as JSON
 * Schema keywords, so the editor's schema and `msp validate` agree (docs/validation.md). Patterns
 * are written for both JavaScript and JSON Schema (the `source` of a RegExp without flags).
 * The objective limits, shared with the spec's objective overrides, are in `objectives.ts`.
 */

/** A GCP folder: `folders/<number>`. */
export const FOLDER = /^folders\/\d+$/;
/** A Cloud Billing account ID: three groups of six upper-case hex digits. */
export const BILLING_ACCOUNT = /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/;
/** An IAM member of the kinds the engineers group may be. */
export const IAM_MEMBER = /^(group|user|serviceAccount|domain):/;
/** Placeholders a workspace (or state) name pattern must hold, one workspace per stack. */
export const WORKSPACE_TOKENS = ['{service}', '{env}', '{stack}'] as const;
/** The workspace tokens as one pattern (each token somewhere in the value). */
export const WORKSPACE_PATTERN = new RegExp(
  `^${WORKSPACE_TOKENS.map((t) => `(?=.*${t.replace(/[{}]/g, (c) => `\\${c}`)})`).join('')}`,
);
/** The placeholder an elevated-access request link must hold. */
export const REQUEST_URL_PROJECT = '{project}';
/** Notification channel IDs: they name Terraform resources. */
export const CHANNEL_ID = /^[a-z][a-z0-9-]{0,40}$/;
/** IAM permissions of a curated role: `service.resource.verb`. */
export const CURATED_PERMISSION = /^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*){2}$/;
/** Role names an access list may hold: predefined, project or organisation custom, curated. */
export const ACCESS_ROLE =
  /^(roles\/[A-Za-z0-9_.]+|projects\/[^/]+\/roles\/[A-Za-z0-9_.]+|organizations\/\d+\/roles\/[A-Za-z0-9_.]+|msp:(reader|editor))$/;
/** A curated role reference that names no curated role (`msp:` followed by anything else). */
export const CURATED_PREFIX = 'msp:';
/** Terraform Cloud team names: letters, digits, `-` and `_` (Terraform Cloud's rule). */
export const TFC_TEAM_NAME = /^[A-Za-z0-9_-]{1,90}$/;
/** The Terraform Cloud team no platform output may manage (it already has every right). */
export const TFC_OWNERS_TEAM = 'owners';
/** Terraform Cloud project names: 3–40 letters, digits, spaces, `-` or `_`. */
export const TFC_PROJECT_NAME = /^[A-Za-z0-9 _-]{3,40}$/;
/** A GCP project number: digits only, no leading zero. */
export const PROJECT_NUMBER = /^[1-9]\d{5,18}$/;
/** Workload identity pool and provider IDs: 4–32 characters, not starting with `gcp-`. */
export const WORKLOAD_IDENTITY_ID = /^(?!gcp-)[a-z][a-z0-9-]{2,30}[a-z0-9]$/;
/** A user-managed service account email: account ID (6–30) and project. */
export const RUNNER_EMAIL =
  /^([a-z][a-z0-9-]{4,28}[a-z0-9])@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/;

/** The label each notification channel type needs (GCP's channel descriptors). */
export const CHANNEL_REQUIRED_LABEL: Readonly<Record<string, string>> = {
  email: 'email_address',
  slack: 'channel_name',
  webhook_tokenauth: 'url',
  webhook_basicauth: 'url',
  pubsub: 'topic',
  sms: 'number',
};
/** The Secret Manager reference each channel type needs under `sensitiveLabels`. */
export const CHANNEL_REQUIRED_SECRET: Readonly<
  Record<string, { key: 'authToken' | 'serviceKey' | 'password'; name: string }>
> = {
  slack: { key: 'authToken', name: 'Slack' },
  pagerduty: { key: 'serviceKey', name: 'PagerDuty' },
};
/** Channel labels that hold secrets: never written in the config. */
export const SECRET_LABELS = ['auth_token', 'service_key', 'password'] as const;

/** Lists that need at least one item (JSON Schema `minItems`). */
export const MIN_ITEMS = { severities: 1, permissions: 1 } as const;
