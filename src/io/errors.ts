/** File-system errors in words a user acts on: the path and the cause, never a stack trace. */
import { type Diagnostic, error } from '../diagnostics/diagnostic.ts';
import { displayPath } from './paths.ts';

const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'it already exists',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EBUSY: 'the resource is busy',
  ETXTBSY: 'the file is busy',
};

/** Whether `e` is an error from the file system (has an errno code). */
export function isFsError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && 'syscall' in e;
}

/**
 * A file-system error as a diagnostic at the path it names (relative to `cwd`), the path in
 * `file` and never in the message: "Cannot write: no space left on the device (ENOSPC)".
 * `IO_READ` when reading failed, `IO_WRITE` otherwise, unless the caller knows better (`code`:
 * taking the fleet lock is a write however it fails); `detail` says what it means for the run.
 */
export function fsErrorDiagnostic(
  e: NodeJS.ErrnoException,
  cwd: string,
  detail?: string,
  code?: 'IO_READ' | 'IO_WRITE',
): Diagnostic {
  const reading = e.syscall === 'read' || e.syscall === 'scandir' || e.syscall === 'stat';
  const opening = e.syscall === 'open';
  const cause = CAUSES[e.code ?? ''] ?? e.message.replace(/^[A-Z]+: /, '').replace(/, .*$/, '');
  const verb = reading ? 'Cannot read' : opening ? 'Cannot open' : 'Cannot write';
  return error(code ?? (reading ? 'IO_READ' : 'IO_WRITE'), `${verb}: ${cause} (${e.code})`, [], {
    ...(e.path ? { file: displayPath(e.path, cwd) } : {}),
    ...(detail ? { detail } : {}),
  });
}
