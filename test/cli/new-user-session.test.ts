/**
 * A new user's first session, scripted, through the built CLI (`dist/msp.js`, a child process
 * as from a shell): an empty folder → `msp init` (a fleet) → three services (a service, a job,
 * one with an external environment) → validate (warnings) → fill in platform.yaml and the TODOs
 * as the user would → validate (clean) → generate → docs → catalog. Each step is a test named
 * after what the user sees; they run in order on one folder.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runBuilt } from '../support/cli.ts';
import { fillInPlatform, fillInSpecs } from '../support/fill-in.ts';

describe('a new user starts a fleet from an empty folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'msp-session-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const msp = (...argv: string[]) => runBuilt(argv, root);

  test('msp init says it started a fleet and what to do next', () => {
    const r = msp('init');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Started a fleet in \.:/);
    assert.match(r.stdout, /platform\.yaml +organisation settings: \d+ values to fill in/);
    assert.match(r.stdout, /msp init <service-id> +add a service/);
    assert.deepEqual(readdirSync(root).sort(), ['platform.yaml', 'schema', 'services']);
  });

  test('three msp init commands create a service, a nightly job and a service with an external environment', () => {
    const a = msp(
      'init',
      'orders',
      '--owner',
      'commerce',
      '--description',
      'Takes orders',
      '--env',
      'dev:test',
    );
    assert.equal(a.code, 0, a.stderr);
    const b = msp('init', 'nightly-sync', '--kind', 'job', '--owner', 'data');
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /Schedule: 0 3 \* \* \* \(every day at 03:00 UTC, from the name "nightly-sync"\)/);
    const c = msp('init', 'billing', '--owner', 'commerce', '--env', 'dev:test', '--env', 'prod:external');
    assert.equal(c.code, 0, c.stderr);
    assert.match(
      c.stdout,
      /Created services\/billing\/service\.yaml with environments dev \(billing-dev-[0-9a-f]{4}\), prod \(billing-prod-[0-9a-f]{4}\)/,
    );
  });

  test('msp validate right after init: valid, with a warning for each value still to fill in', () => {
    const r = msp('validate');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^3 specs valid \(\d+ warnings\)$/m);
    for (const key of [
      'gcp.billingAccount',
      'terraform.backend.organization',
      'terraform.runnerServiceAccount',
    ])
      assert.match(
        r.stderr,
        new RegExp(`warning PLATFORM_PLACEHOLDER[^\\n]*\\n  at ${key.replace(/\./g, '\\.')}\\n`),
      );
    assert.match(
      r.stderr,
      /services\/billing\/service\.yaml:\d+:\d+: warning SPEC_TODO[^\n]*\n {2}at service\.notionPageID/,
    );
    assert.doesNotMatch(r.stderr, /\berror\b/);
  });

  test('msp generate before filling in refuses, naming the keys, and writes nothing', () => {
    const r = msp('generate', '--all');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error PLATFORM_PLACEHOLDER[^\n]*\n {2}at gcp\.billingAccount/);
    assert.match(r.stderr, /Nothing generated: the platform config still has placeholders/);
    assert.ok(!existsSync(join(root, 'services', 'orders', 'terraform')));
    assert.ok(!existsSync(join(root, 'platform')));
  });

  test('after filling in platform.yaml and the TODOs, msp validate has no warnings', () => {
    fillInPlatform(root, ['commerce', 'data']);
    fillInSpecs(root);
    const r = msp('validate');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '3 specs valid\n');
    assert.equal(r.stderr, '');
  });

  test('msp generate --all writes every service, the platform output, the fleet index and the fleet schema', () => {
    const r = msp('generate', '--all');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^3 services: 3 generated, fleet index updated, fleet schema updated$/m);
    assert.match(r.stdout, /^platform: generated$/m);
    assert.equal(r.stderr, '');
    // The teams the user added are now offered for `owners` in the editor.
    const schema = JSON.parse(readFileSync(join(root, 'schema', 'service.schema.json'), 'utf8'));
    assert.deepEqual(schema.properties.service.properties.owners.items.examples, ['commerce', 'data']);
    for (const f of [
      'services/orders/terraform/dev/stacks/cloudrun/main.tf.json',
      'services/nightly-sync/terraform/dev/stacks/cloudrun/main.tf.json',
      'services/billing/terraform/prod/stacks/monitoring/main.tf.json',
    ])
      assert.ok(existsSync(join(root, f)), f);
  });

  test('the CI checks pass right after generate: generate --check, docs --check, schema --check', () => {
    for (const argv of [
      ['generate', '--all', '--check'],
      ['docs', '--check'],
      ['schema', '--check'],
    ]) {
      const r = msp(...argv);
      assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
    }
  });

  test('msp docs reports the pages as current, and msp docs --html writes a catalog of the three services', () => {
    const d = msp('docs');
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /3 services: 0 updated, 3 unchanged; index unchanged/);
    const c = msp('docs', '--html', 'site');
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /wrote the catalog of 3 services to site\/ \(open site\/index\.html\)/);
    const html = readFileSync(join(root, 'site', 'index.html'), 'utf8');
    for (const id of ['orders', 'nightly-sync', 'billing']) assert.ok(html.includes(id), id);
  });
});
