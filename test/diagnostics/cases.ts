/**
 * Cases for the diagnostic catalogue test: for codes no fixture marks (test/fixtures/**), a small
 * input that runs the code path that reports the code. The catalogue test runs each one and checks
 * that the code comes out and that every code that comes out is declared.
 *
 * Pure stages are called directly; file-system situations run the IO function (or the CLI,
 * in-process, on a temporary copy of the example fleet) and read the codes it reports.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic, DiagnosticCode } from '../../src/diagnostics/diagnostic.ts';
import { checkFleet } from '../../src/fleet/checks.ts';
import { runPool } from '../../src/fleet/pool.ts';
import type { Task } from '../../src/fleet/tasks.ts';
import { generatePlatform } from '../../src/generate/platform.ts';
import { generateService } from '../../src/generate/service.ts';
import { type ImageLock, parseImageLock } from '../../src/images/lock.ts';
import { pinImages } from '../../src/images/pin.ts';
import { failureDiagnostics, planResolutions, type Resolution } from '../../src/images/plan.ts';
import { type ImageRepository, parseImageRepository } from '../../src/images/reference.ts';
import type { FailureKind } from '../../src/images/resolve.ts';
import { scanServices } from '../../src/io/discover.ts';
import { generateServiceOnDisk } from '../../src/io/generate-service.ts';
import { readLimited } from '../../src/io/load.ts';
import { parseSpec } from '../../src/pipeline/parse-spec.ts';
import { builtinPlatform, parsePlatformConfig } from '../../src/platform/parse.ts';
import { LIMITS } from '../../src/source/limits.ts';
import { checkStack, checkTerraformJson } from '../../src/terraform/check.ts';
import { checkCustomHcl, checkCustomTerraformJson } from '../../src/terraform/check-custom.ts';
import { rawExpr } from '../../src/terraform/expr.ts';
import { parse } from '../spec/helpers.ts';
import { cli, copyExamples } from '../support/cli.ts';
import {
  EXAMPLES_ROOT,
  examplePlatform,
  examplePlatformContext,
  examplePlatformWith,
  exampleSpec,
  TEST_TOOL_VERSION,
} from '../support/examples.ts';
import { newStack } from '../support/terraform.ts';

/** What a case produced: diagnostics, or the codes a CLI run reported. */
export type Produced = readonly { code: string }[];
export type Case = () => Produced | Promise<Produced>;

const platform = (text: string | Uint8Array): Diagnostic[] =>
  parsePlatformConfig(text as string, 'platform.yaml').diagnostics;

const google = { google: { source: 'hashicorp/google', version: '7.9.0' } };
const terraform = (doc: unknown): Diagnostic[] => checkTerraformJson(doc);
/** A valid google_project with `extra` meta-arguments. */
const project = (extra: Record<string, unknown>) => ({
  terraform: { required_providers: google },
  resource: { google_project: { p: { name: 'project', project_id: 'acme-project', ...extra } } },
});
/** A Cloud Run service whose `template` block comes from a `dynamic` block `spec`. */
const dynamicTemplate = (spec: Record<string, unknown>) => ({
  terraform: { required_providers: google },
  resource: {
    google_cloud_run_v2_service: { s: { name: 's', location: 'l', dynamic: { template: spec } } },
  },
});

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

/** SPEC with a BigQuery table `events` whose schema file holds `json`. */
const table = (json: string): Diagnostic[] =>
  parse(`${SPEC}    resources:\n      bigQueryDataset: {tables: [events]}\n`, {
    siblings: { 'events.bigquerytable.json': json },
  }).diagnostics;

const PLATFORM = `organization: { name: Acme }
gcp:
  billingAccount: 01A2B3-C4D5E6-F7A8B9
  folders: { test: folders/1, internal: folders/2, external: folders/3 }
access: { engineersGroup: "group:eng@acme.com" }
`;

/** PLATFORM with a local backend: complete, so the checks after the shape run. */
const PLATFORM_LOCAL = `${PLATFORM}terraform: { backend: { type: local } }\n`;

const BOMB = [
  'a: &a [x,x,x,x,x,x,x,x,x,x]',
  ...['b', 'c', 'd', 'e', 'f'].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcde'[i]}`).join(',')}]`),
  `g: [${Array(10).fill('*f').join(',')}]`,
  '',
].join('\n');

/** A fresh temporary folder for `run`, removed afterwards. */
async function inTempDir(run: (dir: string) => Produced | Promise<Produced>): Promise<Produced> {
  const dir = mkdtempSync(join(tmpdir(), 'msp-catalogue-'));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Codes the CLI printed (`<where>: error CODE: …` / `warning CODE`), in order. */
function printedCodes(text: string): Produced {
  return [...text.matchAll(/\b(?:error|warning) ([A-Z][A-Z0-9_]+)\b/g)].map((m) => ({ code: m[1]! }));
}

/** Runs the CLI in-process on a temporary copy of the example fleet after `prepare`. */
async function onFleet(prepare: (root: string) => void, argv: (root: string) => string[]): Promise<Produced> {
  const fleet = copyExamples();
  try {
    prepare(fleet.dir);
    const r = await cli(argv(fleet.dir), fleet.dir);
    return printedCodes(`${r.stderr}\n${r.stdout}`);
  } finally {
    fleet.cleanup();
  }
}

/** One resolution of the example image tag, for the registry failure kinds. */
function imageFailure(kind: FailureKind): Diagnostic[] {
  const repo = parseImageRepository('us-docker.pkg.dev/acme/api') as ImageRepository;
  const r: Resolution = {
    key: 'us-docker.pkg.dev/acme/api:insiders',
    repo,
    tag: 'insiders',
    uses: [{ service: 'api', specFile: 'services/api/service.yaml', env: 'prod', index: 1 }],
  };
  return failureDiagnostics(r, {
    kind,
    url: 'https://us-docker.pkg.dev/v2/acme/api/manifests/insiders',
    message: `registry said ${kind}`,
    hint: 'Check the registry.',
  });
}

const D1 = `sha256:${'a'.repeat(64)}`;

export const CASES: Partial<Record<DiagnosticCode, Case>> = {
  // Spec: reading the file.
  SPEC_FILE_TOO_LARGE: () => parse(new Uint8Array(LIMITS.maxFileBytes + 1).fill(0x20)).diagnostics,
  SPEC_NOT_UTF8: () => parse(new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0x0a])).diagnostics,
  SPEC_TOO_MANY_VALUES: () => parse(`a: [${'1,'.repeat(LIMITS.maxNodes + 10)}1]\n`).diagnostics,
  SPEC_MULTIPLE_DOCUMENTS: () => parse(`${SPEC}---\nservice: {id: other}\n`).diagnostics,
  SPEC_UNKNOWN_TAG: () => parse(SPEC.replace('description: x', 'description: !secret x')).diagnostics,
  SPEC_UNDEFINED_ALIAS: () => parse(SPEC.replace('description: x', 'description: *nowhere')).diagnostics,
  SPEC_UNWRITABLE_TEXT: () => parse(SPEC.replace('description: x', 'description: "\\ud800"')).diagnostics,
  // Spec: shape and files next to it.
  SPEC_OUT_OF_RANGE: () => parse(SPEC.replace('cpu: 1,', 'cpu: 99999999999999999999,')).diagnostics,
  SPEC_CUSTOM_ALERT_QUERY_COMMENTS: () =>
    parse(
      `${SPEC}monitoring:\n  alerts:\n    customAlerts:\n      - {name: stalled, severityLevel: WARNING, condition: {type: promql, query: "# nothing yet"}}\n`,
    ).diagnostics,
  SPEC_DOMAIN_ZONE_INVALID: () =>
    parse(`${SPEC}    domain: {type: cloudflare, cloudflare: {subdomain: api, zone: "acme. com"}}\n`)
      .diagnostics,
  SPEC_DOMAIN_TOO_LONG: () => {
    const zone = [63, 63, 63, 61].map((n) => 'z'.repeat(n)).join('.'); // 253 characters: a valid zone
    return parse(`${SPEC}    domain: {type: cloudflare, cloudflare: {subdomain: api, zone: ${zone}}}\n`)
      .diagnostics;
  },
  SPEC_README_HEADER: () =>
    parse(SPEC, { siblings: { 'README.md': '# Someone else\n\nText.\n' } }).diagnostics,
  SPEC_BIGQUERY_SCHEMA_MISSING: () =>
    parse(`${SPEC}    resources:\n      bigQueryDataset: {tables: [events]}\n`, { siblings: {} }).diagnostics,
  SPEC_BIGQUERY_SCHEMA_UNREADABLE: () => table('[{"name": "id",, "type": "STRING"}]'),
  SPEC_BIGQUERY_SCHEMA_NOT_A_LIST: () => table('{"name": "id"}'),
  SPEC_BIGQUERY_SCHEMA_EMPTY: () => table('[]'),
  SPEC_BIGQUERY_COLUMN_NOT_AN_OBJECT: () => table('["id"]'),
  SPEC_BIGQUERY_COLUMN_UNKNOWN_FIELD: () => table('[{"name": "id", "type": "STRING", "mdoe": "REQUIRED"}]'),
  SPEC_BIGQUERY_COLUMN_NAME: () => table('[{"name": "1st", "type": "STRING"}]'),
  SPEC_BIGQUERY_COLUMN_DUPLICATE: () =>
    table('[{"name": "id", "type": "STRING"}, {"name": "ID", "type": "STRING"}]'),
  SPEC_BIGQUERY_COLUMN_TYPE: () => table('[{"name": "id", "type": "VARCHAR"}]'),
  SPEC_BIGQUERY_COLUMN_MODE: () => table('[{"name": "id", "type": "STRING", "mode": "OPTIONAL"}]'),
  SPEC_BIGQUERY_COLUMN_DESCRIPTION: () => table('[{"name": "id", "type": "STRING", "description": 5}]'),
  SPEC_BIGQUERY_RECORD_WITHOUT_FIELDS: () => table('[{"name": "r", "type": "RECORD"}]'),
  SPEC_BIGQUERY_FIELDS_NOT_RECORD: () =>
    table('[{"name": "s", "type": "STRING", "fields": [{"name": "x", "type": "STRING"}]}]'),
  SPEC_ID_DIR_MISMATCH: () =>
    parseSpec({
      file: 'services/acme-apx/service.yaml',
      text: SPEC,
      platform: builtinPlatform(),
      folderId: 'acme-apx',
    }).diagnostics,

  // Platform config.
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
  PLATFORM_TOO_MANY_VALUES: () => platform(`a: [${'1,'.repeat(LIMITS.maxNodes + 10)}1]\n`),
  PLATFORM_FILE_TOO_LARGE: () => platform(new Uint8Array(LIMITS.maxFileBytes + 1).fill(0x20)),
  PLATFORM_WRONG_TYPE: () => platform('organization: 5\n'),
  PLATFORM_UNUSED_KEY: () => platform(`${PLATFORM}terraform: { backend: { type: local, bucket: b } }\n`),
  PLATFORM_INVALID: () =>
    platform(`${PLATFORM}terraform: { backend: { type: local } }\nlinks: { repository: "ftp://x" }\n`),
  PLATFORM_OUT_OF_RANGE: () =>
    platform(
      `${PLATFORM_LOCAL}objectives: { internal: { latency: { percent: 99, thresholdMs: 99999999999999999999 } } }\n`,
    ),
  PLATFORM_PROJECT_NUMBER_MISSING: () =>
    generatePlatform({
      platform: examplePlatformWith((t) =>
        t.replace('  dynamicCredentials:\n    projectNumber: "482915306617"\n', ''),
      ),
      services: [],
      toolVersion: TEST_TOOL_VERSION,
      source: 'platform.yaml',
      inputHash: '',
    }).diagnostics,
  PLATFORM_NOT_PROVIDED: () =>
    generateService({
      spec: exampleSpec('acme-api'),
      platform: examplePlatform(),
      toolVersion: TEST_TOOL_VERSION,
      specPath: 'services/acme-api/service.yaml',
      inputHash: '',
      provides: {
        runnerServiceAccount: 'other-runner@acme-ci.iam.gserviceaccount.com',
        folders: [],
        tfcProjects: [],
        tfcWorkspaces: [],
        tfcVariableSets: [],
        tfcTeams: [],
      },
    }).diagnostics,

  // Fleet.
  FLEET_DUPLICATE_SERVICE: () => {
    const raw = parse(SPEC).raw!;
    return checkFleet([
      { dirName: 'acme-api', file: 'services/acme-api/service.yaml', raw },
      { dirName: 'acme-api-2', file: 'services/acme-api-2/service.yaml', raw: { ...raw, environments: [] } },
    ]);
  },
  FLEET_BROKEN_LINK: () =>
    inTempDir((root) => {
      mkdirSync(join(root, 'services'));
      symlinkSync(join(root, 'nowhere'), join(root, 'services', 'broken'));
      return scanServices(root).problems;
    }),
  FLEET_UNREADABLE: () =>
    inTempDir((root) => {
      // A link to itself: stat fails with ELOOP (root reads every folder whatever its mode).
      mkdirSync(join(root, 'services'));
      symlinkSync(join(root, 'services', 'loop'), join(root, 'services', 'loop'));
      return scanServices(root).problems;
    }),
  FLEET_OWNER_WITHOUT_TEAM: () => {
    const text = readFileSync(join(EXAMPLES_ROOT, 'platform.yaml'), 'utf8').replace(
      '    terraformCloud: data\n',
      '',
    );
    const p = parsePlatformConfig(text, 'platform.yaml').value!;
    return generatePlatform({
      platform: p,
      services: examplePlatformContext(p).services,
      toolVersion: TEST_TOOL_VERSION,
      source: 'platform.yaml',
      inputHash: '',
    }).diagnostics;
  },

  // Terraform: the provider-schema check.
  TF_DOCUMENT_NOT_OBJECT: () => terraform('nope'),
  TF_UNKNOWN_TOP_LEVEL_BLOCK: () => terraform({ resources: {} }),
  TF_NOT_AN_OBJECT: () => terraform({ resource: [] }),
  TF_PROVIDER_SOURCE_MISSING: () =>
    terraform({ terraform: { required_providers: { google: { version: '7.9.0' } } } }),
  TF_PROVIDER_DUPLICATE_DEFAULT: () =>
    terraform({
      terraform: { required_providers: google },
      provider: { google: [{ project: 'a' }, { project: 'b' }] },
    }),
  TF_UNKNOWN_PROVIDER: () =>
    terraform({ terraform: { required_providers: { aws: { source: 'hashicorp/aws' } } } }),
  TF_PROVIDER_SOURCE_MISMATCH: () =>
    terraform({
      terraform: { required_providers: { google: { source: 'acme/google', version: '7.9.0' } } },
      resource: { google_project: { p: { name: 'project', project_id: 'acme-project' } } },
    }),
  TF_DEPENDS_ON_INVALID: () => terraform(project({ depends_on: 'x' })),
  TF_COUNT_INVALID: () => terraform(project({ count: -1 })),
  TF_FOR_EACH_INVALID: () => terraform(project({ for_each: 3 })),
  TF_PROVIDER_ARGUMENT_INVALID: () => terraform(project({ provider: 'google west' })),
  TF_LIFECYCLE_INVALID: () => terraform(project({ lifecycle: true })),
  TF_LIFECYCLE_UNKNOWN_ARGUMENT: () => terraform(project({ lifecycle: { prevent_destory: true } })),
  TF_IGNORE_CHANGES_INVALID: () => terraform(project({ lifecycle: { ignore_changes: 'labels' } })),
  TF_DYNAMIC_UNKNOWN_ARGUMENT: () => terraform(dynamicTemplate({ for_each: [], content: {}, contents: {} })),
  TF_DYNAMIC_ITERATOR_INVALID: () =>
    terraform(dynamicTemplate({ for_each: [], content: {}, iterator: 'my item' })),
  TF_DYNAMIC_FOR_EACH_INVALID: () => terraform(dynamicTemplate({ for_each: 3, content: {} })),
  TF_PROVIDER_VERSION_MISMATCH: () =>
    terraform({
      terraform: { required_providers: { google: { source: 'hashicorp/google', version: '7.8.0' } } },
      resource: { google_project: { p: { name: 'project', project_id: 'acme-project' } } },
    }),
  TF_PROVIDER_NOT_REQUIRED: () =>
    terraform({
      terraform: { required_providers: google },
      resource: { random_id: { r: { byte_length: 1 } } },
    }),
  TF_UNDECLARED_PROVIDER: () =>
    terraform({
      terraform: { required_providers: google },
      resource: {
        google_project: { p: { name: 'project', project_id: 'acme-project', provider: 'google.missing' } },
      },
    }),
  TF_UNKNOWN_RESOURCE_TYPE: () =>
    terraform({ terraform: { required_providers: google }, resource: { google_projct: { p: {} } } }),
  TF_UNKNOWN_ATTRIBUTE: () =>
    terraform({
      terraform: { required_providers: google },
      resource: { google_project: { p: { name: 'project', project_id: 'acme-project', nmae: 'x' } } },
    }),
  TF_MISSING_REQUIRED: () =>
    terraform({
      terraform: { required_providers: google },
      resource: { google_project: { p: { name: 'n' } } },
    }),
  TF_COMPUTED_ONLY: () =>
    terraform({
      terraform: { required_providers: google },
      resource: { google_project: { p: { name: 'n', project_id: 'acme-project', number: '123' } } },
    }),
  TF_DEPRECATED: () => {
    const s = newStack();
    s.resource('random_password', 'p', { length: 8, number: false });
    return checkStack(s);
  },
  TF_ATTRIBUTE_EXPECTED: () =>
    terraform({
      terraform: { required_providers: google },
      resource: { google_project: { p: { name: { value: 'n' }, project_id: 'acme-project' } } },
    }),
  TF_BLOCK_EXPECTED: () =>
    terraform({
      terraform: { required_providers: google },
      resource: { google_cloud_run_v2_service: { s: { name: 'n', location: 'l', template: 'x' } } },
    }),
  TF_TOO_MANY_BLOCKS: () =>
    terraform({
      terraform: { required_providers: google },
      resource: {
        google_cloud_run_v2_service: {
          s: {
            name: 'n',
            location: 'l',
            template: [{ containers: [{ image: 'i' }] }, { containers: [{ image: 'i' }] }],
          },
        },
      },
    }),
  TF_TOO_FEW_BLOCKS: () =>
    terraform({
      terraform: { required_providers: google },
      resource: { google_cloud_run_v2_service: { s: { name: 'n', location: 'l', template: [] } } },
    }),
  TF_TYPE_MISMATCH: () =>
    terraform({
      terraform: { required_providers: google },
      resource: {
        google_project: { p: { name: 'n', project_id: 'acme-project', auto_create_network: 'false' } },
      },
    }),
  TF_UNDECLARED_REFERENCE: () =>
    terraform({
      terraform: { required_providers: google },
      output: { o: { value: `\${google_project.nowhere.project_id}` } },
    }),
  TF_UNKNOWN_REFERENCE_ATTRIBUTE: () =>
    terraform({
      terraform: { required_providers: google },
      resource: { google_project: { p: { name: 'n', project_id: 'acme-project' } } },
      output: { o: { value: `\${google_project.p.projectid}` } },
    }),
  TF_SELF_REFERENCE: () => {
    const s = newStack();
    s.resource('random_id', 'r', { byte_length: 1, prefix: rawExpr('random_id.r.hex') });
    return checkStack(s);
  },
  TF_SENSITIVE_OUTPUT: () => {
    const s = newStack();
    const p = s.resource('random_password', 'p', { length: 8 });
    s.output('leak', { value: p.ref('result') });
    return checkStack(s);
  },
  TF_NAME_TOO_LONG: () =>
    terraform({
      terraform: { required_providers: google },
      resource: { google_redis_instance: { r: { name: `r${'x'.repeat(60)}`, memory_size_gb: 1 } } },
    }),
  TF_NAME_TOO_SHORT: () =>
    terraform({
      terraform: { required_providers: google },
      resource: { google_service_account: { a: { account_id: 'sa' } } },
    }),
  TF_NAME_INVALID: () =>
    terraform({
      terraform: { required_providers: google },
      resource: { google_service_account: { a: { account_id: 'Bad_Account' } } },
    }),
  TF_CUSTOM_SYNTAX: () => checkCustomTerraformJson('extra.tf.json', '{"resource": ', []),
  TF_DUPLICATE_DECLARATION: () => {
    const doc = { resource: { random_id: { r: { byte_length: 1 } } } };
    return checkCustomTerraformJson('extra.tf.json', JSON.stringify(doc), [doc]);
  },
  TF_CUSTOM_BACKEND: () =>
    checkCustomTerraformJson('extra.tf.json', JSON.stringify({ terraform: { backend: { gcs: {} } } }), []),
  TF_CUSTOM_NOT_CHECKED: () =>
    checkCustomHcl(
      'extra.tf',
      'resource "random_id" "r" {}\n',
      { unavailable: 'the HCL parser did not load' },
      [],
    ),

  // Container images.
  IMAGE_NOT_PINNED: () =>
    pinImages(exampleSpec('acme-api'), undefined, {
      spec: 'services/acme-api/service.yaml',
      lock: 'services/acme-api/images.lock.yaml',
    }).diagnostics,
  IMAGE_LOCK_UNUSED: () => {
    const lock: ImageLock = { environments: { dev: { image: 'x.io/y', tag: 'v1', digest: D1 } } };
    return pinImages(exampleSpec('acme-api'), lock, {
      spec: 'services/acme-api/service.yaml',
      lock: 'services/acme-api/images.lock.yaml',
    }).diagnostics;
  },
  IMAGE_LOCK_UNREADABLE: () =>
    parseImageLock('lockVersion: 1\nenvironments: [\n', 'images.lock.yaml').diagnostics,
  IMAGE_LOCK_INVALID: () =>
    parseImageLock(
      'lockVersion: 1\nenvironments:\n  prod:\n    image: a.io/x\n    tag: v1\n',
      'images.lock.yaml',
    ).diagnostics,
  IMAGE_LOCK_VERSION: () =>
    parseImageLock('lockVersion: 2\nenvironments: {}\n', 'images.lock.yaml').diagnostics,
  IMAGE_LOCK_TAG_INVALID: () =>
    parseImageLock(
      `lockVersion: 1\nenvironments:\n  prod:\n    image: a.io/x\n    tag: "v1 beta"\n    digest: ${D1}\n`,
      'images.lock.yaml',
    ).diagnostics,
  IMAGE_LOCK_DIGEST_INVALID: () =>
    parseImageLock(
      'lockVersion: 1\nenvironments:\n  prod:\n    image: a.io/x\n    tag: v1\n    digest: sha256:abc\n',
      'images.lock.yaml',
    ).diagnostics,
  IMAGE_LOCK_UNKNOWN_KEY: () =>
    parseImageLock(
      `lockVersion: 1\nenvironments:\n  prod:\n    image: a.io/x\n    tag: v1\n    digets: ${D1}\n`,
      'images.lock.yaml',
    ).diagnostics,
  IMAGE_REFERENCE_INVALID: () => {
    const spec = exampleSpec('acme-api');
    return planResolutions([
      {
        spec: { ...spec, build: { ...spec.build, image: `${spec.build.image}:latest` } },
        specFile: 'service.yaml',
      },
    ]).diagnostics;
  },
  IMAGE_NOT_FOUND: () => imageFailure('not-found'),
  IMAGE_UNAUTHORIZED: () => imageFailure('unauthorized'),
  IMAGE_TIMEOUT: () => imageFailure('timeout'),
  IMAGE_NETWORK: () => imageFailure('network'),
  IMAGE_DIGEST_MISMATCH: () => imageFailure('digest-mismatch'),
  IMAGE_RATE_LIMITED: () => imageFailure('rate-limited'),
  IMAGE_BAD_RESPONSE: () => imageFailure('bad-response'),

  // Files: reading inputs.
  IO_NOT_FOUND: () => inTempDir((dir) => readLimited(join(dir, 'service.yaml')).diagnostics),
  IO_NOT_A_FILE: () => inTempDir((dir) => readLimited(dir).diagnostics),
  IO_READ: () =>
    inTempDir((dir) => {
      // A link to itself: the read fails with ELOOP, neither missing nor a folder.
      symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
      return readLimited(join(dir, 'loop')).diagnostics;
    }),
  // Files: writing the generated output (msp generate on a copy of the example fleet).
  IO_UNEXPECTED_FILE: () =>
    onFleet(
      (root) => writeFileSync(join(root, 'services', 'acme-api', 'terraform', 'NOTES.md'), 'my notes'),
      (root) => ['generate', 'acme-api', '--force', '--root', root],
    ),
  IO_ORPHANED_CUSTOM_FILE: () =>
    onFleet(
      (root) => {
        const dir = join(root, 'services', 'acme-api', 'terraform', 'qa', 'stacks', 'cloudrun');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'x.tf.json'), '{}');
      },
      (root) => ['generate', 'acme-api', '--force', '--root', root],
    ),
  IO_SYMLINK_OUTPUT: () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'msp-catalogue-'));
    return onFleet(
      (root) => {
        const out = join(root, 'services', 'acme-api', 'terraform');
        rmSync(out, { recursive: true });
        symlinkSync(elsewhere, out);
      },
      (root) => ['generate', 'acme-api', '--force', '--root', root],
    ).finally(() => rmSync(elsewhere, { recursive: true, force: true }));
  },
  IO_OUTSIDE_FLEET: () => {
    const outside = mkdtempSync(join(tmpdir(), 'msp-catalogue-'));
    return onFleet(
      (root) => {
        const svc = join(root, 'services', 'search-grpc');
        cpSync(svc, join(outside, 'search-grpc'), { recursive: true });
        rmSync(svc, { recursive: true });
        symlinkSync(join(outside, 'search-grpc'), svc);
      },
      (root) => ['generate', 'search-grpc', '--root', root],
    ).finally(() => rmSync(outside, { recursive: true, force: true }));
  },
  IO_WRITE: () =>
    onFleet(
      // A folder where the fleet lock file goes: generate cannot take the lock, and writes nothing.
      (root) => mkdirSync(join(root, '.msp-lock', 'x'), { recursive: true }),
      (root) => ['generate', 'acme-api', '--root', root],
    ),
  IO_INTERRUPTED_WRITE: () => {
    // What a write killed between its two renames leaves (the old tree moved aside), met by a
    // run that may not repair it (a read-only checkout: it cannot take the fleet lock).
    const fleet = copyExamples();
    try {
      mkdirSync(join(fleet.dir, 'services', 'acme-api', '.msp-old-docs-1-a'));
      const r = generateServiceOnDisk(
        {
          id: 'acme-api',
          root: fleet.dir,
          cwd: fleet.dir,
          check: true,
          recover: false,
          toolVersion: TEST_TOOL_VERSION,
        },
        examplePlatform(),
      );
      return r.report.flatMap((e) => (e.kind === 'diagnostics' ? e.diagnostics : []));
    } finally {
      fleet.cleanup();
    }
  },

  // The CLI: a task that throws becomes a failed result, never an exception.
  INTERNAL_ERROR: async () => {
    const boom: Task<'validate'> = () => {
      throw new Error('boom');
    };
    const out: Diagnostic[] = [];
    await runPool('validate', ['acme-api'], { root: EXAMPLES_ROOT, cwd: EXAMPLES_ROOT }, examplePlatform(), {
      workers: 0,
      task: boom,
      onResult: (r) => out.push(...r.diagnostics),
    });
    return out;
  },
};
