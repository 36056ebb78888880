/**
 * The fleet lock: one `msp` command at a time writes (or recovers) a fleet's generated output.
 *
 * The lock is the file `<root>/.msp-lock`, holding who took it (pid, host, command, start
 * time). It is created whole with `link()` (atomic, fails when the file exists), so nobody ever
 * reads a half-written lock. A lock whose process is gone (killed, crashed, power loss) is
 * stale: the next command removes it and goes on. Removing a stale lock is itself guarded by a
 * short-lived `<root>/.msp-lock.break` file, so two commands finding the same stale lock cannot
 * both remove it and then a live one.
 *
 * A lock held by a live process on another host (a shared file system) is never broken.
 */
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = '.msp-lock';

/** Who holds a lock. */
interface LockHolder {
  pid: number;
  host: string;
  /** The command that took it, e.g. `msp generate --all`. */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
  /** Linux process start time (clock ticks since boot), to tell a reused pid from the holder. */
  start?: string;
}

/** Thrown by {@link acquireFleetLock} when a live process holds the lock. */
export class LockBusyError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(describeBusy(lockPath, holder));
  }
}

function describeBusy(lockPath: string, h: LockHolder | undefined): string {
  if (!h) return `another msp command holds the fleet lock ${lockPath}`;
  const where = h.host === hostname() ? '' : ` on host ${h.host}`;
  return `another msp command is running on this fleet: ${h.command} (pid ${h.pid}${where}, since ${h.since})`;
}

/** A held lock; `release` is idempotent. */
export interface FleetLock {
  path: string;
  /** Set when a stale lock of a dead process was removed to take this one. */
  recoveredFrom?: LockHolder;
  release(): void;
}

/** The start time of a process (Linux), or undefined where /proc is not available. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses); field 22 is starttime.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19];
  } catch {
    return undefined;
  }
}

/** Whether the holder of a lock is still running (always true for another host: we cannot tell). */
function holderAlive(h: LockHolder): boolean {
  if (h.host !== hostname()) return true;
  // Our own pid in a lock we do not hold: a previous process with the same pid (containers
  // often run as pid 1), long gone.
  if (h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid is in use: by the holder, unless its start time says it is another process.
  const start = processStart(h.pid);
  return !(h.start && start && h.start !== start);
}

function readHolder(path: string): { text: string; holder?: LockHolder } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    if (typeof h.pid === 'number' && typeof h.host === 'string') return { text, holder: h };
  } catch {
    // not a lock we wrote: handled as unknown below
  }
  return { text };
}

/** Creates `path` with `content` atomically; false when it already exists. */
function createExclusive(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, content);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

const sleepBuffer = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleepBuffer, 0, 0, ms);
}

/** How old an unreadable lock or a break file must be before it counts as abandoned. */
const ABANDONED_MS = 10_000;

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Removes the lock at `path` if it still holds exactly `staleText`. Guarded by a break file so
 * only one process removes a given stale lock (and never a fresh one taken meanwhile).
 */
function breakStaleLock(path: string, staleText: string): void {
  const guard = `${path}.break`;
  for (let i = 0; ; i++) {
    if (createExclusive(guard, JSON.stringify({ pid: process.pid, host: hostname() }))) break;
    // A breaker killed in the few microseconds it holds the guard leaves it behind.
    if (ageMs(guard) > ABANDONED_MS) {
      try {
        unlinkSync(guard);
      } catch {
        // another process removed it first
      }
    } else if (i > 200) return;
    else sleep(10);
  }
  try {
    if (readHolder(path)?.text === staleText) unlinkSync(path);
  } finally {
    unlinkSync(guard);
  }
}

interface AcquireOptions {
  /** The command, for the message other processes show. */
  command: string;
  /** Wait up to this long for a live holder to finish (default 0: fail at once). */
  waitMs?: number;
  /** Called once when starting to wait. */
  onWait?: (holder: LockHolder | undefined) => void;
}

/**
 * Takes the fleet lock of `root`. Removes a stale lock (its process is gone) on the way.
 * Throws {@link LockBusyError} when a live process holds it past `waitMs`; throws the file
 * system's error (EACCES, EROFS, ENOSPC…) when the lock cannot be written at all.
 */
export function acquireFleetLock(root: string, opts: AcquireOptions): FleetLock {
  const path = join(root, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: opts.command,
    since: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  const start = processStart(process.pid);
  if (start) me.start = start;
  const text = `${JSON.stringify(me)}\n`;
  const deadline = Date.now() + (opts.waitMs ?? 0);
  let recoveredFrom: LockHolder | undefined;
  let waited = false;
  for (;;) {
    if (createExclusive(path, text)) {
      let held = true;
      return {
        path,
        ...(recoveredFrom ? { recoveredFrom } : {}),
        release() {
          if (!held) return;
          held = false;
          try {
            if (readFileSync(path, 'utf8') === text) unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    }
    const current = readHolder(path);
    if (!current) continue; // released between our attempt and the read
    const stale = current.holder ? !holderAlive(current.holder) : ageMs(path) > ABANDONED_MS;
    if (stale) {
      breakStaleLock(path, current.text);
      if (current.holder) recoveredFrom = current.holder;
      continue;
    }
    if (Date.now() >= deadline) throw new LockBusyError(path, current.holder);
    if (!waited) opts.onWait?.(current.holder);
    waited = true;
    sleep(100);
  }
}
