/**
 * Codes of the platform stage: reading and shape of `platform.yaml` (src/source, the zod
 * adapter), the platform rules (src/platform/resolve.ts, src/platform/objectives.ts), the
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
  PLATFORM_NOT_A_MAPPING: SHAPE.NOT_A_MAPPING,
  PLATFORM_UNKNOWN_KEY: SHAPE.UNKNOWN_KEY,
  PLATFORM_MISSING_KEY: {
    severity: 'error',
    meaning:
      'A required key is missing: from the schema, or required by another value (a backend type, a channel type, a category without a folder, the platform output on Terraform Cloud).',
    example: '`terraform: {backend: {type: gcs}}` without `bucket`.',
    fix: 'Add the key the message names.',
  },
  PLATFORM_WRONG_TYPE: SHAPE.WRONG_TYPE,
  PLATFORM_INVALID_VALUE: {
    severity: 'error',
    meaning:
      'A value is not allowed: not one of an enumeration, or not in the format the platform rule needs (folders, billing account, IAM members and roles, team and project names, channel ids, objectives).',
    example: '`gcp: {billingAccount: 1234}`',
    fix: 'Use the format given under "expected" or in the message.',
  },
  PLATFORM_OUT_OF_RANGE: SHAPE.OUT_OF_RANGE,
  PLATFORM_INVALID: {
    severity: 'error',
    meaning: "A value does not match its format (an http(s) URL, a notification channel's labels).",
    example: '`access: {elevated: {requestUrl: "ftp://x"}}`',
    fix: 'Write the value in the format the message names.',
  },

  // Rules (src/platform/resolve.ts)
  PLATFORM_UNUSED_KEY: {
    severity: 'warning',
    meaning: 'A backend key that the chosen backend type does not use.',
    example: '`backend: {type: local, bucket: b}`',
    fix: 'Remove the key, or change the backend type.',
  },
  PLATFORM_DUPLICATE: {
    severity: 'error',
    meaning: 'Two notification channels share an id, or one Terraform Cloud team has two roles.',
    example: 'Two channels with `id: oncall`.',
    fix: 'Give each channel its own id, and each role its own team.',
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
