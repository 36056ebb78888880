/**
 * Codes of the platform stage: reading and shape of `platform.yaml` (src/source, the zod
 * adapter), the platform rules (src/platform/rules*.ts, src/platform/objectives.ts), the
 * placeholders (src/platform/placeholders.ts) and the platform output's checks
 * (src/platform-stack/).
 */
import { READING, SHAPE } from './document.ts';
import { defineCodes } from './types.ts';

export const PLATFORM_CODES = defineCodes({
  // Reading (src/source/yaml-document.ts)
  PLATFORM_FILE_TOO_LARGE: READING.FILE_TOO_LARGE,
  PLATFORM_NOT_UTF8: READING.NOT_UTF8,
  PLATFORM_TOO_DEEP: READING.TOO_DEEP,
  PLATFORM_TOO_MANY_VALUES: READING.TOO_MANY_VALUES,
  PLATFORM_YAML_SYNTAX: READING.YAML_SYNTAX,
  PLATFORM_YAML_INDENT: READING.YAML_INDENT,
  PLATFORM_YAML_TAB: READING.YAML_TAB,
  PLATFORM_MULTIPLE_DOCUMENTS: READING.MULTIPLE_DOCUMENTS,
  PLATFORM_DUPLICATE_KEY: READING.DUPLICATE_KEY,
  PLATFORM_COMPLEX_KEY: READING.COMPLEX_KEY,
  PLATFORM_UNKNOWN_TAG: READING.UNKNOWN_TAG,
  PLATFORM_UNDEFINED_ALIAS: READING.UNDEFINED_ALIAS,
  PLATFORM_ALIAS_LIMIT: READING.ALIAS_LIMIT,
  PLATFORM_UNWRITABLE_TEXT: READING.UNWRITABLE_TEXT,
  // Shape (the zod schema, src/platform/schema.ts)
  // The shared meanings and fixes, with examples from platform.yaml.
  PLATFORM_NOT_A_MAPPING: { ...SHAPE.NOT_A_MAPPING, example: 'A `platform.yaml` holding `- gcp`.' },
  PLATFORM_UNKNOWN_KEY: {
    ...SHAPE.UNKNOWN_KEY,
    example: '`gcp: {region: [us-central1]}` instead of `regions:`',
  },
  PLATFORM_MISSING_KEY: { ...SHAPE.MISSING_KEY, example: 'A `gcp:` mapping without `billingAccount:`.' },
  PLATFORM_WRONG_TYPE: {
    ...SHAPE.WRONG_TYPE,
    example: '`gcp: {regions: us-central1}` (a list is expected).',
  },
  PLATFORM_INVALID_VALUE: {
    ...SHAPE.INVALID_VALUE,
    example: '`terraform: {backend: {type: s3}}` (allowed: cloud, gcs, local).',
  },
  PLATFORM_OUT_OF_RANGE: {
    ...SHAPE.OUT_OF_RANGE,
    example:
      'A latency objective with `thresholdMs: 99999999999999999999` (beyond the largest whole number).',
  },
  PLATFORM_INVALID: {
    severity: 'error',
    meaning: "A value does not match its format (an http(s) URL, a notification channel's labels).",
    example: '`access: {elevated: {requestUrl: "ftp://x"}}`',
    fix: 'Write the value in the format the message names.',
  },

  // Rules (src/platform/rules-*.ts): Terraform settings
  PLATFORM_BACKEND_ORGANIZATION_MISSING: {
    severity: 'error',
    meaning: 'The `cloud` backend names no Terraform Cloud organisation.',
    example: '`terraform: {backend: {type: cloud}}`',
    fix: 'Add `terraform.backend.organization` with the organisation name.',
    formerly: ['PLATFORM_MISSING_KEY'],
  },
  PLATFORM_BACKEND_BUCKET_MISSING: {
    severity: 'error',
    meaning: 'The `gcs` backend names no state bucket.',
    example: '`terraform: {backend: {type: gcs}}`',
    fix: 'Add `terraform.backend.bucket` with the state bucket name.',
    formerly: ['PLATFORM_MISSING_KEY'],
  },
  PLATFORM_UNUSED_KEY: {
    severity: 'error',
    meaning: 'A backend key that the chosen backend type does not use.',
    example: '`backend: {type: local, bucket: b}`',
    fix: 'Remove the key, or change the backend type.',
  },
  PLATFORM_WORKSPACE_PATTERN_TOKEN: {
    severity: 'error',
    meaning:
      'The workspace pattern lacks `{service}`, `{env}` or `{stack}`: every stack of every environment needs its own workspace or state.',
    example: '`backend: {type: cloud, organization: acme, workspacePattern: "msp-{service}-{env}"}`',
    fix: 'Put all three tokens in the pattern, e.g. `msp-{service}-{env}-{stack}`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_RUNNER_ACCOUNT_FORMAT: {
    severity: 'error',
    meaning: 'The runner is not a user-managed service account email.',
    example: '`terraform: {runnerServiceAccount: terraform@acme}`',
    fix: 'Write `<id>@<project>.iam.gserviceaccount.com`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_TFC_PROJECT_NAME: {
    severity: 'error',
    meaning: 'The Terraform Cloud project name is not 3–40 letters, digits, spaces, `-` or `_`.',
    example: '`terraform: {cloud: {project: x}}`',
    fix: 'Use a name such as `msp-platform`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_TFC_TEAM_NAME: {
    severity: 'error',
    meaning: 'A Terraform Cloud team name holds characters other than letters, digits, `-` and `_`.',
    example: '`teams: {payments: {terraformCloud: "pay ments"}}`',
    fix: 'Rename the team, e.g. `platform-operators`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_TFC_OWNERS_TEAM: {
    severity: 'error',
    meaning:
      "A role or owner team is Terraform Cloud's `owners` team, which already has every permission and cannot be given project access.",
    example: '`terraform: {cloud: {teams: {operators: owners}}}`',
    fix: 'Name a team of its own, e.g. `platform-operators`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_DUPLICATE_TFC_TEAM: {
    severity: 'error',
    meaning: 'One Terraform Cloud team has two roles of the platform output (their rights differ).',
    example: '`terraform: {cloud: {teams: {operators: ops, readers: ops}}}`',
    fix: 'Give each role its own team.',
    formerly: ['PLATFORM_DUPLICATE'],
  },
  PLATFORM_PROJECT_NUMBER_FORMAT: {
    severity: 'error',
    meaning: "The runner project's number is not a GCP project number (digits, no leading zero).",
    example: '`terraform: {dynamicCredentials: {projectNumber: "0042"}}`',
    fix: "Copy it from `gcloud projects describe <project> --format='value(projectNumber)'`.",
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_PROJECT_NUMBER_MISSING: {
    severity: 'error',
    meaning:
      "The platform output on Terraform Cloud needs the runner project's number (the workload identity provider's name contains it).",
    example:
      '`terraform: {backend: {type: cloud, organization: acme}}` without `dynamicCredentials.projectNumber`.',
    fix: 'Add `terraform.dynamicCredentials.projectNumber`.',
    formerly: ['PLATFORM_MISSING_KEY'],
  },
  PLATFORM_WORKLOAD_IDENTITY_ID: {
    severity: 'error',
    meaning:
      'A workload identity pool or provider ID is not 4–32 lowercase letters, digits and `-`, starting with a letter, not ending with `-`, not starting with `gcp-`.',
    example: '`terraform: {dynamicCredentials: {poolId: gcp-pool}}`',
    fix: 'Use an ID such as `terraform-cloud`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },

  // Rules: Google Cloud settings
  PLATFORM_FOLDER_MISSING: {
    severity: 'error',
    meaning: 'An environment category has no GCP folder for its projects.',
    example: '`gcp: {folders: {test: folders/1, internal: folders/2}}` (no `external`).',
    fix: 'Add `<category>: folders/<id>` under `gcp.folders`.',
    formerly: ['PLATFORM_MISSING_KEY'],
  },
  PLATFORM_FOLDER_FORMAT: {
    severity: 'error',
    meaning: 'A folder is not written `folders/<number>`.',
    example: '`gcp: {folders: {test: engineering}}`',
    fix: 'Write the folder as `folders/<number>` (`gcloud resource-manager folders list`).',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_BILLING_ACCOUNT_FORMAT: {
    severity: 'error',
    meaning: 'The billing account is not an ID `XXXXXX-XXXXXX-XXXXXX` (upper-case hex).',
    example: '`gcp: {billingAccount: 1234}`',
    fix: 'Copy the ID from `gcloud billing accounts list`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_DEFAULT_REGION_NOT_ALLOWED: {
    severity: 'error',
    meaning: 'The default region is not one of `gcp.regions`.',
    example: '`gcp: {regions: [us-central1], defaultRegion: europe-west2}`',
    fix: 'Add the region to `gcp.regions`, or choose one of them.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },

  // Rules: access
  PLATFORM_ENGINEERS_GROUP_FORMAT: {
    severity: 'error',
    meaning: 'The engineers group is not an IAM member (`group:`, `user:`, `serviceAccount:` or `domain:`).',
    example: '`access: {engineersGroup: engineers@acme.com}`',
    fix: 'Prefix it with its kind, e.g. `group:engineers@acme.com`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_REQUEST_URL_PROJECT: {
    severity: 'error',
    meaning: 'The elevated-access request link does not say which project a request is for.',
    example: '`access: {elevated: {requestUrl: "https://access.acme.com/request"}}`',
    fix: 'Add `{project}` (and `{role}`) to the link template.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_PERMISSION_FORMAT: {
    severity: 'error',
    meaning: 'A curated role permission is not `service.resource.verb`.',
    example: '`curatedRoles: {test: {reader: {permissions: [logging.read]}}}`',
    fix: 'Write the full permission, e.g. `logging.logEntries.list`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_CURATED_ROLE_EMPTY: {
    severity: 'error',
    meaning: 'A curated role override lists no permission.',
    example: '`curatedRoles: {test: {editor: {permissions: []}}}`',
    fix: 'List the permissions, or remove the override to keep the built-in role.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_CURATED_ROLE_UNKNOWN: {
    severity: 'error',
    meaning: 'A role list names an `msp:` role other than the curated `msp:reader` and `msp:editor`.',
    example: '`access: {roles: {test: [msp:admin]}}`',
    fix: 'Use `msp:reader` or `msp:editor`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_ROLE_FORMAT: {
    severity: 'error',
    meaning: 'A role list item is not an IAM role name.',
    example: '`access: {roles: {test: [run.viewer]}}`',
    fix: 'Write `roles/<name>`, `organizations/<id>/roles/<name>`, `msp:reader` or `msp:editor`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },

  // Rules: notification channels
  PLATFORM_CHANNEL_ID_FORMAT: {
    severity: 'error',
    meaning:
      'A channel id is not lowercase letters, digits and hyphens starting with a letter (it names Terraform resources).',
    example: '`channels: [{id: Alerts_Mail, …}]`',
    fix: 'Rename it, e.g. `alerts-mail`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_DUPLICATE_CHANNEL_ID: {
    severity: 'error',
    meaning: 'Two notification channels share an id; platform-wide and team channels share one namespace.',
    example: 'Two channels with `id: oncall`.',
    fix: 'Give each channel its own id.',
    formerly: ['PLATFORM_DUPLICATE'],
  },
  PLATFORM_CHANNEL_NO_SEVERITY: {
    severity: 'error',
    meaning: 'A channel receives no severity, so no alert would ever reach it.',
    example: '`channels: [{id: mail, type: email, severities: []}]`',
    fix: 'List `WARNING`, `CRITICAL` or both, or remove the channel.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_CHANNEL_LABEL_MISSING: {
    severity: 'error',
    meaning:
      'A channel lacks the label its type needs (`email_address`, `channel_name`, `url`, `topic` or `number`).',
    example: '`channels: [{id: mail, type: email, severities: [CRITICAL]}]`',
    fix: 'Add the label the message names under `labels`.',
    formerly: ['PLATFORM_MISSING_KEY'],
  },
  PLATFORM_CHANNEL_SECRET_MISSING: {
    severity: 'error',
    meaning: 'A Slack or PagerDuty channel lacks its Secret Manager reference (`authToken`, `serviceKey`).',
    example: '`channels: [{id: page, type: pagerduty, severities: [CRITICAL]}]`',
    fix: 'Add the secret under `sensitiveLabels`.',
    formerly: ['PLATFORM_MISSING_KEY'],
  },
  PLATFORM_SECRET_IN_CONFIG: {
    severity: 'error',
    meaning: 'A secret channel label (token, key) is written in plain text in the config.',
    example: '`labels: {auth_token: xoxb-…}` on a Slack channel.',
    fix: 'Keep it in Secret Manager and reference it under `sensitiveLabels`.',
  },
  PLATFORM_FORBIDDEN_PERMISSION: {
    severity: 'error',
    meaning: 'A curated role lists a permission that lets a person outlive or widen their access.',
    example: '`curatedRoles: {external: {reader: {permissions: [iam.serviceAccountKeys.create]}}}`',
    fix: 'Remove the permission.',
  },
  PLATFORM_FORBIDDEN_ROLE: {
    severity: 'error',
    meaning: 'An access role is a basic role or one that creates keys or rewrites IAM.',
    example: '`access: {roles: {test: [roles/owner]}}`',
    fix: 'Use `msp:reader`, `msp:editor` or a narrower predefined role.',
  },
  PLATFORM_CHANNEL_SECRET_VISIBLE: {
    severity: 'warning',
    meaning:
      "A `webhook_tokenauth` channel of external environments keeps its token in a label that the external engineers' standing roles can read.",
    example: 'A `webhook_tokenauth` channel for `external` with `roles/monitoring.viewer` granted there.',
    fix: 'Use a channel type with a sensitive label, or keep channel permissions out of the external roles.',
  },

  PLATFORM_OBJECTIVE_PERCENT: {
    severity: 'error',
    meaning: 'A category objective percent is not above 0 and at most 99.99 (docs/slo.md).',
    example: '`objectives: {external: {availability: 100}}`',
    fix: 'Use a percent such as `99.9`.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_OBJECTIVE_THRESHOLD: {
    severity: 'error',
    meaning: 'A category latency threshold is outside 1 ms to 60 minutes.',
    example: '`objectives: {external: {latency: {thresholdMs: 0, percent: 99}}}`',
    fix: 'Use milliseconds from 1 to 3600000.',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },
  PLATFORM_OBJECTIVE_PERIOD: {
    severity: 'error',
    meaning: 'A category objective period is outside 1–30 days.',
    example: '`objectives: {external: {periodDays: 90}}`',
    fix: 'Use 1 to 30 days (28 by default).',
    formerly: ['PLATFORM_INVALID_VALUE'],
  },

  // Placeholders (src/platform/placeholders.ts)
  PLATFORM_PLACEHOLDER: {
    severity: 'error or warning',
    meaning:
      "A built-in placeholder value (or a `TODO`) that would reach the organisation's Terraform; a warning for validate, an error for generate unless placeholders are allowed.",
    example: 'No platform.yaml at the fleet root.',
    fix: 'Set the real value in platform.yaml, or pass `--allow-placeholders` for a demo fleet.',
  },

  // The platform output (src/platform-stack/)
  PLATFORM_NOT_PROVIDED: {
    severity: 'error',
    meaning:
      'A stack refers to something (a Terraform Cloud project, team, variable set) that the platform output does not create.',
    example: 'A service workspace in a Terraform Cloud project the platform output no longer declares.',
    fix: 'Regenerate the platform output with the fleet (`msp generate --all`) and apply it first.',
  },
});
