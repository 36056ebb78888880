/**
 * `msp generate` owns only the files its manifest lists: custom Terraform in a stack folder is
 * kept across --force, kills and recovery; other unknown files under terraform/ are reported and
 * kept; "unchanged" means the output on disk still matches the manifest.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { parseManifest } from '../../src/generate/manifest.ts';
import { recoverInterrupted, swapTrees } from '../../src/io/write-service.ts';
import { cli, copyExamples, snapshotTree } from '../support/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'msp.js');

let fleet: ReturnType<typeof copyExamples>;
const svc = (...p: string[]) => join(fleet.dir, 'services', 'acme-api', ...p);
const CUSTOM = ['terraform', 'dev', 'stacks', 'cloudrun', 'custom-bucket.tf.json'];
const CUSTOM_TEXT =
  '{"resource":{"google_storage_bucket":{"extra":{"name":"acme-api-dev-extra","location":"US"}}}}\n';

function putCustom() {
  writeFileSync(svc(...CUSTOM), CUSTOM_TEXT);
  mkdirSync(svc('terraform', 'dev', 'stacks', 'iam', 'modules'), { recursive: true });
  writeFileSync(svc('terraform', 'dev', 'stacks', 'iam', 'modules', 'extra.tf'), '# nested custom file\n');
}

describe('generate keeps files it did not write', () => {
  before(() => {
    fleet = copyExamples();
  });
  after(() => fleet.cleanup());
  beforeEach(async () => {
    assert.equal((await cli(['generate', '--all', '--force', '--root', fleet.dir], ROOT)).code, 0);
  });

  test('custom files in a stack folder survive --force, --all --force and a single environment', async () => {
    putCustom();
    for (const argv of [
      ['generate', 'acme-api', '--force'],
      ['generate', '--all', '--force'],
      ['generate', 'acme-api', 'dev', '--force'],
      ['generate', 'acme-api', 'prod'],
    ]) {
      const r = await cli([...argv, '--root', fleet.dir], ROOT);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(svc(...CUSTOM), 'utf8'), CUSTOM_TEXT, argv.join(' '));
      assert.ok(existsSync(svc('terraform', 'dev', 'stacks', 'iam', 'modules', 'extra.tf')), argv.join(' '));
      assert.doesNotMatch(r.stderr, /IO_UNEXPECTED_FILE/);
    }
    // Custom files are not the manifest's, and --check does not call them stale.
    const m = parseManifest(readFileSync(svc('terraform', '.msp-generated.json'), 'utf8'))!;
    assert.ok(!m.owned.has(CUSTOM.slice(1).join('/')));
    assert.equal((await cli(['generate', 'acme-api', '--root', fleet.dir], ROOT)).code, 0);
    const check = await cli(['generate', '--all', '--check', '--root', fleet.dir], ROOT);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  });

  test('a generated file that is no longer generated is removed; a custom one beside it stays', async () => {
    putCustom();
    const spec = svc('service.yaml');
    const text = readFileSync(spec, 'utf8');
    // An extra stale generated file, as an older version would have left it in the manifest.
    const manifestPath = svc('terraform', '.msp-generated.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.files['dev/stacks/cloudrun/old.tf.json'] = 'x';
    manifest.inputHash = 'changed';
    writeFileSync(manifestPath, JSON.stringify(manifest));
    writeFileSync(svc('terraform', 'dev', 'stacks', 'cloudrun', 'old.tf.json'), '{}');
    const r = await cli(['generate', 'acme-api', '--root', fleet.dir], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(svc('terraform', 'dev', 'stacks', 'cloudrun', 'old.tf.json')));
    assert.equal(readFileSync(svc(...CUSTOM), 'utf8'), CUSTOM_TEXT);
    assert.equal(readFileSync(spec, 'utf8'), text);
  });

  test('an unexpected file outside the stack folders is reported and kept; orphaned custom files too', async () => {
    writeFileSync(svc('terraform', 'NOTES.md'), 'my notes');
    mkdirSync(svc('terraform', 'qa', 'stacks', 'cloudrun'), { recursive: true });
    writeFileSync(svc('terraform', 'qa', 'stacks', 'cloudrun', 'x.tf.json'), '{}');
    const r = await cli(['generate', 'acme-api', '--force', '--root', fleet.dir], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /services\/acme-api\/terraform\/NOTES\.md: warning IO_UNEXPECTED_FILE/);
    assert.match(
      r.stderr,
      /services\/acme-api\/terraform\/qa\/stacks\/cloudrun\/x\.tf\.json: warning IO_ORPHANED_CUSTOM_FILE/,
    );
    assert.equal(readFileSync(svc('terraform', 'NOTES.md'), 'utf8'), 'my notes');
    assert.ok(existsSync(svc('terraform', 'qa', 'stacks', 'cloudrun', 'x.tf.json')));
    rmSync(svc('terraform', 'NOTES.md'));
    rmSync(svc('terraform', 'qa'), { recursive: true });
  });

  test('without a manifest nothing unknown is deleted', async () => {
    putCustom();
    rmSync(svc('terraform', '.msp-generated.json'));
    const r = await cli(['generate', 'acme-api', '--root', fleet.dir], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(svc(...CUSTOM), 'utf8'), CUSTOM_TEXT);
    assert.ok(existsSync(svc('terraform', '.msp-generated.json')));
  });

  test('custom files survive a swap interrupted after its commit (roll forward) and before it (roll back)', async () => {
    putCustom();
    const spec = svc('service.yaml');
    const text = readFileSync(spec, 'utf8');
    try {
      writeFileSync(spec, text.replace('projectID: acme-api-dev-3f9a', 'projectID: acme-api-dev-4e0b'));
      // Roll back: the failure happens after the new tree (with its links) was written.
      const tree = {
        name: 'terraform',
        files: [{ path: 'a.json', content: '{}' }],
        keep: [CUSTOM.slice(1).join('/')],
      };
      const failed = swapTrees(svc(), [tree]);
      assert.equal(failed.next().value, 'written');
      assert.throws(() => failed.throw(new Error('failed')), /failed/);
      assert.equal(readFileSync(svc(...CUSTOM), 'utf8'), CUSTOM_TEXT);
      // Roll forward: a kill right after the live trees were moved aside (the swap stops there).
      const killed = swapTrees(svc(), [tree]);
      for (const step of ['written', 'committed', 'moved-aside']) assert.equal(killed.next().value, step);
      assert.ok(!existsSync(svc('terraform')));
      recoverInterrupted(svc());
      assert.equal(readFileSync(svc(...CUSTOM), 'utf8'), CUSTOM_TEXT);
      assert.ok(existsSync(svc('terraform', 'a.json')));
      assert.deepEqual(
        readdirSync(svc()).filter((n) => n.startsWith('.msp-')),
        [],
      );
    } finally {
      writeFileSync(spec, text);
    }
    const r = await cli(['generate', 'acme-api', '--root', fleet.dir], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(svc(...CUSTOM), 'utf8'), CUSTOM_TEXT);
  });
});

describe('"unchanged" means the output on disk matches the manifest', () => {
  before(() => {
    fleet = copyExamples();
  });
  after(() => fleet.cleanup());

  test('--all --force regenerates every service', async () => {
    assert.equal((await cli(['generate', '--all', '--root', fleet.dir], ROOT)).code, 0);
    const r = await cli(['generate', '--all', '--force', '--root', fleet.dir], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /4 services: 4 generated/);
  });

  for (const [what, damage] of [
    ['a deleted docs/ folder', () => rmSync(svc('docs'), { recursive: true })],
    ['an emptied operations page', () => writeFileSync(svc('docs', 'operations.md'), '')],
    ['a deleted stack file', () => rmSync(svc('terraform', 'prod', 'stacks', 'iam', 'main.tf.json'))],
    [
      'a hand-edited stack file (same size)',
      () => {
        const f = svc('terraform', 'dev', 'stacks', 'project', 'main.tf.json');
        writeFileSync(f, readFileSync(f, 'utf8').replace('"project_id"', '"project_iX"'));
      },
    ],
    ['an extra file in docs/', () => writeFileSync(svc('docs', 'extra.md'), 'x')],
  ] as const)
    test(`${what} is detected and repaired`, async () => {
      assert.equal((await cli(['generate', '--all', '--root', fleet.dir], ROOT)).code, 0);
      const good = snapshotTree(svc());
      damage();
      const r = await cli(['generate', '--all', '--root', fleet.dir], ROOT);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /4 services: 1 generated, 3 unchanged/);
      assert.deepEqual(snapshotTree(svc()), good);
    });
});

describe('file-system trouble', () => {
  before(() => {
    fleet = copyExamples();
  });
  after(() => {
    for (const d of ['terraform', 'docs']) {
      try {
        chmodSync(svc(d), 0o755);
      } catch {}
    }
    fleet.cleanup();
  });

  // As root, permissions do not stop anything: the chattr test below covers that case.
  test('a read-only generated folder does not jam the service', async () => {
    assert.equal((await cli(['generate', '--all', '--force', '--root', fleet.dir], ROOT)).code, 0);
    chmodSync(svc('terraform', 'dev', 'stacks', 'iam'), 0o555);
    chmodSync(svc('docs'), 0o555);
    const r = await cli(['generate', 'acme-api', '--force', '--root', fleet.dir], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    assert.deepEqual(
      readdirSync(svc()).filter((n) => n.startsWith('.msp-')),
      [],
    );
    const again = await cli(['generate', 'acme-api', '--force', '--root', fleet.dir], ROOT);
    assert.equal(again.code, 0, again.stderr);
  });

  test('an undeletable old tree (immutable, even for root) is reported, the new output goes live', async (t) => {
    const iam = svc('terraform', 'dev', 'stacks', 'iam');
    const flag = (f: string) =>
      new Promise<number>((r) =>
        spawn('chattr', [f, iam])
          .on('exit', (c) => r(c ?? 1))
          .on('error', () => r(1)),
      );
    assert.equal((await cli(['generate', 'acme-api', '--force', '--root', fleet.dir], ROOT)).code, 0);
    if ((await flag('+i')) !== 0) return t.skip('chattr +i is not available here');
    try {
      const r = await cli(['generate', 'acme-api', '--force', '--root', fleet.dir], ROOT);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /services\/acme-api\/\.msp-old-terraform-\S*iam\S*: warning IO_LEFTOVER: Leftover of an interrupted write could not be removed\n(.*\n)*\s+The file system refused \(\w+\); the next run tries again\./,
      );
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
      const again = await cli(['generate', 'acme-api', '--force', '--root', fleet.dir], ROOT);
      assert.equal(again.code, 0, again.stderr);
    } finally {
      for (const d of readdirSync(svc()))
        if (d.startsWith('.msp-old-')) spawn('chattr', ['-i', join(svc(), d, 'dev', 'stacks', 'iam')]);
      await flag('-i');
    }
    await new Promise((r) => setTimeout(r, 200));
    const r = await cli(['generate', 'acme-api', '--force', '--root', fleet.dir], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      readdirSync(svc()).filter((n) => n.startsWith('.msp-')),
      [],
    );
  });

  test('a service folder that links outside the fleet is refused, nothing written there', async () => {
    const outside = copyExamples();
    try {
      const target = join(outside.dir, 'services', 'acme-api');
      rmSync(join(target, 'terraform'), { recursive: true });
      rmSync(join(fleet.dir, 'services', 'search-grpc'), { recursive: true });
      symlinkSync(target, join(fleet.dir, 'services', 'search-grpc'));
      const r = await cli(['generate', 'search-grpc', '--root', fleet.dir], ROOT);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /IO_OUTSIDE_FLEET/);
      assert.ok(!existsSync(join(target, 'terraform')));
    } finally {
      outside.cleanup();
    }
  });

  test('a generated folder that is a symbolic link is refused, located at the link', async () => {
    const elsewhere = join(fleet.dir, 'docs-elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    rmSync(svc('docs'), { recursive: true, force: true });
    symlinkSync(elsewhere, svc('docs'));
    try {
      const r = await cli(['generate', 'acme-api', '--force', '--root', fleet.dir], ROOT);
      assert.equal(r.code, 1, r.stderr);
      assert.match(
        r.stderr,
        /^services\/acme-api\/docs: error IO_SYMLINK_OUTPUT: Generated folder is a symbolic link$/m,
      );
      assert.deepEqual(readdirSync(elsewhere), [], 'nothing written through the link');
    } finally {
      rmSync(svc('docs'));
      rmSync(elsewhere, { recursive: true });
    }
  });

  test('a FIFO in terraform/ is an error, not a hang; the old output stays', async () => {
    const fifo = svc('terraform', 'dev', 'pipe');
    const mk = spawn('mkfifo', [fifo]);
    await new Promise((r) => mk.on('exit', r));
    if (!existsSync(fifo)) return; // no mkfifo on this system
    try {
      const r = await cli(['generate', 'acme-api', '--force', '--root', fleet.dir], ROOT);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /terraform\/dev\/pipe: error IO_NOT_A_FILE/);
    } finally {
      rmSync(fifo);
    }
    assert.ok(statSync(svc('terraform', 'dev', 'stacks')).isDirectory());
  });
});

void BIN;
