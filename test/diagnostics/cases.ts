/**
 * Cases for the diagnostic catalogue test: for codes no fixture marks (test/fixtures/**), a small
 * input that produces the code. The catalogue test runs each one and checks that the code comes out.
 */
import type { Diagnostic, DiagnosticCode } from '../../src/diagnostics/diagnostic.ts';
import { checkFleet } from '../../src/fleet/checks.ts';
import { parsePlatformConfig } from '../../src/platform/parse.ts';
import { checkTerraformJson } from '../../src/terraform/check.ts';
import { parse } from '../spec/helpers.ts';

const platform = (text: string | Uint8Array): Diagnostic[] =>
  parsePlatformConfig(text as string, 'platform.yaml').diagnostics;

const google = { google: { source: 'hashicorp/google', version: '7.9.0' } };
const terraform = (doc: unknown): Diagnostic[] => checkTerraformJson(doc);

const SPEC = `service:
  id: acme-api
  owners: [core]
  description: x
environments:
  - id: dev
    projectID: acme-api-dev-3f9a
    category: test
    deploy: {type: manual}
    instances:
      resources: {cpu: 1, memory: 1Gi}
`;

const PLATFORM = `organization: { name: Acme }
gcp:
  billingAccount: 01A2B3-C4D5E6-F7A8B9
  folders: { test: folders/1, internal: folders/2, external: folders/3 }
access: { engineersGroup: "group:eng@acme.com" }
`;

const BOMB = [
  'a: &a [x,x,x,x,x,x,x,x,x,x]',
  ...['b', 'c', 'd', 'e', 'f'].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcde'[i]}`).join(',')}]`),
  `g: [${Array(10).fill('*f').join(',')}]`,
  '',
].join('\n');

export const CASES: Partial<Record<DiagnosticCode, () => Diagnostic[]>> = {
  SPEC_CUSTOM_ALERT_QUERY_COMMENTS: () =>
    parse(
      `${SPEC}monitoring:\n  alerts:\n    customAlerts:\n      - {name: stalled, severityLevel: WARNING, condition: {type: promql, query: "# nothing yet"}}\n`,
    ).diagnostics,

  PLATFORM_YAML_TAB: () => platform('a:\n\tb: 1\n'),
  PLATFORM_YAML_SYNTAX: () => platform('a: {b'),
  PLATFORM_YAML_INDENT: () => platform('organization:\n  name: a\n   x: 1\n'),
  PLATFORM_MULTIPLE_DOCUMENTS: () => platform('a: 1\n---\nb: 2\n'),
  PLATFORM_DUPLICATE_KEY: () => platform('a: 1\na: 2\n'),
  PLATFORM_COMPLEX_KEY: () => platform('? [a]\n: 1\n'),
  PLATFORM_UNKNOWN_TAG: () => platform('a: !x 1\n'),
  PLATFORM_UNDEFINED_ALIAS: () => platform('a: *x\n'),
  PLATFORM_ALIAS_LIMIT: () => platform(BOMB),
  PLATFORM_UNWRITABLE_TEXT: () => platform('a: "\\ud800"\n'),
  PLATFORM_NOT_A_MAPPING: () => platform('- a\n'),
  PLATFORM_NOT_UTF8: () => platform(new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0x0a])),
  PLATFORM_TOO_DEEP: () => platform(`a: ${'['.repeat(2000)}${']'.repeat(2000)}\n`),
  PLATFORM_TOO_MANY_VALUES: () => platform(`a: [${'1,'.repeat(300_000)}1]\n`),
  PLATFORM_WRONG_TYPE: () => platform('organization: 5\n'),

  PLATFORM_UNUSED_KEY: () => platform(`${PLATFORM}terraform: { backend: { type: local, bucket: b } }\n`),
  PLATFORM_INVALID: () =>
    platform(`${PLATFORM}terraform: { backend: { type: local } }\nlinks: { repository: "ftp://x" }\n`),

  TF_UNKNOWN_PROVIDER: () =>
    terraform({ terraform: { required_providers: { aws: { source: 'hashicorp/aws' } } } }),
  TF_PROVIDER_SOURCE_MISMATCH: () =>
    terraform({
      terraform: { required_providers: { google: { source: 'acme/google', version: '7.9.0' } } },
      resource: { google_project: { p: { name: 'project', project_id: 'acme-project' } } },
    }),
  TF_INVALID_META_ARGUMENT: () =>
    terraform({
      terraform: { required_providers: google },
      resource: { google_project: { p: { name: 'project', project_id: 'acme-project', depends_on: 'x' } } },
    }),

  FLEET_DUPLICATE_SERVICE: () => {
    const raw = parse(SPEC).raw!;
    return checkFleet([
      { dirName: 'acme-api', file: 'services/acme-api/service.yaml', raw },
      { dirName: 'acme-api-2', file: 'services/acme-api-2/service.yaml', raw: { ...raw, environments: [] } },
    ]);
  },
};

/**
 * Codes no fixture and no case above produces yet: each still needs a case. The catalogue test
 * fails when a code is in neither place, and when a code listed here is covered (so the list only
 * shrinks).
 */
export const NOT_YET_EXERCISED: readonly DiagnosticCode[] = [
  'PLATFORM_FILE_TOO_LARGE',
  'PLATFORM_OUT_OF_RANGE',
  'TF_CUSTOM_NOT_CHECKED',
  'IO_READ',
  'IO_SYMLINK_OUTPUT',
  'IO_INTERRUPTED_WRITE',
];
