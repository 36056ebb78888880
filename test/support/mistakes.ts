/**
 * Typical mistakes a service owner or platform engineer makes, as edits of the example fleet.
 * Used by test/spec/mistakes.test.ts (the schema catches what it says it catches; the language
 * server reports exactly what `msp validate` reports) and scripts/bench-editor.ts (the counts
 * in docs/editor.md and BENCHMARKS.md).
 */

import type { DiagnosticCode } from '../../src/diagnostics/codes/index.ts';

export interface Mistake {
  name: string;
  /** The file edited, relative to the fleet root. */
  file: string;
  /** The edit: a replacement of one exact text (it must occur in the file). */
  from: string;
  to: string;
  /** A code `msp validate` must report for it (it may report more). */
  code: DiagnosticCode;
  /**
   * Whether the JSON Schema alone catches it: `base` (the schema `msp schema` prints), `fleet`
   * (only a fleet's own schema, with the platform's values narrowed in), or `no` (a rule across
   * keys or files, which only msp sees).
   */
  schema: 'base' | 'fleet' | 'no';
}

const API = 'services/acme-api/service.yaml';
const JOB = 'services/nightly-sync/service.yaml';
const GRPC = 'services/search-grpc/service.yaml';

export const MISTAKES: readonly Mistake[] = [
  // Keys and values of the wrong shape.
  {
    name: 'typo in a key',
    file: API,
    from: '    instances:\n      resources:\n        cpu: 1',
    to: '    instancs:\n      resources:\n        cpu: 1',
    code: 'SPEC_UNKNOWN_KEY',
    schema: 'base',
  },
  {
    name: 'typo in an enum value (category)',
    file: API,
    from: 'category: test',
    to: 'category: tset',
    code: 'SPEC_INVALID_VALUE',
    schema: 'base',
  },
  {
    name: 'cpu as a fraction',
    file: API,
    from: 'cpu: 1\n',
    to: 'cpu: 0.5\n',
    code: 'SPEC_WRONG_TYPE',
    schema: 'base',
  },
  {
    name: 'custom alert severity in lower case',
    file: API,
    from: 'severityLevel: WARNING',
    to: 'severityLevel: warning',
    code: 'SPEC_INVALID_VALUE',
    schema: 'base',
  },
  {
    name: 'required key left out (description)',
    file: API,
    from: '  description: Public API used by the Acme integration.\n',
    to: '',
    code: 'SPEC_MISSING_KEY',
    schema: 'base',
  },
  {
    name: 'no owners',
    file: API,
    from: '  owners:\n    - core-services\n',
    to: '  owners: []\n',
    code: 'SPEC_OWNERS_EMPTY',
    schema: 'base',
  },
  // Formats.
  {
    name: 'memory with a decimal unit (4GB)',
    file: API,
    from: 'memory: 4Gi',
    to: 'memory: 4GB',
    code: 'SPEC_MEMORY_INVALID',
    schema: 'base',
  },
  {
    name: 'project ID with upper case and underscores',
    file: API,
    from: 'projectID: acme-api-dev-3f9a',
    to: 'projectID: acme_API_dev',
    code: 'SPEC_PROJECT_ID_FORMAT',
    schema: 'base',
  },
  {
    name: 'service id with upper case',
    file: API,
    from: 'id: acme-api',
    to: 'id: Acme-Api',
    code: 'SPEC_SERVICE_ID_CHARACTERS',
    schema: 'base',
  },
  {
    name: "secret reference with 'project/'",
    file: API,
    from: 'SHARED_TOKEN: projects/acme-shared-secrets/secrets/SHARED_TOKEN',
    to: 'SHARED_TOKEN: project/acme-shared-secrets/secrets/SHARED_TOKEN',
    code: 'SPEC_SECRET_NAME',
    schema: 'base',
  },
  {
    name: 'secret reference naming a version',
    file: API,
    from: 'SHARED_TOKEN: projects/acme-shared-secrets/secrets/SHARED_TOKEN',
    to: 'SHARED_TOKEN: projects/acme-shared-secrets/secrets/SHARED_TOKEN/versions/1',
    code: 'SPEC_SECRET_NAME',
    schema: 'base',
  },
  {
    name: 'cron with six fields (seconds)',
    file: JOB,
    from: 'cron: "0 3 * * *"',
    to: 'cron: "0 0 3 * * *"',
    code: 'SPEC_CRON_INVALID',
    schema: 'base',
  },
  {
    name: 'zone written as a URL',
    file: API,
    from: 'zone: acme.com',
    to: 'zone: https://acme.com',
    code: 'SPEC_DOMAIN_ZONE_INVALID',
    schema: 'base',
  },
  {
    name: 'environment variable name with a hyphen',
    file: API,
    from: '      LOG_LEVEL: warn',
    to: '      LOG-LEVEL: warn',
    code: 'SPEC_ENV_NAME',
    schema: 'base',
  },
  {
    name: 'relative secret mount path',
    file: JOB,
    from: 'mountPath: /var/secrets/creds.json',
    to: 'mountPath: var/secrets/creds.json',
    code: 'SPEC_SECRET_VOLUME_MOUNT_RELATIVE',
    schema: 'base',
  },
  {
    name: 'response code class in upper case',
    file: API,
    from: 'codeClass: 5xx',
    to: 'codeClass: 5XX',
    code: 'SPEC_ALERT_CODE_CLASS',
    schema: 'base',
  },
  {
    name: 'IAM role without roles/',
    file: API,
    from: '      - roles/pubsub.publisher',
    to: '      - pubsub.publisher',
    code: 'SPEC_IAM_ROLE',
    schema: 'base',
  },
  // Ranges.
  {
    name: 'cpu above 8',
    file: API,
    from: 'cpu: 2\n',
    to: 'cpu: 16\n',
    code: 'SPEC_CPU_TOO_HIGH',
    schema: 'base',
  },
  {
    name: 'maxCount of 0',
    file: API,
    from: 'maxCount: 10',
    to: 'maxCount: 0',
    code: 'SPEC_SCALING_MAX_TOO_LOW',
    schema: 'base',
  },
  {
    name: 'request concurrency above 1000',
    file: API,
    from: 'maxRequestConcurrency: 200',
    to: 'maxRequestConcurrency: 5000',
    code: 'SPEC_SCALING_CONCURRENCY',
    schema: 'base',
  },
  {
    name: 'alert ratio as a percentage',
    file: API,
    from: 'ratio: 0.1',
    to: 'ratio: 10',
    code: 'SPEC_ALERT_RATIO',
    schema: 'base',
  },
  {
    name: 'alert duration over a day',
    file: API,
    from: 'durationMinutes: 60',
    to: 'durationMinutes: 2000',
    code: 'SPEC_ALERT_DURATION_TOO_LONG',
    schema: 'base',
  },
  {
    name: 'odd PostgreSQL cpu count',
    file: API,
    from: '        cpu: 2\n        memoryGB: 8',
    to: '        cpu: 3\n        memoryGB: 8',
    code: 'SPEC_POSTGRESQL_CPU_ODD',
    schema: 'base',
  },
  {
    name: 'probe timeout over 240 s',
    file: API,
    from: 'timeout: 5',
    to: 'timeout: 500',
    code: 'SPEC_PROBE_OUT_OF_RANGE',
    schema: 'base',
  },
  // Service or job: keys that belong to the other kind, deploy blocks that do not fit the type.
  {
    name: 'schedule on a service',
    file: API,
    from: '    allowDestroys: true',
    to: '    schedule:\n      cron: "0 * * * *"\n    allowDestroys: true',
    code: 'SPEC_JOB_BLOCK_IN_SERVICE',
    schema: 'base',
  },
  {
    name: 'domain on a job',
    file: JOB,
    from: '    allowDestroys: true',
    to: '    domain:\n      type: cloudflare\n      cloudflare: { subdomain: sync, zone: acme.dev }\n    allowDestroys: true',
    code: 'SPEC_SERVICE_BLOCK_IN_JOB',
    schema: 'base',
  },
  {
    name: 'subscription deploy without its block',
    file: API,
    from: '      type: subscription\n      subscription:\n        tag: insiders\n',
    to: '      type: subscription\n',
    code: 'SPEC_DEPLOY_SUBSCRIPTION_MISSING',
    schema: 'base',
  },
  {
    name: 'manual block with subscription deploys',
    file: API,
    from: '      type: subscription\n      subscription:',
    to: '      type: subscription\n      manual: { tag: insiders }\n      subscription:',
    code: 'SPEC_DEPLOY_MANUAL_WITH_SUBSCRIPTION',
    schema: 'base',
  },
  // Fleet-specific values.
  {
    name: 'region the platform does not allow',
    file: GRPC,
    from: 'gcpRegion: us-west1',
    to: 'gcpRegion: us-east7',
    code: 'SPEC_REGION_NOT_ALLOWED',
    schema: 'fleet',
  },
  // Rules across keys and files: only msp sees them.
  {
    name: 'minCount above maxCount',
    file: API,
    from: 'minCount: 1',
    to: 'minCount: 20',
    code: 'SPEC_SCALING_MIN_ABOVE_MAX',
    schema: 'no',
  },
  {
    name: 'project ID of another service',
    file: API,
    from: 'projectID: acme-api-dev-3f9a',
    to: 'projectID: other-api-dev-3f9a',
    code: 'SPEC_PROJECT_ID_NO_SERVICE',
    schema: 'no',
  },
  {
    name: 'job that runs every 5 minutes',
    file: JOB,
    from: 'cron: "0 3 * * *"',
    to: 'cron: "*/5 * * * *"',
    code: 'SPEC_CRON_TOO_OFTEN',
    schema: 'no',
  },
  {
    name: 'two environments with the same id',
    file: API,
    from: '  - id: prod',
    to: '  - id: dev',
    code: 'SPEC_DUPLICATE_ENV',
    schema: 'no',
  },
  {
    name: 'more memory than cpu allows',
    file: API,
    from: 'cpu: 2\n        memory: 4Gi',
    to: 'cpu: 1\n        memory: 8Gi',
    code: 'SPEC_MEMORY_NEEDS_CPU',
    schema: 'no',
  },
  {
    name: 'project ID used by another service',
    file: JOB,
    from: 'projectID: nightly-sync-dev-41d2',
    to: 'projectID: acme-api-dev-3f9a',
    code: 'FLEET_DUPLICATE_PROJECT',
    schema: 'no',
  },
  {
    name: 'README title that is not the service name',
    file: 'services/acme-api/README.md',
    from: '# Acme API',
    to: '# Acme api',
    code: 'SPEC_README_HEADER',
    schema: 'no',
  },
  {
    name: 'BigQuery column with a typo in a field',
    file: 'services/acme-api/api_requests.bigquerytable.json',
    from: '"type"',
    to: '"typ"',
    code: 'SPEC_BIGQUERY_COLUMN_UNKNOWN_FIELD',
    schema: 'no',
  },
  {
    name: 'platform config key typo',
    file: 'platform.yaml',
    from: 'organization:\n  name: Acme',
    to: 'organization:\n  nmae: Acme',
    code: 'PLATFORM_UNKNOWN_KEY',
    schema: 'base',
  },
  {
    name: 'engineers group without its member kind',
    file: 'platform.yaml',
    from: 'engineersGroup: group:engineers@acme.com',
    to: 'engineersGroup: engineers@acme.com',
    code: 'PLATFORM_ENGINEERS_GROUP_FORMAT',
    schema: 'base',
  },
  {
    name: 'folder given as a bare number',
    file: 'platform.yaml',
    from: 'test: folders/795981974432',
    to: 'test: "795981974432"',
    code: 'PLATFORM_FOLDER_FORMAT',
    schema: 'base',
  },
  {
    name: 'Slack channel without its token',
    file: 'platform.yaml',
    from: '      sensitiveLabels:\n        authToken: { project: acme-platform-secrets, secret: SLACK_ALERTS_TOKEN }\n      severities: [WARNING, CRITICAL]\n    - id: oncall-opsgenie',
    to: '      severities: [WARNING, CRITICAL]\n    - id: oncall-opsgenie',
    code: 'PLATFORM_CHANNEL_SECRET_MISSING',
    schema: 'base',
  },
  {
    name: 'runner account that is not a service account email',
    file: 'platform.yaml',
    from: 'runnerServiceAccount: terraform-cloud@acme-ci.iam.gserviceaccount.com',
    to: 'runnerServiceAccount: terraform-cloud@acme-ci.gserviceaccount.com',
    code: 'PLATFORM_RUNNER_ACCOUNT_FORMAT',
    schema: 'base',
  },
  {
    name: 'platform default region outside its own region list',
    file: 'platform.yaml',
    from: 'defaultRegion: us-central1',
    to: 'defaultRegion: europe-west1',
    code: 'PLATFORM_DEFAULT_REGION_NOT_ALLOWED',
    schema: 'no',
  },
];
