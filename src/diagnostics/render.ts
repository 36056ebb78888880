import { type Diagnostic, formatPath, type SourceRange, type SourceTexts } from './diagnostic.ts';

interface RenderOptions {
  color?: boolean;
  /** Also print MSP's (upstream) wording of the rule, where there is one. */
  verbose?: boolean;
}

/**
 * Renders a diagnostic like a compiler: `file:line:col: error CODE: message`, the Terraform
 * block (`in google_project.project`) when there is one, the key path,
 * a code frame from the diagnostic's own file when its text is given, then detail,
 * expected/found, hint and notes at related places (each with its own file and position).
 */
export function renderDiagnostic(d: Diagnostic, sources: SourceTexts = {}, opts: RenderOptions = {}): string {
  const color = opts.color ?? false;
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[0m` : s);
  const yellow = (s: string) => (color ? `\x1b[33m${s}\x1b[0m` : s);
  const cyan = (s: string) => (color ? `\x1b[36m${s}\x1b[0m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[0m` : s);
  // Text from specs (keys, values, file names) may hold ESC, OSC or BEL: shown escaped, so it
  // can never drive the terminal. Only our own colours are sent raw.
  const t = escapeControlChars;
  // A problem with no file (the file system refused without naming a path) is msp's own.
  const file = d.range?.file ?? d.file ?? 'msp';
  const loc = d.range ? t(at(d.range)) : t(file);
  const sev = d.severity === 'error' ? red('error') : yellow('warning');
  const lines: string[] = [`${loc}: ${sev} ${d.code}: ${t(d.message)}`];
  if (d.address !== undefined) lines.push(`  in ${t(d.address)}`);
  if (d.path.length > 0) lines.push(`  at ${t(formatPath(d.path))}`);
  const source = sources[file];
  if (source !== undefined && d.range)
    lines.push(...codeFrame(source, d.range.start.line, d.range.start.column, dim));
  if (d.detail) lines.push(`  ${t(d.detail)}`);
  if (d.found !== undefined) lines.push(`  found: ${t(d.found)}`);
  if (d.expected !== undefined) lines.push(`  expected: ${t(d.expected)}`);
  if (d.upstream && opts.verbose) lines.push(dim(`  MSP: ${t(d.upstream)}`));
  if (d.hint) lines.push(`  hint: ${t(d.hint)}`);
  for (const r of d.related ?? []) {
    const where = t(r.range ? at(r.range) : r.file);
    lines.push(
      `  ${cyan('note')}: ${where}: ${t(r.message)}${r.path.length > 0 ? ` (${t(formatPath(r.path))})` : ''}`,
    );
  }
  return lines.join('\n');
}

function at(r: SourceRange): string {
  return `${r.file}:${r.start.line}:${r.start.column}`;
}

/**
 * Shows control characters as escapes (`\x1b`, `\x07`, `\x9b` …): C0 except tab and newline,
 * DEL and C1. Terminals act on them (colour, title, hyperlinks, clearing the screen), so text
 * that comes from input must never reach one raw.
 */
function escapeControlChars(s: string): string {
  return s.replace(
    /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

// Files with many diagnostics render one frame each: split each source text once, not per frame.
let lastSource: string | undefined;
let lastLines: string[] = [];

function codeFrame(source: string, line: number, column: number, dim: (s: string) => string): string[] {
  if (source !== lastSource) {
    lastSource = source;
    lastLines = source.split(/\r?\n/);
  }
  const all = lastLines;
  const out: string[] = [];
  const first = Math.max(1, line - 1);
  const last = Math.min(all.length, line + 1);
  const width = String(last).length;
  for (let n = first; n <= last; n++) {
    let text = escapeControlChars(all[n - 1] ?? '');
    if (text.length > 160) text = `${text.slice(0, 157)}...`;
    const gutter = `${String(n).padStart(width)} | `;
    out.push(n === line ? `  > ${gutter}${text}` : dim(`    ${gutter}${text}`));
    if (n === line)
      out.push(`    ${' '.repeat(width)} | ${' '.repeat(Math.max(0, Math.min(column - 1, 160)))}^`);
  }
  return out;
}

/** Printed once per run (not per diagnostic) when any unknown key was reported. */
const UNKNOWN_KEY_NOTE =
  'note: MSP silently ignores unknown keys; msp rejects them so that typos do not go unnoticed.';

/** The notes a run prints once at its end, for the diagnostics it reported. */
export function runNotes(diags: readonly Diagnostic[]): string[] {
  return diags.some((d) => d.code.endsWith('_UNKNOWN_KEY')) ? [UNKNOWN_KEY_NOTE] : [];
}

/** Most diagnostics rendered per file; the rest are counted (all of them are in --format json). */
const MAX_RENDERED_PER_FILE = 50;

/** Renders a file's diagnostics, at most MAX_RENDERED_PER_FILE, with a count of the rest. */
export function renderDiagnostics(
  diags: readonly Diagnostic[],
  sources: SourceTexts,
  opts: RenderOptions,
): string {
  let out = '';
  diags.slice(0, MAX_RENDERED_PER_FILE).forEach((d) => {
    out += `${renderDiagnostic(d, sources, opts)}\n\n`;
  });
  if (diags.length > MAX_RENDERED_PER_FILE)
    out += `... and ${diags.length - MAX_RENDERED_PER_FILE} more problems in this file (msp validate --format json lists them all)\n\n`;
  return out;
}
