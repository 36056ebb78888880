/** Arguments are ids, not paths; the fleet lock stops a second writer with a clear message. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli, copyExamples } from '../support/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
let fleet: ReturnType<typeof copyExamples>;

describe('service and environment arguments are ids', () => {
  before(() => {
    fleet = copyExamples();
  });
  after(() => fleet.cleanup());

  const bad = ['../x', './acme-api', '/etc', 'a/b', '..', '.hidden', 'x\u001b[31m'];
  const commands = (v: string): string[][] => [
    ['generate', v],
    ['generate', 'acme-api', v],
    ['ops', v],
    ['rollout', v],
    ['logs', v, 'dev'],
    ['logs', 'acme-api', v],
    ['pg', 'connect', v, 'dev', '--print'],
    ['tfc', 'view', v],
    ['init', v],
    ['init-env', v, 'stg'],
    ['init-env', 'acme-api', v],
  ];
  for (const v of bad)
    test(`${JSON.stringify(v)} is a usage error for every command`, async () => {
      for (const argv of commands(v)) {
        const r = await cli([...argv, '--root', fleet.dir], ROOT);
        assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /is not a (service|environment) id/, argv.join(' '));
        assert.doesNotMatch(r.stderr, /\u001b/, 'control characters are shown escaped');
      }
    });

  test('init-env ../../outside stg does not touch a file outside the fleet', async () => {
    const outside = join(fleet.dir, '..', `${join(fleet.dir).split('/').pop()}-outside`);
    mkdirSync(outside, { recursive: true });
    const victim = join(outside, 'service.yaml');
    writeFileSync(victim, 'service: {id: victim}\nenvironments: []\n');
    const r = await cli(['init-env', `../../${outside.split('/').pop()}`, 'stg', '--root', fleet.dir], ROOT);
    assert.equal(r.code, 2);
    assert.equal(readFileSync(victim, 'utf8'), 'service: {id: victim}\nenvironments: []\n');
  });
});

describe('fleet lock', () => {
  before(() => {
    fleet = copyExamples();
  });
  after(() => fleet.cleanup());
  const holdLock = (pid: number) =>
    writeFileSync(
      join(fleet.dir, '.msp-lock'),
      JSON.stringify({ pid, host: hostname(), command: 'msp generate --all', since: '2026-12-03T08:00:00Z' }),
    );

  test('a second writer is refused with who holds the lock; nothing is written', async () => {
    holdLock(process.ppid);
    try {
      for (const argv of [['generate', '--all', '--force'], ['ops', 'acme-api'], ['docs']]) {
        const r = await cli([...argv, '--root', fleet.dir], ROOT);
        assert.equal(r.code, 1, argv.join(' '));
        assert.match(
          r.stderr,
          /another msp command is running on this fleet: msp generate --all \(pid \d+, since 2026-12-03T08:00:00Z\)/,
        );
        assert.doesNotMatch(r.stdout, /generated|wrote/);
      }
      // Readers wait for the writer (here: briefly), then say the same.
      const r = await cli(['generate', '--all', '--check', '--root', fleet.dir], ROOT, {
        MSP_LOCK_WAIT_MS: '150',
      });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /waiting for msp generate --all \(pid \d+/);
    } finally {
      rmSync(join(fleet.dir, '.msp-lock'), { force: true });
    }
  });

  test('the lock of a killed run is removed and its output recovered', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    holdLock(dead);
    const r = await cli(['generate', '--all', '--root', fleet.dir], ROOT);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`removed the lock of msp generate --all \\(pid ${dead}, since .*no longer running`),
    );
    assert.ok(!existsSync(join(fleet.dir, '.msp-lock')));
  });
});

describe('service folders and files that cannot be read', () => {
  before(() => {
    fleet = copyExamples();
  });
  after(() => fleet.cleanup());
  const svc = (...p: string[]) => join(fleet.dir, 'services', ...p);

  test('misnamed specs, broken links and empty folders are reported; --all exits 1 and still does the rest', async () => {
    mkdirSync(svc('typo'));
    writeFileSync(svc('typo', 'service.yml'), 'service: {id: typo}\n');
    symlinkSync(join(fleet.dir, 'nowhere'), svc('broken'));
    symlinkSync(svc('loop'), svc('loop'));
    mkdirSync(svc('leftover'));
    try {
      const v = await cli(['validate', '--all', '--root', fleet.dir], ROOT);
      assert.equal(v.code, 1, v.stderr);
      assert.match(
        v.stderr,
        /services\/typo\/service\.yml: error FLEET_MISNAMED_SPEC: Spec file not named service\.yaml: msp does not read it\n/,
      );
      assert.match(v.stderr, /services\/broken: error FLEET_BROKEN_LINK: Broken symbolic link/);
      assert.match(v.stderr, /services\/loop: error FLEET_UNREADABLE: Cannot read \(ELOOP\)/);
      assert.match(v.stderr, /services\/leftover: warning FLEET_NO_SPEC/);
      const g = await cli(['generate', '--all', '--root', fleet.dir], ROOT);
      assert.equal(g.code, 1, g.stderr);
      assert.match(g.stdout, /4 services: 4 (unchanged|generated)/);
      assert.match(g.stderr, /FLEET_MISNAMED_SPEC[\s\S]*some service folders could not be read/);
      const d = await cli(['docs', '--check', '--root', fleet.dir], ROOT);
      assert.equal(d.code, 1);
    } finally {
      rmSync(svc('typo'), { recursive: true });
      rmSync(svc('broken'));
      rmSync(svc('loop'));
      rmSync(svc('leftover'), { recursive: true });
    }
  });

  test('a FIFO or a device as service.yaml is an error, never a hang or unbounded memory', async () => {
    const spec = svc('acme-api', 'service.yaml');
    const text = readFileSync(spec, 'utf8');
    try {
      rmSync(spec);
      symlinkSync('/dev/zero', spec);
      for (const argv of [
        ['validate', spec],
        ['generate', 'acme-api', '--force', '--root', fleet.dir],
      ]) {
        const r = await cli(argv, ROOT);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /service\.yaml: error IO_NOT_A_FILE: Not a regular file \(a device\)/);
      }
      rmSync(spec);
      spawnSync('mkfifo', [spec]);
      if (existsSync(spec)) {
        const r = await cli(['generate', 'acme-api', '--force', '--root', fleet.dir], ROOT);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /error IO_NOT_A_FILE: Not a regular file \(a FIFO\)/);
      }
      rmSync(spec);
      mkdirSync(spec);
      const r = await cli(['generate', 'acme-api', '--force', '--root', fleet.dir], ROOT);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /error IO_NOT_A_FILE: Not a regular file \(a folder\)/);
    } finally {
      rmSync(spec, { recursive: true, force: true });
      writeFileSync(spec, text);
    }
  });

  test('an unreadable or oversized README is an error, not "no README"', async () => {
    const readme = svc('acme-api', 'README.md');
    const had = existsSync(readme) ? readFileSync(readme, 'utf8') : undefined;
    try {
      rmSync(readme, { force: true });
      mkdirSync(readme);
      let r = await cli(['generate', 'acme-api', '--force', '--root', fleet.dir], ROOT);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /README\.md: error IO_NOT_A_FILE/);
      rmSync(readme, { recursive: true });
      writeFileSync(readme, `# Acme API\n${'x'.repeat(5 * 1024 * 1024)}`);
      r = await cli(['validate', svc('acme-api', 'service.yaml')], ROOT);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /README\.md:1:1: error SPEC_FILE_TOO_LARGE/);
    } finally {
      rmSync(readme, { recursive: true, force: true });
      if (had !== undefined) writeFileSync(readme, had);
    }
  });
});
