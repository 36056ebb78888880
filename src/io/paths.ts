/** How paths are shown to users. */
import { relative } from 'node:path';

/** Shows paths relative to the working directory, like a compiler. */
export function displayPath(abs: string, cwd: string): string {
  const r = relative(cwd, abs);
  return r === '' ? '.' : r.startsWith('..') ? abs : r;
}
