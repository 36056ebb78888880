/**
 * Reading and writing a service's image lock file (IO edge; the format is in
 * `images/lock.ts`). A missing file is "no lock"; one that exists but cannot be read is an error.
 */
import { join } from 'node:path';
import { type Diagnostic, error } from '../diagnostics/diagnostic.ts';
import { IMAGE_LOCK_FILE, type ImageLock, parseImageLock } from '../images/lock.ts';
import { writeFileAtomic } from './atomic.ts';
import { readRegularFile } from './load.ts';
import { displayPath } from './paths.ts';

interface ReadImageLock {
  /** The parsed lock; undefined when there is no file or it has errors. */
  lock?: ImageLock;
  /** Whether the file exists. */
  exists: boolean;
  /** The path shown to the user (relative to the working directory). */
  shown: string;
  /** The file's text, for code frames. */
  text?: string;
  diagnostics: Diagnostic[];
}

/** Reads `<serviceDir>/images.lock.yaml`. Never throws. */
export function readImageLock(serviceDir: string, cwd: string): ReadImageLock {
  const path = join(serviceDir, IMAGE_LOCK_FILE);
  const shown = displayPath(path, cwd);
  const r = readRegularFile(path);
  if (!('bytes' in r)) {
    if (r.code === 'ENOENT') return { exists: false, shown, diagnostics: [] };
    return {
      exists: true,
      shown,
      diagnostics: [
        error(r.code === 'IO_NOT_A_FILE' ? 'IO_NOT_A_FILE' : 'IO_READ', r.message, [], {
          file: shown,
          hint: 'Make it a regular, readable file, or delete it and run `msp resolve-images` again.',
        }),
      ],
    };
  }
  const text = Buffer.from(r.bytes).toString('utf8');
  const parsed = parseImageLock(r.bytes, shown);
  return {
    ...(parsed.value ? { lock: parsed.value } : {}),
    exists: true,
    shown,
    text,
    diagnostics: parsed.diagnostics,
  };
}

/** Writes the lock file's text atomically (temp file, then rename). Throws file-system errors. */
export function writeImageLock(serviceDir: string, text: string): void {
  writeFileAtomic(join(serviceDir, IMAGE_LOCK_FILE), text);
}
