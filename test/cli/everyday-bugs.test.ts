/**
 * Everyday paths that broke in a new user's first hour, one test per thing the user saw, run
 * in-process on temp copies of the example fleet.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { suggest } from '../../src/diagnostics/suggest.ts';
import { cli, copyExamples } from '../support/cli.ts';

const cleanups: (() => void)[] = [];
after(() => {
  for (const c of cleanups) c();
});

function fleet(): string {
  const f = copyExamples();
  cleanups.push(f.cleanup);
  return f.dir;
}

const msp = (argv: string[], cwd: string, env: Record<string, string> = { NO_COLOR: '1' }) =>
  cli(argv, cwd, env);

const NO_STACK = /\n\s+at .*\.(ts|js):\d+:\d+/;

function editSpec(root: string, id: string, from: string | RegExp, to: string): void {
  const p = join(root, 'services', id, 'service.yaml');
  const before = readFileSync(p, 'utf8');
  const after = before.replace(from, to);
  assert.notEqual(after, before, `edit of ${id} did not apply`);
  writeFileSync(p, after);
}

describe('a service.id that differs from its folder', () => {
  function copyWithWrongId(): string {
    const root = fleet();
    cpSync(join(root, 'services', 'acme-api'), join(root, 'services', 'acme-apx'), {
      recursive: true,
      filter: (s) => !/[/\\](terraform|docs)$/.test(s),
    });
    // The copy keeps `id: acme-api`, so only the folder differs; give it its own project IDs and domains.
    editSpec(root, 'acme-apx', /acme-api-dev-3f9a/, 'acme-apx-dev-3f9a');
    editSpec(root, 'acme-apx', /acme-api-prod-b71c/, 'acme-apx-prod-b71c');
    editSpec(root, 'acme-apx', /subdomain: api\n/g, 'subdomain: apx\n');
    return root;
  }

  test('validate of that one file says it is invalid, at service.id, with the fix', async () => {
    const root = copyWithWrongId();
    const r = await msp(['validate', 'services/acme-apx/service.yaml'], root);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^services\/acme-apx\/service\.yaml:3:7: error SPEC_ID_DIR_MISMATCH: /m);
    assert.match(r.stderr, /hint: Set `id: acme-apx`, or rename the folder to services\/acme-api/);
  });

  test('generate reports the same located error, no stack trace, and writes nothing', async () => {
    const root = copyWithWrongId();
    const r = await msp(['generate', 'acme-apx'], root);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /services\/acme-apx\/service\.yaml:3:7: error SPEC_ID_DIR_MISMATCH/);
    assert.doesNotMatch(r.stderr, NO_STACK);
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.ok(!existsSync(join(root, 'services', 'acme-apx', 'terraform')));
  });

  test('docs reports it and writes no stray folder', async () => {
    const root = copyWithWrongId();
    const r = await msp(['docs'], root);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /SPEC_ID_DIR_MISMATCH/);
    assert.doesNotMatch(r.stderr, NO_STACK);
    assert.ok(!existsSync(join(root, 'services', 'acme-apx', 'docs')));
  });
});

describe('diagnostics in files next to the spec', () => {
  test('a wrong README header shows the README line, not service.yaml, with a note at service.name', async () => {
    const root = fleet();
    const readme = join(root, 'services', 'acme-api', 'README.md');
    writeFileSync(readme, readFileSync(readme, 'utf8').replace(/^# .*/, '# Wrong header'));
    const r = await msp(['validate', 'services/acme-api/service.yaml'], root);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^services\/acme-api\/README\.md:1:1: error SPEC_README_HEADER/m);
    assert.match(r.stderr, /> 1 \| # Wrong header/);
    assert.doesNotMatch(r.stderr, /> 1 \| # yaml-language-server/);
    assert.match(r.stderr, /note: services\/acme-api\/service\.yaml:4:9: the service name is set here/);
  });

  test('a bad BigQuery table schema is filed under its own file in --format json, with a note at the table', async () => {
    const root = fleet();
    writeFileSync(
      join(root, 'services', 'acme-api', 'api_requests.bigquerytable.json'),
      '[{"name": "id", "type": "STRIN"}]\n',
    );
    const r = await msp(['validate', '--format', 'json', 'services/acme-api/service.yaml'], root);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as {
      files: {
        file: string;
        errors: { code: string; line: number; related?: { file: string; line: number }[] }[];
      }[];
    };
    const spec = out.files.find((f) => f.file === 'services/acme-api/service.yaml');
    assert.deepEqual(spec?.errors, []);
    const table = out.files.find((f) => f.file === 'services/acme-api/api_requests.bigquerytable.json');
    assert.equal(table?.errors[0]?.code, 'SPEC_BIGQUERY_COLUMN_TYPE');
    assert.equal(table?.errors[0]?.line, 1);
    const note = table?.errors[0]?.related?.[0];
    assert.equal(note?.file, 'services/acme-api/service.yaml');
    const specText = readFileSync(join(root, 'services', 'acme-api', 'service.yaml'), 'utf8').split('\n');
    assert.match(specText[(note?.line ?? 0) - 1] ?? '', /api_requests/);
  });
});

test('a project ID used by two services has a line and column in both files', async () => {
  const root = fleet();
  editSpec(root, 'search-grpc', /projectID: search-grpc-test-[0-9a-f]+/, 'projectID: acme-api-dev-3f9a');
  const r = await msp(['validate', '--all', '--format', 'json'], root);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as {
    files: {
      file: string;
      errors: { code: string; line: number | null; related?: { file: string; line: number | null }[] }[];
    }[];
  };
  const dup = out.files
    .flatMap((f) => f.errors.map((e) => ({ ...e, file: f.file })))
    .find((e) => e.code === 'FLEET_DUPLICATE_PROJECT');
  assert.ok(dup, r.stdout);
  assert.ok((dup.line ?? 0) > 0, 'located in the second file');
  assert.equal(dup.related?.[0]?.file, 'services/acme-api/service.yaml');
  assert.ok(
    !String((dup as { message?: string }).message).includes('services/'),
    'the message names no file',
  );
  assert.ok((dup.related?.[0]?.line ?? 0) > 0, 'located in the first file');
  const t = await msp(['validate', '--all'], root);
  assert.match(
    t.stderr,
    /note: services\/acme-api\/service\.yaml:\d+:\d+: project ID "acme-api-dev-3f9a" first used here/,
  );
});

test('secrets referenced by project number or domain-scoped project ID validate and generate', async () => {
  const root = fleet();
  editSpec(
    root,
    'acme-api',
    'API_SIGNING_KEY: API_SIGNING_KEY',
    'API_SIGNING_KEY: API_SIGNING_KEY\n      SHARED: projects/123456789012/secrets/SHARED_TOKEN\n      SCOPED: projects/example.com:shared-secrets/secrets/SHARED_KEY',
  );
  const v = await msp(['validate', 'services/acme-api/service.yaml'], root);
  assert.equal(v.code, 0, v.stderr);
  const g = await msp(['generate', 'acme-api'], root);
  assert.equal(g.code, 0, g.stderr);
  const iam = readFileSync(
    join(root, 'services', 'acme-api', 'terraform', 'dev', 'stacks', 'iam', 'main.tf.json'),
    'utf8',
  );
  assert.match(iam, /"project": "123456789012"/);
  assert.match(iam, /"project": "example.com:shared-secrets"/);
});

test("a huge cpu value gets msp's wording, not the schema library's", async () => {
  const root = fleet();
  editSpec(root, 'acme-api', /cpu: 1\n/, 'cpu: 99999999999999999999\n');
  const r = await msp(['validate', 'services/acme-api/service.yaml'], root);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error SPEC_OUT_OF_RANGE: Number 100000000000000000000 is too large/);
  assert.match(r.stderr, /hint: Check for extra digits/);
  assert.doesNotMatch(r.stderr, /Too big|expected int to be/);
});

describe('generate and the checks that follow it', () => {
  test('generate of one environment does not make the next generate --check fail', async () => {
    const root = fleet();
    editSpec(root, 'acme-api', 'LOG_LEVEL: info', 'LOG_LEVEL: debug');
    const g = await msp(['generate', 'acme-api', 'dev'], root);
    assert.equal(g.code, 0, g.stderr);
    const c = await msp(['generate', '--all', '--check'], root);
    assert.equal(c.code, 0, c.stdout + c.stderr);
  });

  test('generate of one environment while another is stale keeps --check failing until that one is generated', async () => {
    const root = fleet();
    editSpec(root, 'acme-api', /env:\n/g, 'env:\n      EXTRA: "1"\n');
    assert.equal((await msp(['generate', 'acme-api', 'dev'], root)).code, 0);
    assert.equal((await msp(['generate', 'acme-api', '--check'], root)).code, 1);
    assert.equal((await msp(['generate', 'acme-api', 'prod'], root)).code, 0);
    const c = await msp(['generate', 'acme-api', '--check'], root);
    assert.equal(c.code, 0, c.stdout);
  });

  test('--dry-run of one environment lists only files of that environment that change', async () => {
    const root = fleet();
    editSpec(root, 'acme-api', 'LOG_LEVEL: info', 'LOG_LEVEL: debug');
    const r = await msp(['generate', 'acme-api', 'dev', '--dry-run'], root);
    assert.equal(r.code, 0);
    const listed = r.stdout
      .split('\n')
      .filter((l) => /^(added|removed|changed) /.test(l))
      .map((l) => l.split(/\s+/)[1]);
    assert.ok(listed.includes('services/acme-api/terraform/dev/stacks/cloudrun/main.tf.json'), r.stdout);
    for (const p of listed) assert.doesNotMatch(p!, /terraform\/prod\//);
  });

  test('generate --all refreshes the fleet index, so docs --check passes right after', async () => {
    const root = fleet();
    editSpec(
      root,
      'acme-api',
      /owners:\n {4}- core-services/,
      'owners:\n    - core-services\n    - api-team',
    );
    const g = await msp(['generate', '--all'], root);
    assert.equal(g.code, 0, g.stderr);
    assert.match(g.stdout, /fleet index updated/);
    const d = await msp(['docs', '--check'], root);
    assert.equal(d.code, 0, d.stdout + d.stderr);
  });
});

describe('output a new user reads', () => {
  test('the note about MSP ignoring unknown keys appears once per run', async () => {
    const root = fleet();
    editSpec(root, 'acme-api', 'LOG_LEVEL: info', 'LOG_LEVEL: info\n    instancez: 1');
    editSpec(root, 'search-grpc', /^build:/m, 'bild: {}\nbuild:');
    const r = await msp(['validate'], root);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.match(/silently ignores unknown keys/g)?.length, 1, r.stderr);
  });

  test("MSP's wording of a rule is printed only with --verbose", async () => {
    const root = fleet();
    editSpec(root, 'acme-api', /memory: 1Gi/, 'memory: 1GiB');
    const plain = await msp(['validate', 'services/acme-api/service.yaml'], root);
    assert.doesNotMatch(plain.stderr, /MSP:/);
    const verbose = await msp(['--verbose', 'validate', 'services/acme-api/service.yaml'], root);
    assert.match(verbose.stderr, /MSP: resources\.memory is invalid/);
  });

  test('a mis-indented line is one error on that line with the indentation that fits', async () => {
    const root = fleet();
    editSpec(root, 'acme-api', '\n  owners:', '\n   owners:');
    const r = await msp(['validate', 'services/acme-api/service.yaml'], root);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.match(/error SPEC_/g)?.length, 1, r.stderr);
    assert.match(r.stderr, /service\.yaml:5:4: error SPEC_YAML_INDENT/);
    assert.match(r.stderr, /hint: Indent this line by 2 spaces, like `name` above/);
  });

  test('validate with no arguments inside a fleet validates the fleet', async () => {
    const root = fleet();
    const r = await msp(['validate'], join(root, 'services', 'acme-api'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^4 specs valid/m);
  });

  test('msp with no arguments prints help to stdout and exits 0', async () => {
    const r = await msp([], fleet());
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: msp/);
    assert.equal(r.stderr, '');
  });

  for (const cmd of [['validate'], ['generate'], ['init'], ['docs'], ['pg', 'connect'], ['tfc', 'view']])
    test(`msp ${cmd.join(' ')} --help shows an example and the exit codes`, async () => {
      const r = await msp([...cmd, '--help'], fleet());
      assert.equal(r.code, 0);
      assert.match(r.stdout, /Examples:\n {2}\$ msp /);
      assert.match(r.stdout, /Exit codes: 0 /);
    });

  test('colours follow NO_COLOR and FORCE_COLOR', async () => {
    const root = fleet();
    editSpec(root, 'acme-api', /memory: 1Gi/, 'memory: 1GiB');
    const args = ['validate', 'services/acme-api/service.yaml'];
    const forced = await msp(args, root, { FORCE_COLOR: '1' });
    assert.match(forced.stderr, /\x1b\[31merror/);
    const off = await msp(args, root, { FORCE_COLOR: '1', NO_COLOR: '1' });
    assert.doesNotMatch(off.stderr, /\x1b\[/);
    const plain = await msp(args, root, {});
    assert.doesNotMatch(plain.stderr, /\x1b\[/, 'not a terminal: no colours');
  });

  test('"did you mean" suggests only close matches', () => {
    assert.equal(suggest('instancez', ['instances', 'env']), 'instances');
    assert.equal(suggest('mdoe', ['mode', 'name']), 'mode');
    assert.equal(suggest('memory', ['memoryGB', 'cpu']), 'memoryGB');
    assert.equal(suggest('a', ['cpu', 'name']), undefined);
    assert.equal(suggest('db', ['id', 'env']), undefined);
    assert.equal(suggest('xyzzy', ['category', 'deploy']), undefined);
    assert.equal(suggest('prod', ['production-eu']), undefined);
  });
});
