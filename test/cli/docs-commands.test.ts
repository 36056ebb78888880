/**
 * The docs and operator commands run in-process on temp copies of the example fleet:
 * `msp ops`, `msp docs` (Markdown, --check, --html), `msp fleet`, `msp logs`, `msp pg connect`
 * and `msp tfc view`. External programs (xdg-open, gcloud, cloud-sql-proxy) are stand-in
 * scripts on a private PATH.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runDocs } from '../../src/cli/commands/docs.ts';
import { runFleet } from '../../src/cli/commands/fleet.ts';
import { runLogs } from '../../src/cli/commands/logs.ts';
import { runOps } from '../../src/cli/commands/ops.ts';
import { runPgConnect } from '../../src/cli/commands/pg.ts';
import { runTfcView } from '../../src/cli/commands/tfc.ts';
import { UsageError } from '../../src/cli/io.ts';
import { capturedIO, copyExamples } from '../support/cli.ts';

const fleet = copyExamples();
after(() => fleet.cleanup());
const root = fleet.dir;
const bin = join(root, '.bin');
mkdirSync(bin);

function io(env: Record<string, string> = {}) {
  return capturedIO(root, { env: { PATH: bin, ...env } });
}

/** A stand-in executable on the private PATH. */
function fakeBin(name: string, script: string): void {
  const p = join(bin, name);
  writeFileSync(p, `#!/bin/sh\n${script}\n`);
  chmodSync(p, 0o755);
}

const opsPage = join(root, 'services', 'acme-api', 'docs', 'operations.md');

describe('msp ops', () => {
  test('writes the page only when it changed, removing stray files', async () => {
    const golden = readFileSync(opsPage, 'utf8');
    let r = io();
    assert.equal(await runOps({ service: 'acme-api' }, r.io), 0);
    assert.equal(r.out.stdout, 'unchanged services/acme-api/docs/operations.md\n');
    writeFileSync(opsPage, 'edited by hand\n');
    writeFileSync(join(root, 'services', 'acme-api', 'docs', 'stray.md'), 'x');
    r = io();
    assert.equal(await runOps({ service: 'acme-api', check: true }, r.io), 1);
    assert.match(
      r.out.stdout,
      /stale services\/acme-api\/docs\/operations\.md\nstale services\/acme-api\/docs\/stray\.md/,
    );
    r = io();
    assert.equal(await runOps({ service: 'acme-api' }, r.io), 0);
    assert.equal(r.out.stdout, 'wrote services/acme-api/docs/operations.md\n');
    assert.equal(readFileSync(opsPage, 'utf8'), golden);
    assert.equal(existsSync(join(root, 'services', 'acme-api', 'docs', 'stray.md')), false);
    assert.equal(await runOps({ service: 'acme-api', check: true }, io().io), 0);
  });

  test('--print prints the page; --revision goes into the note', async () => {
    const r = io();
    assert.equal(
      await runOps({ service: 'release-registry', print: true, revision: 'deadbeefcafe' }, r.io),
      0,
    );
    assert.match(r.out.stdout, /^# Release Registry operations\n/);
    assert.match(
      r.out.stdout,
      /\[`acme\/managed-services@deadbee`\]\(https:\/\/github\.com\/acme\/managed-services\/tree\/deadbeefcafe\)/,
    );
  });

  test('unknown services are usage errors that list the services', async () => {
    await assert.rejects(runOps({ service: 'nope' }, io().io), (e: Error) => {
      assert.ok(e instanceof UsageError);
      assert.match(
        e.message,
        /service "nope" does not exist; available services: acme-api, nightly-sync, release-registry, search-grpc/,
      );
      return true;
    });
  });
});

describe('msp docs', () => {
  test('regenerates every page and the index; --check finds drift', async () => {
    const index = join(root, 'docs', 'services.md');
    const golden = readFileSync(index, 'utf8');
    assert.equal(await runDocs({ check: true }, io().io), 0);
    rmSync(index);
    const r = io();
    assert.equal(await runDocs({ check: true }, r.io), 1);
    assert.equal(r.out.stdout, 'stale docs/services.md\n');
    const w = io();
    assert.equal(await runDocs({}, w.io), 0);
    assert.match(
      w.out.stdout,
      /wrote docs\/services\.md\n4 services: 0 updated, 4 unchanged; index updated\n/,
    );
    assert.equal(readFileSync(index, 'utf8'), golden);
  });

  test('--html writes a self-contained catalog and only replaces catalog folders', async () => {
    const site = join(root, 'site');
    const r = io();
    assert.equal(await runDocs({ html: 'site' }, r.io), 0, r.out.stderr);
    for (const f of [
      'index.html',
      'services/acme-api.html',
      'assets/mermaid.min.js',
      'assets/catalog.js',
      '.msp-catalog.json',
    ])
      assert.ok(existsSync(join(site, f)), f);
    assert.ok(readFileSync(join(site, 'assets', 'mermaid.min.js')).length > 100_000);
    assert.equal(await runDocs({ html: 'site' }, io().io), 0, 'a catalog folder can be rebuilt');
    mkdirSync(join(root, 'mine'));
    writeFileSync(join(root, 'mine', 'notes.txt'), 'keep me');
    await assert.rejects(runDocs({ html: 'mine' }, io().io), /not an msp catalog/);
    assert.equal(readFileSync(join(root, 'mine', 'notes.txt'), 'utf8'), 'keep me');
    await assert.rejects(runDocs({ html: 'site', check: true }, io().io), UsageError);
  });

  test('--html with one invalid spec still builds the catalog, shows a broken card and exits 1', async () => {
    const other = copyExamples();
    try {
      const spec = join(other.dir, 'services', 'search-grpc', 'service.yaml');
      writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^ {2}id: search-grpc$/m, '$&\n  ownerz: []'));
      const r = io();
      const code = await runDocs(
        { root: other.dir, html: join(other.dir, 'site') },
        { ...r.io, cwd: other.dir },
      );
      assert.equal(code, 1, 'the command reports the broken spec');
      assert.match(r.out.stderr, /services\/search-grpc\/service\.yaml:\d+:\d+: error SPEC_UNKNOWN_KEY/);
      assert.match(r.out.stderr, /1 spec has errors \(search-grpc\): the catalog shows it as a broken card/);
      assert.match(r.out.stdout, /wrote the catalog of 3 services and 1 broken card/);
      const index = readFileSync(join(other.dir, 'site', 'index.html'), 'utf8');
      assert.match(index, /<article class="card broken" data-id="search-grpc"/);
      assert.ok(existsSync(join(other.dir, 'site', 'services', 'acme-api.html')));
      assert.ok(!existsSync(join(other.dir, 'site', 'services', 'search-grpc.html')));
      // The Markdown docs still refuse to write anything while a spec is broken.
      const md = io();
      assert.equal(await runDocs({ root: other.dir }, { ...md.io, cwd: other.dir }), 1);
      assert.match(md.out.stderr, /fix the errors above first/);
    } finally {
      other.cleanup();
    }
  });
});

test('msp fleet prints a table or JSON', async () => {
  const t = io();
  assert.equal(await runFleet({}, t.io), 0);
  assert.match(t.out.stdout, /^SERVICE +KIND/);
  assert.match(
    t.out.stdout,
    /search-grpc +service +search-platform,core-services +test:test prod:internal +redis/,
  );
  const j = io();
  assert.equal(await runFleet({ format: 'json' }, j.io), 0);
  const parsed = JSON.parse(j.out.stdout);
  assert.equal(parsed.totals.services, 4);
  assert.deepEqual(parsed.services[0].environments[1], {
    id: 'prod',
    category: 'external',
    projectID: 'acme-api-prod-b71c',
    deploy: 'subscription',
    resources: ['redis', 'postgresql', 'bigquery'],
    domain: 'api.acme.com',
    objectives: ['99.9% available', '99% within 1000 ms'],
  });
  await assert.rejects(runFleet({ format: 'yaml' }, io().io), UsageError);
});

describe('msp logs', () => {
  test('prints the Logs Explorer link; --open hands it to xdg-open', async () => {
    const r = io();
    assert.equal(await runLogs({ service: 'nightly-sync', env: 'prod' }, r.io), 0);
    assert.match(
      r.out.stdout,
      /^https:\/\/console\.cloud\.google\.com\/logs\/query;query=resource\.type%20%3D%20%22cloud_run_job%22.*\?project=nightly-sync-prod-9c1e\n$/,
    );

    const none = io();
    assert.equal(await runLogs({ service: 'nightly-sync', env: 'prod', open: true }, none.io), 0);
    assert.match(none.out.stderr, /no browser opener found/);

    const opened = join(root, 'opened.txt');
    // Written aside, then renamed: the test never reads a half-written file.
    fakeBin('xdg-open', `printf '%s' "$1" > "${opened}.tmp" && /bin/mv "${opened}.tmp" "${opened}"`);
    const o = io({ DISPLAY: ':0' });
    assert.equal(await runLogs({ service: 'nightly-sync', env: 'prod', open: true }, o.io), 0);
    for (let i = 0; i < 500 && !existsSync(opened); i++) await sleep(20);
    assert.equal(readFileSync(opened, 'utf8'), o.out.stdout.trim());
    assert.equal(o.out.stderr, '');
  });

  test('an unknown environment lists the service\u2019s environments', async () => {
    await assert.rejects(
      runLogs({ service: 'acme-api', env: 'staging' }, io().io),
      /has no environment "staging"; its environments: dev, prod/,
    );
  });
});

describe('msp pg connect', () => {
  test('--print shows the proxy command (looking the instance up) and psql per database', async () => {
    const r = io();
    assert.equal(await runPgConnect({ service: 'acme-api', env: 'prod', print: true }, r.io), 0);
    assert.equal(
      r.out.stdout,
      [
        '# 1. Start the proxy:',
        `  cloud-sql-proxy --auto-iam-authn --port=5433 --impersonate-service-account=operator-access@acme-api-prod-b71c.iam.gserviceaccount.com "$(gcloud sql instances list --project=acme-api-prod-b71c '--format=value(connectionName)')"`,
        '# 2. Then, in another terminal:',
        '  psql -h 127.0.0.1 -p 5433 -U operator-access@acme-api-prod-b71c.iam -d primary',
        '',
      ].join('\n'),
    );
    assert.match(r.out.stderr, /Read-only session \(impersonating operator-access@/);
    const w = io();
    assert.equal(
      await runPgConnect(
        {
          service: 'acme-api',
          env: 'prod',
          print: true,
          writeAccess: true,
          port: '6543',
          connectionName: 'acme-api-prod-b71c:us-central1:postgresql-1a2b',
        },
        w.io,
      ),
      0,
    );
    assert.match(
      w.out.stdout,
      /cloud-sql-proxy --auto-iam-authn --port=6543 --impersonate-service-account=acme-api-sa@acme-api-prod-b71c\.iam\.gserviceaccount\.com acme-api-prod-b71c:us-central1:postgresql-1a2b/,
    );
    assert.match(w.out.stderr, /proceed with caution/);
  });

  test('a missing proxy binary gets a clear message and the commands to run', async () => {
    const r = io();
    assert.equal(await runPgConnect({ service: 'release-registry', env: 'dev' }, r.io), 1);
    assert.match(r.out.stderr, /cloud-sql-proxy is not installed \(not found on PATH\)/);
    assert.match(
      r.out.stdout,
      /psql -h 127\.0\.0\.1 -p 5433 -U operator-access@release-registry-dev-6bac\.iam -d registry/,
    );
  });

  test('runs the proxy with the looked-up connection name, prefixing its output', async () => {
    const args = join(root, 'proxy-args.txt');
    fakeBin('gcloud', `echo "release-registry-dev-6bac:us-central1:postgresql-9f3e"`);
    fakeBin('cloud-sql-proxy', `echo "$@" > "${args}"\necho "ready for new connections"\nexit 0`);
    const r = io();
    assert.equal(await runPgConnect({ service: 'release-registry', env: 'dev' }, r.io), 0, r.out.stderr);
    assert.equal(
      readFileSync(args, 'utf8').trim(),
      '--auto-iam-authn --port=5433 --impersonate-service-account=operator-access@release-registry-dev-6bac.iam.gserviceaccount.com release-registry-dev-6bac:us-central1:postgresql-9f3e',
    );
    assert.match(r.out.stderr, /\[cloud-sql-proxy\] ready for new connections/);
    assert.match(
      r.out.stdout,
      /psql -h 127\.0\.0\.1 -p 5433 -U operator-access@release-registry-dev-6bac\.iam -d registry/,
    );
    rmSync(join(bin, 'gcloud'));
    rmSync(join(bin, 'cloud-sql-proxy'));
  });

  test('environments without PostgreSQL and bad flags are refused', async () => {
    const r = io();
    assert.equal(await runPgConnect({ service: 'search-grpc', env: 'prod' }, r.io), 1);
    assert.match(r.out.stderr, /search-grpc has no PostgreSQL in environment prod/);
    await assert.rejects(
      runPgConnect({ service: 'acme-api', env: 'dev', port: '99999' }, io().io),
      /--port "99999"/,
    );
    await assert.rejects(
      runPgConnect({ service: 'acme-api', env: 'dev', connectionName: 'x' }, io().io),
      /--connection-name/,
    );
  });
});

describe('msp tfc view', () => {
  test('lists the workspaces of an environment or of all environments', async () => {
    const r = io();
    assert.equal(await runTfcView({ service: 'acme-api', env: 'dev' }, r.io), 0);
    assert.equal(
      r.out.stdout,
      [
        'All workspaces (tag msp-env-acme-api-dev): https://app.terraform.io/app/acme/workspaces?tag=msp-env-acme-api-dev',
        'acme-api dev (test): Terraform Cloud workspaces (organisation acme)',
        // In apply order: tfcworkspaces creates the others.
        '  tfcworkspaces https://app.terraform.io/app/acme/workspaces/msp-acme-api-dev-tfcworkspaces',
        '  project       https://app.terraform.io/app/acme/workspaces/msp-acme-api-dev-project',
        '  iam           https://app.terraform.io/app/acme/workspaces/msp-acme-api-dev-iam',
        '  cloudrun      https://app.terraform.io/app/acme/workspaces/msp-acme-api-dev-cloudrun',
        '  monitoring    https://app.terraform.io/app/acme/workspaces/msp-acme-api-dev-monitoring',
        'Teams (https://app.terraform.io/app/acme/settings/teams):',
        '  engineers                read',
        '  platform-operators       write',
        '  core-services            write',
        '  msp-workspace-managers   admin',
        '',
      ].join('\n'),
    );
    const all = io();
    assert.equal(await runTfcView({ service: 'acme-api' }, all.io), 0);
    assert.match(
      all.out.stdout,
      /^All workspaces \(tag msp-service-acme-api\): .*\?tag=msp-service-acme-api\n/,
    );
    assert.match(all.out.stdout, /acme-api prod \(external\)/);
  });

  test('without a service: the platform workspaces and every team with its role', async () => {
    const r = io();
    assert.equal(await runTfcView({}, r.io), 0, r.out.stderr);
    assert.match(
      r.out.stdout,
      /^All msp workspaces: https:\/\/app\.terraform\.io\/app\/acme\/workspaces\?tag=msp$/m,
    );
    assert.match(
      r.out.stdout,
      /^ {2}gcp +https:\/\/app\.terraform\.io\/app\/acme\/workspaces\/msp-platform-gcp$/m,
    );
    assert.match(
      r.out.stdout,
      /^ {2}tfc +https:\/\/app\.terraform\.io\/app\/acme\/workspaces\/msp-platform-tfc$/m,
    );
    assert.match(r.out.stdout, /^Teams \(https:\/\/app\.terraform\.io\/app\/acme\/settings\/teams\):$/m);
    assert.match(r.out.stdout, /^ {2}platform-operators +operators: write on every workspace$/m);
    assert.match(r.out.stdout, /^ {2}devx +owner dev-experience: write on its services' workspaces$/m);
  });

  test('with a local backend it shows the state files', async () => {
    const platformFile = join(root, 'platform-local.yaml');
    writeFileSync(
      platformFile,
      readFileSync(join(root, 'platform.yaml'), 'utf8').replace(
        /backend:\n(\s+.*\n)+?(\s+)vcs:/,
        'backend:\n    type: local\n$2vcs:',
      ),
    );
    const r = io();
    assert.equal(
      await runTfcView({ service: 'acme-api', env: 'dev', platform: 'platform-local.yaml' }, r.io),
      0,
      r.out.stderr,
    );
    assert.match(
      r.out.stdout,
      /acme-api dev \(test\): local state files\n {2}project +services\/acme-api\/terraform\/dev\/stacks\/project\/terraform\.tfstate {2}\(msp-acme-api-dev-project\)/,
    );
    assert.doesNotMatch(r.out.stdout, /tfcworkspaces/);
  });
});
