/**
 * Codes of the spec stage: reading and shape of `service.yaml` (src/source, the zod adapter),
 * the rules of one service (src/spec/rules.ts, src/spec/objectives.ts), the files next to the
 * spec (src/spec/sibling-files.ts) and the rules that need the platform (src/alerts/routing.ts).
 */
import { READING, SHAPE } from './document.ts';
import { defineCodes } from './types.ts';

export const SPEC_CODES = defineCodes({
  // Reading (src/source/yaml-document.ts)
  SPEC_FILE_TOO_LARGE: READING.FILE_TOO_LARGE,
  SPEC_NOT_UTF8: READING.NOT_UTF8,
  SPEC_TOO_DEEP: READING.TOO_DEEP,
  SPEC_TOO_MANY_VALUES: READING.TOO_MANY_VALUES,
  SPEC_YAML_SYNTAX: READING.YAML_SYNTAX,
  SPEC_YAML_INDENT: READING.YAML_INDENT,
  SPEC_YAML_TAB: READING.YAML_TAB,
  SPEC_MULTIPLE_DOCUMENTS: READING.MULTIPLE_DOCUMENTS,
  SPEC_DUPLICATE_KEY: READING.DUPLICATE_KEY,
  SPEC_COMPLEX_KEY: READING.COMPLEX_KEY,
  SPEC_UNKNOWN_TAG: READING.UNKNOWN_TAG,
  SPEC_UNDEFINED_ALIAS: READING.UNDEFINED_ALIAS,
  SPEC_ALIAS_LIMIT: READING.ALIAS_LIMIT,
  SPEC_UNWRITABLE_TEXT: READING.UNWRITABLE_TEXT,
  // Shape (the zod schema, src/spec/schema.ts)
  SPEC_NOT_A_MAPPING: SHAPE.NOT_A_MAPPING,
  SPEC_UNKNOWN_KEY: SHAPE.UNKNOWN_KEY,
  SPEC_MISSING_KEY: SHAPE.MISSING_KEY,
  SPEC_WRONG_TYPE: SHAPE.WRONG_TYPE,
  SPEC_INVALID_VALUE: SHAPE.INVALID_VALUE,
  SPEC_OUT_OF_RANGE: SHAPE.OUT_OF_RANGE,
  SPEC_LEGACY_KEY: {
    severity: 'warning',
    meaning: 'A key MSP accepts but ignores in current versions; it has no effect and is dropped.',
    example: '`healthProbes: {startupProbe: …}`',
    fix: 'Use the replacement the hint names, or remove the key.',
  },
  SPEC_TODO: {
    severity: 'warning',
    meaning: "A value left as the scaffold's `TODO` placeholder.",
    example: '`notionPageID: TODO` as written by `msp init`.',
    fix: 'Replace the placeholder with the real value.',
  },

  // Rules: service
  SPEC_SERVICE_ID: {
    severity: 'error',
    meaning:
      'The service id is empty, longer than 20 characters, or not `[a-z][a-z0-9-]*` (at least 3 characters, no trailing hyphen).',
    example: '`service: {id: My_Service}`',
    fix: 'Use lowercase letters, digits and hyphens, starting with a letter.',
  },
  SPEC_OWNERS: {
    severity: 'error',
    meaning: 'The service has no owner, or an owner is empty.',
    example: '`owners: []`',
    fix: 'List at least one owning team.',
  },
  SPEC_DESCRIPTION: {
    severity: 'error',
    meaning: 'The service description is empty.',
    example: '`description: ""`',
    fix: 'Describe the service in a sentence.',
  },
  SPEC_NOTION: {
    severity: 'error',
    meaning: '`notionPageID` is empty, a URL, or not a Notion page ID.',
    example: '`notionPageID: https://www.notion.so/acme/Api-0123…`',
    fix: 'Use the 32-character hexadecimal ID at the end of the page URL.',
  },
  SPEC_NOTION_REQUIRED: {
    severity: 'error',
    meaning: 'An environment of category internal or external needs `service.notionPageID`.',
    example: 'An environment with `category: external` and no `notionPageID`.',
    fix: 'Add `notionPageID` under `service`, or use category `test`.',
  },
  SPEC_IAM_ROLE: {
    severity: 'error',
    meaning: 'A role in `service.iam.roles` is not an IAM role name.',
    example: '`iam: {roles: [admin]}`',
    fix: 'Use a full role name such as `roles/storage.objectViewer`.',
  },
  SPEC_IAM_PERMISSION: {
    severity: 'error',
    meaning: 'A permission in `service.iam.permissions` is not `service.resource.verb`.',
    example: '`iam: {permissions: [storage]}`',
    fix: 'Use a full permission such as `storage.objects.get`.',
  },
  SPEC_IAM_SERVICE: {
    severity: 'error',
    meaning: 'An API in `service.iam.services` is not a Google API name.',
    example: '`iam: {services: [storage]}`',
    fix: "Use the API's name such as `storage.googleapis.com`.",
  },
  SPEC_DISPLAY_NAME: {
    severity: 'error',
    meaning:
      'The project display name `<service name> - <environment id>` is over 30 characters, or the service name has characters GCP refuses.',
    example: '`name: A very long service name for a project` with an environment `production`.',
    fix: 'Use a shorter service name or environment id; letters, digits, spaces and `- \' " !` only.',
  },

  // Rules: environments
  SPEC_ENV_ID: {
    severity: 'error',
    meaning: 'An environment id is empty or not `[a-z][a-z0-9-]*`.',
    example: '`- id: Prod`',
    fix: 'Use lowercase letters, digits and hyphens, starting with a letter.',
  },
  SPEC_DUPLICATE_ENV: {
    severity: 'error',
    meaning: 'Two environments have the same id.',
    example: 'Two environments with `id: prod`.',
    fix: 'Rename or merge one of them.',
  },
  SPEC_PROJECT_ID: {
    severity: 'error',
    meaning:
      "An environment's projectID is empty, too long, does not follow `<service id>-<env id>-<suffix>`, or is not a valid GCP project ID.",
    example: '`id: api`, environment `prod` with `projectID: prod-api-1234`.',
    fix: 'Use `<service id>-<environment id>-<suffix>`, 6–30 characters.',
  },
  SPEC_CLOUD_RUN_NAME: {
    severity: 'error',
    meaning: 'The Cloud Run name `<service id>-<env id>-<region>` is over 63 characters.',
    example: 'A 20-character service id, a 25-character environment id and region `northamerica-northeast1`.',
    fix: 'Use a shorter environment id or region.',
  },
  SPEC_KIND_MISMATCH: {
    severity: 'error',
    meaning: 'A block that belongs to the other kind (service vs job).',
    example: '`kind: job` with an environment that has `domain:`.',
    fix: 'Remove the block, or change `service.kind`.',
  },
  SPEC_DEPLOY: {
    severity: 'error',
    meaning: 'The deploy block does not match its type, or the image tag is invalid.',
    example: '`deploy: {type: subscription}` without `subscription:`.',
    fix: 'Give the block the deploy type needs, and nothing else.',
  },
  SPEC_LOCATION: {
    severity: 'error',
    meaning: '`locations.gcpRegion` or `gcpLocation` is empty or not allowed by the platform config.',
    example: '`locations: {gcpRegion: mars-central1}`',
    fix: 'Use one of the regions and locations listed in platform.yaml.',
  },
  SPEC_DOMAIN: {
    severity: 'error',
    meaning: 'The domain block is incomplete or its subdomain, zone or name is invalid.',
    example: '`domain: {type: cloudflare}` without `cloudflare:`.',
    fix: 'Give `cloudflare: {subdomain, zone}` with valid DNS names.',
  },
  SPEC_DUPLICATE_DOMAIN: {
    severity: 'error',
    meaning: 'Two environments of the service use the same domain.',
    example: 'Two environments with `subdomain: api`, `zone: acme.com`.',
    fix: 'Give each environment its own subdomain.',
  },
  SPEC_DOMAIN_IGNORED: {
    severity: 'warning',
    meaning: 'A `cloudflare` block under `domain.type: none` is ignored.',
    example: '`domain: {type: none, cloudflare: {…}}`',
    fix: 'Remove the block, or set `type: cloudflare`.',
  },
  SPEC_HEALTH_PROBES: {
    severity: 'error',
    meaning: "Health probe timings are out of Cloud Run's bounds or inconsistent.",
    example: '`healthProbes: {timeout: 10, startupInterval: 5}`',
    fix: 'Keep intervals ≥ timeout and within the bounds given.',
  },
  SPEC_RESOURCES: {
    severity: 'error',
    meaning: 'Cloud Run cpu and memory are out of range or do not fit together.',
    example: '`resources: {cpu: 8, memory: 1Gi}`',
    fix: 'Use a cpu/memory pair Cloud Run supports.',
  },
  SPEC_SCALING: {
    severity: 'error',
    meaning: 'Scaling counts are negative, inconsistent, or concurrency is out of 1–1000.',
    example: '`scaling: {minCount: 5, maxCount: 2}`',
    fix: 'Keep 0 ≤ minCount ≤ maxCount and concurrency within 1–1000.',
  },
  SPEC_ENV_NAME: {
    severity: 'error',
    meaning: 'An environment variable name is not `[A-Za-z_][A-Za-z0-9_]*`.',
    example: '`env: {MY-VAR: x}`',
    fix: 'Use letters, digits and underscores.',
  },
  SPEC_ENV_RESERVED: {
    severity: 'error',
    meaning: 'An environment variable name is set by the platform (the runtime contract).',
    example: '`env: {PORT: "8080"}`',
    fix: 'Remove it; the platform sets it.',
  },
  SPEC_ENV_DUPLICATE: {
    severity: 'error',
    meaning: 'A variable is defined in both `env` and `secretEnv`.',
    example: '`env: {TOKEN: x}` and `secretEnv: {TOKEN: TOKEN_SECRET}`.',
    fix: 'Keep one of them.',
  },
  SPEC_ENV_TEMPLATE: {
    severity: 'error',
    meaning: 'An env value uses a template (`{{ … }}`) MSP does not support.',
    example: '`env: {URL: "{{ .Unknown }}"}`',
    fix: 'Use one of the supported template values (docs/validation.md).',
  },
  SPEC_SECRET_NAME: {
    severity: 'error',
    meaning: 'A secret reference is not a Secret Manager secret name or `projects/<p>/secrets/<s>`.',
    example: '`secretEnv: {TOKEN: project/x/secrets/y}`',
    fix: 'Use a secret name, or `projects/<project>/secrets/<secret>`.',
  },
  SPEC_SECRET_VOLUME: {
    severity: 'error',
    meaning: 'A secret volume has an invalid name, mount path or secret, or shares a directory with another.',
    example: '`secretVolumes: {cfg: {mountPath: relative/path, secret: S}}`',
    fix: 'Use an absolute mount path and a secret name; one volume per directory.',
  },
  SPEC_POSTGRESQL: {
    severity: 'error',
    meaning: 'Cloud SQL cpu, memory, connections or database names are invalid.',
    example: '`postgreSQL: {cpu: 3}`',
    fix: 'Use a cpu/memory pair Cloud SQL supports and valid database names.',
  },
  SPEC_PUBLICATION: {
    severity: 'error',
    meaning: 'A PostgreSQL publication is incomplete or invalid.',
    example: '`publications: [{name: p}]` without `database` or `tables`.',
    fix: 'Give each publication a unique name, one of the databases and its tables.',
  },
  SPEC_REDIS: {
    severity: 'error',
    meaning: '`redis.memoryGB` is outside 1–300.',
    example: '`redis: {memoryGB: 500}`',
    fix: 'Use 1 to 300 GB.',
  },
  SPEC_BIGQUERY: {
    severity: 'error',
    meaning: 'The BigQuery dataset or a table id is invalid, or a table is listed twice.',
    example: '`bigQueryDataset: {tables: [my-table]}`',
    fix: 'Use letters, digits and underscores; list each table once.',
  },
  SPEC_CRON: {
    severity: 'error',
    meaning: "The job's cron schedule is invalid, never runs, or runs outside the allowed interval window.",
    example: '`schedule: {cron: "* * * *"}`',
    fix: 'Use a 5-field cron expression that runs between every 15 minutes and daily.',
  },
  SPEC_DEADLINE: {
    severity: 'error',
    meaning: '`deadlineSeconds` is out of range (≤ 1800 with a schedule).',
    example: '`deadlineSeconds: 7200` with `schedule:`.',
    fix: 'Use a deadline within the bounds given.',
  },
  SPEC_ROLLOUT: {
    severity: 'error',
    meaning: 'The rollout block is inconsistent with the environments or the kind.',
    example: 'A rollout stage naming an environment that does not exist.',
    fix: 'List each rollout environment once, and give those environments `deploy.type: rollout`.',
  },
  SPEC_ALERT: {
    severity: 'error',
    meaning: 'A response-code or custom alert is incomplete or invalid.',
    example: '`responseCodeRatios: [{id: x, name: X, ratio: 2}]`',
    fix: "Follow the alert's rule named in the message.",
  },
  SPEC_OBJECTIVE: {
    severity: 'error',
    meaning: "An environment's objective (SLO) override is invalid (docs/slo.md).",
    example: '`objectives: {availability: {percent: 100}}`',
    fix: 'Follow the objective rules of docs/slo.md.',
  },
  SPEC_NO_PAGING_ROUTE: {
    severity: 'error',
    meaning: 'Critical alerts of an internal or external environment reach no paging channel.',
    example: 'An external environment with `alerting: {opsgenie: false}`.',
    fix: 'Add a paging channel in platform.yaml, or keep paging on.',
  },

  // Files next to the spec (src/spec/sibling-files.ts, src/pipeline/parse-spec.ts)
  SPEC_README_HEADER: {
    severity: 'error',
    meaning: "The service's README.md does not start with `# <service name>`.",
    example: 'A README.md starting with `Overview`.',
    fix: 'Start it with `# <service name>`.',
  },
  SPEC_BIGQUERY_SCHEMA_MISSING: {
    severity: 'error',
    meaning: 'A BigQuery table has no `<table>.bigquerytable.json` next to the spec.',
    example: '`tables: [events]` and no `events.bigquerytable.json`.',
    fix: 'Create the file with a JSON array of columns.',
  },
  SPEC_BIGQUERY_SCHEMA: {
    severity: 'error',
    meaning: 'A BigQuery table schema file is not a valid list of columns.',
    example: '`events.bigquerytable.json` holding `{}`.',
    fix: 'Write a JSON array of `{name, type, mode?, description?, fields?}` columns.',
  },
  SPEC_ID_DIR_MISMATCH: {
    severity: 'error',
    meaning: 'The service id does not match the folder the spec is in.',
    example: '`services/api/service.yaml` with `id: web`.',
    fix: "Set the id to the folder's name, or rename the folder.",
  },
});
