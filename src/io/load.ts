/** Reading specs and the platform config from disk (IO edge); parsing stays pure. */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type Diagnostic, error, type Result, sortDiagnostics } from '../diagnostics/diagnostic.ts';
import { type ParseSpecResult, parseSpec } from '../pipeline/parse-spec.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { builtinPlatform, parsePlatformConfig } from '../platform/parse.ts';
import { fileSizeProblem, LIMITS } from '../source/limits.ts';
import { locate, parseYamlSource, type YamlSource } from '../source/yaml-document.ts';
import { displayPath } from './paths.ts';

/** Names a diagnostic's file (and range) with the path shown to the user. */
function withFile(d: Diagnostic, shown: string): Diagnostic {
  return { ...d, file: shown, ...(d.range ? { range: { ...d.range, file: shown } } : {}) };
}

export { displayPath };

/**
 * Reads a whole regular file of at most `maxBytes` (the input size limit by default): opened
 * without blocking (a FIFO never hangs us), checked on the open descriptor (not a regular file:
 * error; over the limit: error, nothing read), then read up to the limit only, so a file growing
 * meanwhile cannot make us read more. Throws nothing: problems come back as `error`, an errno
 * code or IO_ code with a message.
 */
export function readRegularFile(
  path: string,
  maxBytes: number = LIMITS.maxFileBytes,
): { bytes: Uint8Array } | { code: string; message: string; size?: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return { code, message: describeOpenError(code) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      return {
        code: 'IO_NOT_A_FILE',
        message: `Not a regular file (${st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device'})`,
      };
    const tooLarge = fileSizeProblem(st.size, maxBytes);
    if (tooLarge) return { code: 'SPEC_FILE_TOO_LARGE', message: tooLarge.message, size: st.size };
    const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (n === buf.length) break;
    }
    const grown = n > maxBytes ? fileSizeProblem(undefined, maxBytes) : undefined;
    if (grown) return { code: 'SPEC_FILE_TOO_LARGE', message: grown.message };
    return { bytes: buf.subarray(0, n) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return { code, message: describeOpenError(code) };
  } finally {
    closeSync(fd);
  }
}

function describeOpenError(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'File does not exist';
    case 'EACCES':
    case 'EPERM':
      return `Cannot read file: permission denied (${code})`;
    case 'ELOOP':
      return 'Cannot read file: a symbolic link loop (ELOOP)';
    case 'EISDIR':
      return 'Not a regular file (a folder)';
    default:
      return `Cannot read file (${code})`;
  }
}

/** What reading one input file gives: its bytes as `value`, or the diagnostic saying why not. */
type ReadResult = Result<Uint8Array>;

/**
 * How the loaders read an input file by absolute path. The CLI reads the disk (`readLimited`);
 * the language server reads the editor's unsaved text for open documents and the disk otherwise,
 * so both run the same pipeline on whatever text the user sees.
 */
export type FileReader = (absPath: string) => ReadResult;

/** Reads a file, refusing ones over the size limit or not regular without reading them. */
export function readLimited(path: string): ReadResult {
  const r = readRegularFile(path);
  if ('bytes' in r) return { value: r.bytes, diagnostics: [] };
  return { diagnostics: [readProblem(path, r)] };
}

/**
 * Text held in memory (an editor's unsaved document) as if read from `path`: the same size
 * limit and the same diagnostic as reading the file from disk.
 */
export function readFromText(path: string, text: string): ReadResult {
  const bytes = new TextEncoder().encode(text);
  const tooLarge = fileSizeProblem(bytes.byteLength);
  if (tooLarge)
    return { diagnostics: [readProblem(path, { code: 'SPEC_FILE_TOO_LARGE', message: tooLarge.message })] };
  return { value: bytes, diagnostics: [] };
}

function readProblem(path: string, r: { code: string; message: string }): Diagnostic {
  const at = {
    file: path,
    start: { line: 1, column: 1, offset: 0 },
    end: { line: 1, column: 1, offset: 0 },
  };
  if (r.code === 'SPEC_FILE_TOO_LARGE')
    return error('SPEC_FILE_TOO_LARGE', r.message, [], {
      file: path,
      range: at,
      hint: fileSizeProblem(undefined)?.hint,
    });
  if (r.code === 'IO_NOT_A_FILE')
    return error('IO_NOT_A_FILE', r.message, [], {
      file: path,
      hint: 'Replace it with a regular file (or remove it).',
    });
  return error(r.code === 'ENOENT' ? 'IO_NOT_FOUND' : 'IO_READ', r.message, [], {
    file: path,
    ...(r.code === 'ENOENT'
      ? { hint: 'Check the path; specs live at services/<id>/service.yaml.' }
      : r.code === 'EACCES' || r.code === 'EPERM'
        ? { hint: 'Give the user running msp read permission on it.' }
        : {}),
  });
}

export function loadPlatform(
  platformFile: string | undefined,
  cwd: string,
  read: FileReader = readLimited,
): Result<PlatformConfig> {
  if (!platformFile) {
    const builtin = builtinPlatform();
    return { value: builtin, diagnostics: [...builtin.placeholders] };
  }
  const shown = displayPath(platformFile, cwd);
  const r = read(platformFile);
  if (!r.value) return { diagnostics: r.diagnostics.map((d) => withFile(d, shown)) };
  return {
    ...parsePlatformConfig(r.value, shown),
    sources: { [shown]: Buffer.from(r.value).toString('utf8') },
  };
}

export interface LoadedSpec extends ParseSpecResult {
  absPath: string;
  shownPath: string;
  /** Source text, for code frames. */
  text?: string;
  /** Texts of the spec and the sibling files read, by the file name their diagnostics carry. */
  sources: Record<string, string | undefined>;
}

/** The folder name a spec at `…/services/<folder>/service.yaml` must carry as its `service.id`. */
function specFolderId(absPath: string): string | undefined {
  if (basename(absPath) !== 'service.yaml') return undefined;
  const dir = dirname(absPath);
  return basename(dirname(dir)) === 'services' ? basename(dir) : undefined;
}

/**
 * Reads and validates one spec with its sibling files. A spec under `services/<folder>/` whose
 * `service.id` is not `<folder>` is an error here, so every command reports it the same way.
 */
export function loadSpec(
  absPath: string,
  platform: PlatformConfig,
  cwd: string,
  read: FileReader = readLimited,
): LoadedSpec {
  const shownPath = displayPath(absPath, cwd);
  const r = read(absPath);
  if (!r.value)
    return { absPath, shownPath, diagnostics: r.diagnostics.map((d) => withFile(d, shownPath)), sources: {} };
  const dir = dirname(absPath);
  const shownDir = displayPath(dir, cwd);
  const prefix = shownDir === '.' ? '' : `${shownDir}/`;
  const sources: Record<string, string | undefined> = {};
  // A missing sibling is "none"; one that exists but cannot be read (no permission, too large,
  // not a regular file) is an error of its own, never silently "none".
  const siblingErrors: Diagnostic[] = [];
  const readSibling = (name: string): string | undefined => {
    const path = join(dir, name);
    const s = read(path);
    if (s.value) {
      const t = Buffer.from(s.value).toString('utf8');
      sources[`${prefix}${name}`] = t;
      return t;
    }
    for (const d of s.diagnostics)
      if (d.code !== 'IO_NOT_FOUND') siblingErrors.push(withFile(d, displayPath(path, cwd)));
    return undefined;
  };
  const parsed = parseSpec({
    file: shownPath,
    text: r.value,
    platform,
    readSibling,
    dir: prefix,
    ...(specFolderId(absPath) !== undefined ? { folderId: specFolderId(absPath)! } : {}),
  });
  const res: ParseSpecResult =
    siblingErrors.length === 0
      ? parsed
      : {
          ...(parsed.raw ? { raw: parsed.raw } : {}),
          diagnostics: sortDiagnostics([...parsed.diagnostics, ...siblingErrors]),
        };
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(r.value);
  } catch {
    text = undefined;
  }
  sources[shownPath] = text;
  return { ...res, absPath, shownPath, sources, ...(text !== undefined ? { text } : {}) };
}

/**
 * Adds line and column to diagnostics (and their notes) that carry only a file and a key path,
 * such as the fleet-wide checks, by reading each file once. Files that cannot be read stay
 * unlocated. `sources` receives the texts read, for code frames.
 */
export function locateInFiles(
  diags: readonly Diagnostic[],
  cwd: string,
  sources: Record<string, string | undefined> = {},
  read: FileReader = readLimited,
): Diagnostic[] {
  const cache = new Map<string, YamlSource | undefined>();
  const source = (file: string): YamlSource | undefined => {
    if (!cache.has(file)) {
      const r = read(resolve(cwd, file));
      const parsed = r.value ? parseYamlSource(file, r.value).value : undefined;
      cache.set(file, parsed);
      if (parsed) sources[file] = parsed.text;
    }
    return cache.get(file);
  };
  return diags.map((d) => {
    const src = !d.range && d.file ? source(d.file) : undefined;
    return {
      ...d,
      ...(src ? { range: locate(src, d.path) } : {}),
      ...(d.related
        ? {
            related: d.related.map((r) => {
              const s = r.range ? undefined : source(r.file);
              return s ? { ...r, range: locate(s, r.path) } : r;
            }),
          }
        : {}),
    };
  });
}
