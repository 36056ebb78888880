/** File-system errors in words a user acts on: the path and the cause, never a stack trace. */
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

/** "cannot write services/x/terraform: no space left on the device (ENOSPC)". */
export function describeFsError(e: NodeJS.ErrnoException, cwd: string, fallbackPath?: string): string {
  const path = e.path ?? fallbackPath;
  const verb =
    e.syscall === 'open' || e.syscall === 'read' || e.syscall === 'scandir' || e.syscall === 'stat'
      ? 'cannot read'
      : 'cannot write';
  const cause = CAUSES[e.code ?? ''] ?? e.message.replace(/^[A-Z]+: /, '').replace(/, .*$/, '');
  const where = path ? ` ${displayPath(path, cwd)}` : '';
  const writeVerb = e.syscall === 'open' && e.code !== 'ENOENT' ? 'cannot open' : verb;
  return `${writeVerb}${where}: ${cause} (${e.code})`;
}
