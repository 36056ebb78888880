/**
 * No placeholder reaches real Terraform: built-in placeholder values and `TODO`s are warnings
 * at `msp validate` and errors at `msp generate` (which then writes nothing), unless the user
 * opts in with `--allow-placeholders` or `allowPlaceholders: true` in platform.yaml.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { cli, copyExamples, snapshotTree } from '../support/cli.ts';

const fleets: { cleanup: () => void }[] = [];
after(() => {
  for (const f of fleets) f.cleanup();
});

function fleet(): string {
  const f = copyExamples();
  fleets.push(f);
  return f.dir;
}

const msp = (argv: string[], cwd: string) => cli(argv, cwd, { NO_COLOR: '1' });

function edit(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.includes(from), `${path} has no ${from}`);
  writeFileSync(path, text.replace(from, to));
}

describe('placeholders', () => {
  test('a built-in billing account: validate warns, generate refuses naming the key and writes nothing', async () => {
    const dir = fleet();
    edit(
      join(dir, 'platform.yaml'),
      'billingAccount: 01A2B3-C4D5E6-F7A8B9',
      'billingAccount: 000000-000000-000000',
    );
    const v = await msp(['validate', '--all', '--root', dir], dir);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stderr, /platform\.yaml:\d+:\d+: warning PLATFORM_PLACEHOLDER/);
    assert.match(v.stderr, /gcp\.billingAccount/);

    const before = snapshotTree(join(dir, 'services'));
    const g = await msp(['generate', '--all', '--force', '--root', dir], dir);
    assert.equal(g.code, 1);
    assert.match(g.stderr, /error PLATFORM_PLACEHOLDER: Billing account is the built-in placeholder/);
    assert.match(g.stderr, /Set `gcp\.billingAccount`/);
    assert.match(g.stderr, /--allow-placeholders/);
    assert.deepEqual(snapshotTree(join(dir, 'services')), before);

    const ok = await msp(['generate', '--all', '--force', '--allow-placeholders', '--root', dir], dir);
    assert.equal(ok.code, 0, ok.stderr);
    edit(join(dir, 'platform.yaml'), 'organization:\n', 'allowPlaceholders: true\norganization:\n');
    assert.equal((await msp(['generate', '--all', '--force', '--root', dir], dir)).code, 0);
  });

  test('a TODO in service.yaml: validate warns, generate fails that service unless allowed', async () => {
    const dir = fleet();
    const spec = join(dir, 'services', 'nightly-sync', 'service.yaml');
    edit(spec, 'description: Exports usage aggregates into BigQuery.', 'description: TODO describe the job');
    const v = await msp(['validate', '--all', '--root', dir], dir);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stderr, /service\.yaml:6:\d+: warning SPEC_TODO/);
    const before = readFileSync(
      join(dir, 'services', 'nightly-sync', 'terraform', '.msp-generated.json'),
      'utf8',
    );
    const g = await msp(['generate', 'nightly-sync', '--root', dir], dir);
    assert.equal(g.code, 1);
    assert.match(g.stderr, /error SPEC_TODO/);
    assert.equal(
      readFileSync(join(dir, 'services', 'nightly-sync', 'terraform', '.msp-generated.json'), 'utf8'),
      before,
    );
    const ok = await msp(['generate', 'nightly-sync', '--allow-placeholders', '--root', dir], dir);
    assert.equal(ok.code, 0, ok.stderr);
    // A strict run afterwards does not skip it as unchanged.
    assert.equal((await msp(['generate', 'nightly-sync', '--root', dir], dir)).code, 1);
  });

  test('no platform.yaml: generate refuses the built-in settings', async () => {
    const dir = fleet();
    rmSync(join(dir, 'platform.yaml'));
    assert.ok(!existsSync(join(dir, 'platform.yaml')));
    const g = await msp(['generate', 'release-registry', '--force', '--root', dir], dir);
    assert.equal(g.code, 1);
    assert.match(g.stderr, /No platform\.yaml: the built-in placeholder settings are in use/);
  });

  test('placeholder channels for an internal environment are named per service', async () => {
    const dir = fleet();
    edit(
      join(dir, 'platform.yaml'),
      'email_address: platform-alerts@acme.com',
      'email_address: alerts@example.com',
    );
    const v = await msp(['validate', 'services/release-registry/service.yaml', '--root', dir], dir);
    assert.equal(v.code, 0, v.stderr);
    assert.match(
      v.stderr,
      /warning PLATFORM_PLACEHOLDER: Alerts of this internal environment go to placeholder channels/,
    );
    const g = await msp(['generate', 'release-registry', '--force', '--root', dir], dir);
    assert.equal(g.code, 1);
    assert.match(g.stderr, /platform-email/);
  });
});
