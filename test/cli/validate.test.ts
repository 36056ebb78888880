/**
 * `msp validate`, `msp init` and `msp init-env`, run in-process through `runCli` on temporary
 * fleets (mkdtemp), plus two spawned runs of the built CLI for exit codes as the shell sees them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { serviceJsonSchema } from '../../src/spec/schema.ts';
import { cli, copyExamples } from '../support/cli.ts';

const REPO = join(import.meta.dirname, '..', '..');
const temps: string[] = [];
after(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'msp-cli-'));
  temps.push(d);
  return d;
}

/** A copy of the example fleet's inputs: platform.yaml and each service's spec and sibling files. */
function exampleFleet(): string {
  const { dir } = copyExamples({ inputsOnly: true });
  temps.push(dir);
  return dir;
}

function msp(argv: string[], cwd: string) {
  return cli(argv, cwd, { NO_COLOR: '1' });
}

const BAD_SPEC = `service:
  id: bad-svc
  owners: [core]
  description: x
environments:
  - id: dev
    projectID: bad-svc-dev-3f9a
    category: test
    deploy: {type: manual}
    instances:
      resources:
        cpu: 1
        memory: 8GiB
`;

describe('msp validate', () => {
  test('the example fleet validates with --all (exit 0)', async () => {
    const root = exampleFleet();
    const r = await msp(['validate', '--all'], root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^4 specs valid/m);
    assert.equal(r.stderr, '');
  });

  test('--all from a subdirectory finds the fleet root; --root works from anywhere', async () => {
    const root = exampleFleet();
    assert.equal((await msp(['validate', '--all'], join(root, 'services', 'acme-api'))).code, 0);
    assert.equal((await msp(['validate', '--all', '--root', root], tempDir())).code, 0);
  });

  test('a named file validates anywhere, with the built-in platform outside a fleet', async () => {
    const dir = tempDir();
    cpSync(join(REPO, 'test', 'fixtures', 'spec', 'valid', 'minimal.yaml'), join(dir, 'service.yaml'));
    const r = await msp(['validate', 'service.yaml'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 spec valid/);
  });

  test('an invalid spec exits 1 with file:line:col, the code, the key path and a code frame', async () => {
    const root = exampleFleet();
    mkdirSync(join(root, 'services', 'bad-svc'));
    writeFileSync(join(root, 'services', 'bad-svc', 'service.yaml'), BAD_SPEC);
    const r = await msp(['validate', 'services/bad-svc/service.yaml'], root);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^services\/bad-svc\/service\.yaml:13:17: error SPEC_MEMORY_INVALID: /m);
    assert.match(r.stderr, /^ {2}at environments\[0\]\.instances\.resources\.memory$/m);
    assert.match(r.stderr, /^ {2}> 13 \| {9}memory: 8GiB$/m);
    assert.match(r.stderr, /^ {7}\| {17}\^$/m);
    assert.doesNotMatch(r.stderr, /MSP:/, "MSP's wording only with --verbose");
    assert.match(r.stderr, /hint: Did you mean "8Gi"\?/);
    assert.match(r.stdout, /1 spec checked: 1 error, 0 warnings/);
    const v = await msp(['validate', '--verbose', 'services/bad-svc/service.yaml'], root);
    assert.match(v.stderr, /MSP: resources\.memory is invalid: units: unknown unit GiB in 8GiB/);
  });

  test('--all exits 1 when one service of the fleet is invalid', async () => {
    const root = exampleFleet();
    mkdirSync(join(root, 'services', 'bad-svc'));
    writeFileSync(join(root, 'services', 'bad-svc', 'service.yaml'), BAD_SPEC);
    const r = await msp(['validate', '--all'], root);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /services\/bad-svc\/service\.yaml:13:17: error SPEC_MEMORY_INVALID/);
    assert.match(r.stdout, /5 specs checked: 1 error/);
  });

  test('--format json (version 2): errors and warnings apart, every field, ranges with their end', async () => {
    const root = exampleFleet();
    mkdirSync(join(root, 'services', 'bad-svc'));
    writeFileSync(
      join(root, 'services', 'bad-svc', 'service.yaml'),
      `${BAD_SPEC}    startupProbe: {disabled: true}\n`,
    );
    const r = await msp(['validate', '--format', 'json', 'services/bad-svc/service.yaml'], root);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '', 'JSON mode keeps stderr clean');
    const out = JSON.parse(r.stdout) as {
      version: number;
      valid: boolean;
      files: { file: string; errors: Record<string, unknown>[]; warnings: Record<string, unknown>[] }[];
    };
    assert.equal(out.version, 2);
    assert.equal(out.valid, false);
    const spec = out.files.find((f) => f.file === 'services/bad-svc/service.yaml');
    assert.ok(spec, r.stdout);
    assert.equal(spec.errors.length, 1);
    const e = spec.errors[0]!;
    assert.equal(e.code, 'SPEC_MEMORY_INVALID');
    assert.equal(e.severity, 'error');
    assert.equal(e.file, 'services/bad-svc/service.yaml');
    assert.equal(e.line, 13);
    assert.equal(e.column, 17);
    const range = e.range as { start: Record<string, number>; end: Record<string, number> };
    assert.deepEqual(
      [range.start.line, range.start.column, range.end.line, range.end.column],
      [13, 17, 13, 21],
    );
    assert.equal(range.end.offset! - range.start.offset!, '8GiB'.length);
    assert.equal(e.path, 'environments[0].instances.resources.memory');
    assert.deepEqual(e.keyPath, ['environments', 0, 'instances', 'resources', 'memory']);
    assert.equal(typeof e.message, 'string');
    assert.ok(!String(e.message).includes('environments[0]'), 'the message does not repeat the location');
    assert.equal(typeof e.expected, 'string');
    // The legacy key is a warning, under its own key.
    assert.deepEqual(
      spec.warnings.map((w) => [w.code, w.severity, w.path]),
      [['SPEC_LEGACY_KEY', 'warning', 'environments[0].startupProbe']],
    );
    for (const k of ['detail', 'hint']) assert.equal(typeof spec.warnings[0]![k], 'string', k);
  });

  test('--format json for a valid fleet lists every file with no errors', async () => {
    const root = exampleFleet();
    const r = await msp(['validate', '--all', '--format', 'json'], root);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { files: { file: string; errors: unknown[]; warnings: unknown[] }[] };
    const specs = out.files.filter((f) => f.file.endsWith('service.yaml'));
    assert.equal(specs.length, 4);
    for (const f of out.files) assert.deepEqual(f.errors, [], f.file);
    for (const f of out.files) assert.ok(Array.isArray(f.warnings), f.file);
  });

  test('a missing file is an error (exit 1), not a crash', async () => {
    const r = await msp(['validate', 'nope/service.yaml'], tempDir());
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nope\/service\.yaml: error IO_NOT_FOUND/);
  });

  const usage: [string, string[], RegExp][] = [
    ['no files and no --all', ['validate'], /nothing to validate/],
    ['an unknown flag', ['validate', '--bogus', 'x.yaml'], /unknown option/],
    ['an unknown format', ['validate', '--format', 'xml', 'x.yaml'], /unknown --format/],
    ['files and --all together', ['validate', '--all', 'x.yaml'], /not both/],
  ];
  for (const [name, argv, msg] of usage)
    test(`usage error: ${name} (exit 2)`, async () => {
      const r = await msp(argv, tempDir());
      assert.equal(r.code, 2);
      assert.match(r.stderr, msg);
    });

  test('usage error: --all outside a fleet (exit 2) says so', async () => {
    const r = await msp(['validate', '--all', '--root', tempDir()], tempDir());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not inside a fleet/);
  });
});

describe('msp init and init-env', () => {
  test('init writes a spec that validates, with the schema modeline and hex project IDs', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'services'));
    const r = await msp(
      [
        'init',
        'orders',
        '--owner',
        'commerce',
        '--description',
        'Order service',
        '--env',
        'dev:test',
        '--env',
        'prod:external',
      ],
      root,
    );
    assert.equal(r.code, 0, r.stderr);
    const file = join(root, 'services', 'orders', 'service.yaml');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# yaml-language-server: \$schema=\.\.\/\.\.\/schema\/service\.schema\.json$/m);
    assert.match(text, /projectID: orders-dev-[0-9a-f]{4}$/m);
    assert.match(text, /projectID: orders-prod-[0-9a-f]{4}$/m);
    const v = await msp(['validate', '--all'], root);
    assert.equal(v.code, 0, v.stderr);
  });

  test('init outside a fleet is a usage error; an existing service is refused', async () => {
    assert.equal((await msp(['init', 'orders', '--root', tempDir()], tempDir())).code, 2);
    const root = tempDir();
    mkdirSync(join(root, 'services'));
    assert.equal((await msp(['init', 'orders'], root)).code, 0);
    const again = await msp(['init', 'orders'], root);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
  });

  test('init-env appends an environment, keeps comments, and the spec still validates', async () => {
    const root = exampleFleet();
    const file = join(root, 'services', 'release-registry', 'service.yaml');
    const before = readFileSync(file, 'utf8')
      .replace('  owners: [dev-experience]', '  owners: [dev-experience] # the release team')
      .replace('environments:\n', '# Environments, in promotion order.\nenvironments:\n');
    writeFileSync(file, before);
    const r = await msp(['init-env', 'release-registry', 'stg', '--category', 'internal'], root);
    assert.equal(r.code, 0, r.stderr);
    const after = readFileSync(file, 'utf8');
    assert.ok(after.includes('  owners: [dev-experience] # the release team'), after);
    assert.ok(after.includes('# Environments, in promotion order.\nenvironments:\n'), after);
    // Everything that was there is still there, byte for byte: only the new item is inserted.
    const added = after.slice(after.indexOf('  - id: stg'));
    const addedBlock = added.slice(0, added.search(/\n(?! {4})/) + 1);
    assert.equal(after.replace(addedBlock, ''), before);
    assert.match(after, /- id: stg\n\s+projectID: release-registry-stg-[0-9a-f]{4}\n\s+category: internal/);
    const v = await msp(['validate', 'services/release-registry/service.yaml'], root);
    assert.equal(v.code, 0, v.stderr);
  });

  test('init-env on a job adds a schedule, not service blocks', async () => {
    const root = exampleFleet();
    const r = await msp(['init-env', 'nightly-sync', 'stg'], root);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(join(root, 'services', 'nightly-sync', 'service.yaml'), 'utf8');
    const added = text.slice(text.indexOf('- id: stg'));
    assert.match(added, /schedule:/);
    assert.doesNotMatch(added, /healthProbes|scaling/);
    assert.equal((await msp(['validate', 'services/nightly-sync/service.yaml'], root)).code, 0);
  });

  test('init-env refuses an existing environment and an unknown service', async () => {
    const root = exampleFleet();
    const dup = await msp(['init-env', 'acme-api', 'dev'], root);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already exists/);
    assert.equal((await msp(['init-env', 'nope', 'dev'], root)).code, 2);
  });
});

test('msp schema prints the same schema as docs/schema/service.schema.json', async () => {
  const r = await msp(['schema'], tempDir());
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `${JSON.stringify(serviceJsonSchema(), null, 2)}\n`);
});

describe('the built CLI', () => {
  const cli = join(REPO, 'dist', 'msp.js');
  const run = (args: string[], cwd: string) =>
    spawnSync(process.execPath, [cli, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  test('exit codes: 0 valid fleet, 2 usage error', () => {
    assert.ok(existsSync(cli), 'run `node scripts/build.mjs` first');
    const ok = run(['validate', '--all'], exampleFleet());
    assert.equal(ok.status, 0, ok.stderr);
    const usage = run(['validate'], tempDir());
    assert.equal(usage.status, 2);
    assert.doesNotMatch(usage.stderr, /^\s+at /m, 'no stack trace');
  });
});
