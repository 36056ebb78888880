/**
 * scripts/lib/apt.sh, the install path the system-package installers share
 * (install-chromium.sh, install-docker-registry.sh, test-services.sh). This machine already has
 * the packages, so the path is run here against a fake apt-get, apt-cache, id and sudo on a
 * private PATH: which apt steps run, in which order, through sudo when not root, with the
 * daemon-blocking policy-rc.d in place, and what is said when it fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const HELPER = join(import.meta.dirname, '..', '..', 'scripts', 'lib', 'apt.sh');
const work = mkdtempSync(join(tmpdir(), 'msp-apt-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface Machine {
  /** The uid the fake `id -u` reports. */
  uid: number;
  sudo: boolean;
  aptGet?: boolean;
  /** Whether `apt-cache show` knows the packages. */
  known: boolean;
  /** How many `apt-get install` calls fail before one succeeds. */
  failInstalls: number;
}

let n = 0;
/** Runs `apt_install` on a fake machine; returns its status, stderr and the commands it ran. */
function install(m: Machine, ...packages: string[]) {
  const dir = join(work, String(n++));
  const bin = join(dir, 'bin');
  const tmp = join(dir, 'tmp');
  mkdirSync(bin, { recursive: true });
  mkdirSync(tmp);
  for (const tool of ['env', 'sh', 'mktemp', 'rm', 'tail', 'chmod', 'cat'])
    symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
  const calls = join(dir, 'calls');
  const policy = join(dir, 'policy-rc.d');
  const fake = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  fake('id', `echo ${m.uid}`);
  if (m.sudo) fake('sudo', `echo "sudo" >>${calls}\nexec "$@"`);
  if (m.aptGet !== false) {
    fake(
      'apt-get',
      [
        // Each call says whether the daemon-blocking hook was there and what it answers.
        `if [ -x ${policy} ]; then ${policy}; p=$?; else p=none; fi`,
        `echo "apt-get $* (uid $(id -u), $DEBIAN_FRONTEND, policy $p)" >>${calls}`,
        'echo "apt says: working on $*"',
        `if [ "$1" = install ]; then`,
        `  f=$(cat ${dir}/failed 2>/dev/null || echo 0)`,
        `  if [ "$f" -lt ${m.failInstalls} ]; then echo $((f + 1)) >${dir}/failed; echo "E: 404 Not Found" >&2; exit 100; fi`,
        'fi',
      ].join('\n'),
    );
    fake('apt-cache', `echo "apt-cache $*" >>${calls}\nexit ${m.known ? 0 : 100}`);
  }
  const r = spawnSync(
    '/bin/bash',
    [
      '--norc',
      '--noprofile',
      '-c',
      `set -euo pipefail; . ${HELPER}; APT_WHO=tester; apt_install "for a test" "$@"`,
      'bash',
      ...packages,
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: bin, TMPDIR: tmp, APT_POLICY_RC_D: policy },
    },
  );
  return {
    status: r.status,
    stderr: r.stderr,
    calls: existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [],
    logs: readdirSync(tmp),
    policyLeft: existsSync(policy),
  };
}

describe('scripts/lib/apt.sh apt_install', () => {
  test('as root, known packages: one quiet install, daemons blocked, nothing left behind', () => {
    const r = install({ uid: 0, sudo: false, known: true, failInstalls: 0 }, 'pkg-a', 'pkg-b');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.calls, [
      'apt-cache show pkg-a pkg-b',
      'apt-get install -y -q --no-install-recommends pkg-a pkg-b (uid 0, noninteractive, policy 101)',
    ]);
    assert.deepEqual(r.logs, [], 'the log file is removed after a good install');
    assert.equal(r.policyLeft, false, 'the policy-rc.d it created is removed');
    assert.doesNotMatch(r.stderr, /apt says/, "apt's output stays in the log");
    assert.deepEqual(r.stderr.trim().split('\n'), [
      'tester: installing the Debian packages pkg-a pkg-b, for a test',
      'tester: apt-get install pkg-a pkg-b (a few minutes the first time)',
    ]);
  });

  test('not root: every apt step goes through sudo, with the non-interactive frontend kept', () => {
    const r = install({ uid: 1000, sudo: true, known: false, failInstalls: 0 }, 'pkg-a');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.calls, [
      'sudo', // creates policy-rc.d
      'apt-cache show pkg-a',
      'sudo',
      'apt-get update -q (uid 1000, noninteractive, policy 101)',
      'sudo',
      'apt-get install -y -q --no-install-recommends pkg-a (uid 1000, noninteractive, policy 101)',
      'sudo', // removes it
    ]);
    assert.match(r.stderr, /tester: apt-get update \(the package lists do not know pkg-a yet\)/);
  });

  test('a failed install refreshes the package lists once and retries', () => {
    const r = install({ uid: 0, sudo: false, known: true, failInstalls: 1 }, 'pkg-a');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      r.calls.filter((c) => c.startsWith('apt-get')).map((c) => c.split(' (')[0]),
      [
        'apt-get install -y -q --no-install-recommends pkg-a',
        'apt-get update -q',
        'apt-get install -y -q --no-install-recommends pkg-a',
      ],
    );
    assert.match(r.stderr, /the install failed; refreshing the package lists once and retrying/);
  });

  test("a second failure returns 1 and shows the end of apt's output, keeping the log", () => {
    const r = install({ uid: 0, sudo: false, known: true, failInstalls: 2 }, 'pkg-a');
    assert.equal(r.status, 1);
    assert.equal(r.calls.filter((c) => c.startsWith('apt-get install')).length, 2, 'one retry only');
    assert.match(
      r.stderr,
      /tester: failed: apt-get install pkg-a; the last lines of apt's output \(.*msp-tester\./,
    );
    assert.match(r.stderr, /E: 404 Not Found/);
    assert.equal(r.logs.length, 1, 'the log named in the message is kept');
    assert.equal(r.policyLeft, false);
  });

  test('not root and no sudo, or no apt-get: says so and runs nothing', () => {
    const noSudo = install({ uid: 1000, sudo: false, known: true, failInstalls: 0 }, 'pkg-a');
    assert.equal(noSudo.status, 1);
    assert.deepEqual(noSudo.calls, []);
    assert.match(noSudo.stderr, /tester: must run as root \(or with sudo available\) to install pkg-a/);
    const noApt = install({ uid: 0, sudo: false, aptGet: false, known: true, failInstalls: 0 }, 'pkg-a');
    assert.equal(noApt.status, 1);
    assert.match(noApt.stderr, /tester: apt-get not found; install pkg-a \(for a test\)/);
  });
});
