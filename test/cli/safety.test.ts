/** Arguments are ids, not paths; the fleet lock stops a second writer with a clear message. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
