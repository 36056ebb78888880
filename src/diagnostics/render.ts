import { type Diagnostic, formatPath } from './diagnostic.ts';

/**
 * Renders a diagnostic like a compiler: `file:line:col: error CODE: message`, the key path,
 * a code frame with a caret when the source text is given, then detail, expected/found and hint.
 */
export function renderDiagnostic(d: Diagnostic, source?: string, color = false): string {
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[0m` : s);
  const yellow = (s: string) => (color ? `\x1b[33m${s}\x1b[0m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[0m` : s);
  const file = d.range?.file ?? d.file ?? '<unknown>';
  const loc = d.range ? `${file}:${d.range.start.line}:${d.range.start.column}` : file;
  const sev = d.severity === 'error' ? red('error') : yellow('warning');
  const lines: string[] = [`${loc}: ${sev} ${d.code}: ${d.message}`];
  if (d.path.length > 0) lines.push(`  at ${formatPath(d.path)}`);
  if (source !== undefined && d.range)
    lines.push(...codeFrame(source, d.range.start.line, d.range.start.column, dim));
  if (d.detail) lines.push(`  ${d.detail}`);
  if (d.found !== undefined) lines.push(`  found: ${d.found}`);
  if (d.expected !== undefined) lines.push(`  expected: ${d.expected}`);
  if (d.upstream) lines.push(dim(`  MSP: ${d.upstream}`));
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
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
    let text = all[n - 1] ?? '';
    if (text.length > 160) text = `${text.slice(0, 157)}...`;
    const gutter = `${String(n).padStart(width)} | `;
    out.push(n === line ? `  > ${gutter}${text}` : dim(`    ${gutter}${text}`));
    if (n === line)
      out.push(`    ${' '.repeat(width)} | ${' '.repeat(Math.max(0, Math.min(column - 1, 160)))}^`);
  }
  return out;
}

/** Most diagnostics rendered per file; the rest are counted (all of them are in --format json). */
export const MAX_RENDERED_PER_FILE = 50;

/** Renders a file's diagnostics, at most MAX_RENDERED_PER_FILE, with a count of the rest. */
export function renderDiagnostics(
  diags: readonly Diagnostic[],
  source: string | undefined,
  color: boolean,
): string {
  let out = '';
  diags.slice(0, MAX_RENDERED_PER_FILE).forEach((d) => {
    out += `${renderDiagnostic(d, source, color)}\n\n`;
  });
  if (diags.length > MAX_RENDERED_PER_FILE)
    out += `... and ${diags.length - MAX_RENDERED_PER_FILE} more problems in this file (msp validate --format json lists them all)\n\n`;
  return out;
}
