/** Taking the fleet lock for a command, with the messages users see. */

import { fsErrorDiagnostic, isFsError } from '../io/errors.ts';
import { acquireFleetLock, type FleetLock, LockBusyError } from '../io/lock.ts';
import { displayPath } from '../io/paths.ts';
import { type CliIO, EXIT } from './io.ts';
import { printDiagnostics } from './output.ts';

/** How long a command that only reads generated output waits for a writer to finish (MSP_LOCK_WAIT_MS overrides). */
const READER_WAIT_MS = 120_000;

function readerWait(io: CliIO): number {
  const v = Number(io.env.MSP_LOCK_WAIT_MS);
  return Number.isFinite(v) &&
    v >= 0 &&
    io.env.MSP_LOCK_WAIT_MS !== '' &&
    io.env.MSP_LOCK_WAIT_MS !== undefined
    ? v
    : READER_WAIT_MS;
}

type LockOutcome = { lock?: FleetLock; canRecover: boolean } | { exit: number };

/**
 * Takes the fleet lock of `root` for `command`. Writers fail at once when another msp command
 * holds it; readers (`mode: 'read'`) wait for it, and on a read-only checkout go on without it
 * (`canRecover: false`: nothing can write there either). Prints what happened; returns the exit
 * code to stop with instead of a lock when the command cannot go on.
 */
export function takeFleetLock(io: CliIO, root: string, command: string, mode: 'write' | 'read'): LockOutcome {
  try {
    const lock = acquireFleetLock(root, {
      command,
      waitMs: mode === 'read' ? readerWait(io) : 0,
      onWait: (h) =>
        io.stderr(
          `msp: waiting for ${h ? `${h.command} (pid ${h.pid}, since ${h.since})` : 'another msp command'} to finish…\n`,
        ),
    });
    const r = lock.recoveredFrom;
    if (r)
      io.stderr(
        `msp: removed the lock of ${r.command} (pid ${r.pid}, since ${r.since}), which is no longer running; recovering its output\n`,
      );
    return { lock, canRecover: true };
  } catch (e) {
    if (e instanceof LockBusyError) {
      io.stderr(
        `msp: ${e.message}\n  Wait for it to finish and run this again. A lock left by a process that is gone is removed automatically; if ${displayPath(e.lockPath, io.cwd)} stays after every msp process ended, delete it.\n`,
      );
      return { exit: EXIT.INVALID };
    }
    if (!isFsError(e)) throw e;
    if (mode === 'read' && (e.code === 'EROFS' || e.code === 'EACCES' || e.code === 'EPERM'))
      return { canRecover: false };
    printDiagnostics(
      io,
      [fsErrorDiagnostic(e, io.cwd, 'The fleet lock could not be taken; nothing was written.', 'IO_WRITE')],
      {},
    );
    return { exit: EXIT.INVALID };
  }
}
