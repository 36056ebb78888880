import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { acquireFleetLock, LOCK_FILE, LockBusyError } from './lock.ts';

let dir: string;
const lockPath = () => join(dir, LOCK_FILE);
const fakeLock = (pid: number, extra: Record<string, unknown> = {}) =>
  writeFileSync(
    lockPath(),
    JSON.stringify({
      pid,
      host: hostname(),
      command: 'msp generate --all',
      since: '2026-01-02T03:04:05Z',
      ...extra,
    }),
  );
/** A pid that is certainly not running: a child that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('fleet lock', () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'msp-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is taken, refused to a second taker with who holds it, and released', () => {
    const a = acquireFleetLock(dir, { command: 'msp generate --all' });
    const held = JSON.parse(readFileSync(lockPath(), 'utf8'));
    assert.equal(held.pid, process.pid);
    // A second taker in another process (same pid here would look stale: see the container test).
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${join(import.meta.dirname, 'lock.ts')}').then((m) => { try { m.acquireFleetLock(${JSON.stringify(dir)}, { command: 'x' }); console.log('took it'); } catch (e) { console.log(e.message); } })`,
      ],
      { encoding: 'utf8' },
    );
    assert.match(
      child.stdout,
      new RegExp(
        `another msp command is running on this fleet: msp generate --all \\(pid ${process.pid}, since \\d{4}-\\d\\d-\\d\\dT`,
      ),
    );
    a.release();
    assert.ok(!existsSync(lockPath()));
    a.release(); // idempotent
  });

  it('a live holder makes it fail at once, naming pid and start time', () => {
    fakeLock(process.ppid);
    assert.throws(
      () => acquireFleetLock(dir, { command: 'x' }),
      (e: unknown) =>
        e instanceof LockBusyError &&
        e.holder?.pid === process.ppid &&
        /msp generate --all \(pid \d+, since 2026-01-02T03:04:05Z\)/.test(e.message),
    );
  });

  it('waits for a live holder when asked, then fails with the same message', () => {
    fakeLock(process.ppid);
    let waited = 0;
    assert.throws(
      () => acquireFleetLock(dir, { command: 'x', waitMs: 250, onWait: () => waited++ }),
      LockBusyError,
    );
    assert.equal(waited, 1);
  });

  it('a lock left by a killed process is stale: recovered and taken', () => {
    const pid = deadPid();
    fakeLock(pid);
    const l = acquireFleetLock(dir, { command: 'x' });
    assert.equal(l.recoveredFrom?.pid, pid);
    assert.equal(JSON.parse(readFileSync(lockPath(), 'utf8')).pid, process.pid);
    l.release();
  });

  it('our own pid in a lock we do not hold (a container restarted as pid 1) is stale', () => {
    fakeLock(process.pid);
    const l = acquireFleetLock(dir, { command: 'x' });
    assert.equal(l.recoveredFrom?.pid, process.pid);
    l.release();
  });

  it('a reused pid (same pid, other start time) is stale', { skip: !existsSync('/proc/self/stat') }, () => {
    fakeLock(process.ppid, { start: '1' });
    const l = acquireFleetLock(dir, { command: 'x' });
    assert.equal(l.recoveredFrom?.pid, process.ppid);
    l.release();
  });

  it('a lock from another host is never broken', () => {
    writeFileSync(
      lockPath(),
      JSON.stringify({ pid: deadPid(), host: 'build-agent-7', command: 'msp generate --all', since: 'then' }),
    );
    assert.throws(() => acquireFleetLock(dir, { command: 'x' }), /on host build-agent-7/);
  });

  it('release leaves a lock that someone else took alone', () => {
    const l = acquireFleetLock(dir, { command: 'x' });
    fakeLock(process.ppid);
    l.release();
    assert.ok(existsSync(lockPath()));
  });
});
