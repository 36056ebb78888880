/** Reading specs and the platform config from disk (IO edge); parsing stays pure. */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type Diagnostic, error } from '../diagnostics/diagnostic.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { builtinPlatform, parsePlatformConfig } from '../platform/parse.ts';
import { LIMITS } from '../source/limits.ts';
import { type ParseSpecResult, parseSpec } from '../spec/parse.ts';

/** Names a diagnostic's file (and range) with the path shown to the user. */
function withFile(d: Diagnostic, shown: string): Diagnostic {
  return { ...d, file: shown, ...(d.range ? { range: { ...d.range, file: shown } } : {}) };
}

/** Shows paths relative to the working directory, like a compiler. */
export function displayPath(abs: string, cwd: string): string {
  const r = relative(cwd, abs);
  return r === '' ? '.' : r.startsWith('..') ? abs : r;
}

/** Reads a file, refusing ones over the size limit without reading them. */
export function readLimited(path: string): { bytes?: Uint8Array; diagnostic?: Diagnostic } {
  try {
    const st = statSync(path);
    if (!st.isFile()) return { diagnostic: error('IO_NOT_A_FILE', 'Not a regular file', [], { file: path }) };
    if (st.size > LIMITS.maxFileBytes)
      return {
        diagnostic: error(
          'SPEC_FILE_TOO_LARGE',
          `File is ${st.size} bytes, over the ${LIMITS.maxFileBytes}-byte limit`,
          [],
          {
            file: path,
            range: {
              file: path,
              start: { line: 1, column: 1, offset: 0 },
              end: { line: 1, column: 1, offset: 0 },
            },
          },
        ),
      };
    return { bytes: readFileSync(path) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      diagnostic: error(
        code === 'ENOENT' ? 'IO_NOT_FOUND' : 'IO_READ',
        code === 'ENOENT' ? 'File does not exist' : `Cannot read file (${code ?? 'error'})`,
        [],
        {
          file: path,
          hint: code === 'ENOENT' ? 'Check the path; specs live at services/<id>/service.yaml.' : undefined,
        },
      ),
    };
  }
}

export function loadPlatform(
  platformFile: string | undefined,
  cwd: string,
): { value?: PlatformConfig; diagnostics: Diagnostic[]; text?: string } {
  if (!platformFile) return { value: builtinPlatform(), diagnostics: [] };
  const shown = displayPath(platformFile, cwd);
  const r = readLimited(platformFile);
  if (!r.bytes) return { diagnostics: [withFile(r.diagnostic!, shown)] };
  return { ...parsePlatformConfig(r.bytes, shown), text: Buffer.from(r.bytes).toString('utf8') };
}

export interface LoadedSpec extends ParseSpecResult {
  absPath: string;
  shownPath: string;
  /** Source text, for code frames. */
  text?: string;
}

export function loadSpec(absPath: string, platform: PlatformConfig, cwd: string): LoadedSpec {
  const shownPath = displayPath(absPath, cwd);
  const r = readLimited(absPath);
  if (!r.bytes) return { absPath, shownPath, diagnostics: [withFile(r.diagnostic!, shownPath)] };
  const dir = dirname(absPath);
  const shownDir = displayPath(dir, cwd);
  const readSibling = (name: string): string | undefined => {
    const s = readLimited(join(dir, name));
    return s.bytes ? Buffer.from(s.bytes).toString('utf8') : undefined;
  };
  const res = parseSpec({
    file: shownPath,
    text: r.bytes,
    platform,
    readSibling,
    dir: shownDir === '.' ? '' : `${shownDir}/`,
  });
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(r.bytes);
  } catch {
    text = undefined;
  }
  return { ...res, absPath, shownPath, ...(text !== undefined ? { text } : {}) };
}
