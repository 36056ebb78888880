/**
 * Disk full and read-only file systems, for real: the fleet (or one service folder) is mounted on
 * a tiny tmpfs or read-only inside a user namespace (`unshare -rm`, no privileges needed). One
 * clear error naming the path and the cause, exit 1, no stack trace, old output intact.
 * Skipped where user namespaces are not available.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyExamples } from '../support/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'msp.js');
const canUnshare = spawnSync('unshare', ['-rm', 'true']).status === 0;

/** Runs a shell script in a new user and mount namespace; returns its output. */
function inNamespace(script: string) {
  return spawnSync('unshare', ['-rm', 'sh', '-c', `set -u\n${script}`], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1', NODE: process.execPath, BIN },
  });
}

const snapshot = (dir: string) =>
  // Used inside $( ): a command substitution is a subshell already, and `$((` would be arithmetic.
  `cd ${dir} && find . -type f -not -name '.msp-lock' | LC_ALL=C sort | xargs sha256sum | sha256sum`;

let fleet: ReturnType<typeof copyExamples>;
describe('file-system errors', {
  skip: !canUnshare && 'user namespaces (unshare -rm) are not available',
}, () => {
  before(() => {
    fleet = copyExamples();
    const r = spawnSync(process.execPath, [BIN, 'generate', '--all', '--force', '--root', fleet.dir]);
    assert.equal(r.status, 0, String(r.stderr));
  });
  after(() => fleet.cleanup());

  test('disk full while writing: one line with the path and ENOSPC, exit 1, old output intact', () => {
    const svc = join(fleet.dir, 'services', 'acme-api');
    const r = inNamespace(`
      cp -a ${svc} /tmp/msp-enospc-$$ || exit 90
      used=$(du -sk ${svc} | cut -f1)
      mount -t tmpfs -o size=$(( used + 64 ))k tmpfs ${svc} || exit 91
      cp -a /tmp/msp-enospc-$$/. ${svc}/ && rm -rf /tmp/msp-enospc-$$
      before=$(${snapshot(svc)})
      sed -i 's/LOG_LEVEL: info/LOG_LEVEL: debug/' ${svc}/service.yaml
      "$NODE" "$BIN" generate acme-api --root ${fleet.dir} 2>&1; echo "exit=$?"
      sed -i 's/LOG_LEVEL: debug/LOG_LEVEL: info/' ${svc}/service.yaml
      after=$(${snapshot(svc)})
      [ "$before" = "$after" ] && echo "output intact" || echo "output changed"
      ls -a ${svc}
    `);
    assert.match(r.stdout, /exit=1/, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /\S*services\/acme-api\/\.msp-tmp-\S+: error IO_WRITE: Cannot write: no space left on the device \(ENOSPC\)\n\s+The previous output of services\/acme-api is unchanged\./,
    );
    assert.doesNotMatch(r.stdout, /internal error|\n\s+at /);
    assert.match(r.stdout, /output intact/);
    // The listing after "output intact" is the service folder: no temporary folder is left.
    const listing = r.stdout.slice(r.stdout.indexOf('output intact'));
    assert.doesNotMatch(listing, /\.msp-tmp-|\.msp-commit-/, 'no temporary folders left');
  });

  test('a read-only fleet: writers fail with EROFS and the path, readers still work', () => {
    const r = inNamespace(`
      mount --bind -o ro ${fleet.dir} ${fleet.dir} || exit 91
      "$NODE" "$BIN" generate acme-api --force --root ${fleet.dir}; echo "generate=$?"
      "$NODE" "$BIN" ops acme-api --root ${fleet.dir}; echo "ops=$?"
      "$NODE" "$BIN" generate --all --check --root ${fleet.dir} > /dev/null; echo "check=$?"
      "$NODE" "$BIN" docs --check --root ${fleet.dir} > /dev/null; echo "docs=$?"
    `);
    const out = r.stdout + r.stderr;
    assert.match(out, /generate=1/, out);
    assert.match(out, /ops=1/, out);
    assert.match(out, /\S*\.msp-lock\S*: error IO_WRITE: Cannot \w+: the file system is read-only \(EROFS\)/);
    assert.doesNotMatch(out, /internal error|\n\s+at /);
    assert.match(out, /check=0/, out);
    assert.match(out, /docs=0/, out);
  });
});
