/**
 * msp diagnostics as Language Server Protocol diagnostics. Pure: the same `Diagnostic` values
 * `msp validate` reports, turned into LSP shapes without changing what they say or where.
 */
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type DiagnosticRelatedInformation,
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type Range,
} from 'vscode-languageserver';
import { type Diagnostic, formatPath, type SourceRange } from '../diagnostics/diagnostic.ts';

/** The `source` every published diagnostic carries, so editors show where it came from. */
export const LSP_SOURCE = 'msp';

/** The file URI of a path as diagnostics name it (relative to the fleet root, or absolute). */
export function fileUri(root: string, file: string): string {
  return pathToFileURL(isAbsolute(file) ? file : join(root, file)).href;
}

/**
 * An msp range as an LSP range. msp positions are 1-based lines and columns counted in UTF-16
 * code units, which is LSP's default position encoding, so only the base changes. A diagnostic
 * without a position (a file-level problem) marks the file's first character.
 */
function toLspRange(r: SourceRange | undefined): Range {
  if (!r) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    start: { line: r.start.line - 1, character: r.start.column - 1 },
    end: { line: r.end.line - 1, character: r.end.column - 1 },
  };
}

/**
 * The diagnostic's message as an editor shows it: msp's message on the first line (what
 * `--format json` calls `message`), then the Terraform block and the key path, detail, found/expected and hint, as the
 * CLI's text output lists them.
 */
export function lspMessage(d: Diagnostic): string {
  const lines = [d.message];
  if (d.address !== undefined) lines.push(`in ${d.address}`);
  if (d.path.length > 0) lines.push(`at ${formatPath(d.path)}`);
  if (d.detail) lines.push(d.detail);
  if (d.found !== undefined) lines.push(`found: ${d.found}`);
  if (d.expected !== undefined) lines.push(`expected: ${d.expected}`);
  if (d.hint) lines.push(`hint: ${d.hint}`);
  return lines.join('\n');
}

/** One msp diagnostic as an LSP diagnostic; `related` notes become related information. */
export function toLspDiagnostic(d: Diagnostic, root: string): LspDiagnostic {
  const related: DiagnosticRelatedInformation[] = (d.related ?? []).map((r) => ({
    location: { uri: fileUri(root, r.range?.file ?? r.file), range: toLspRange(r.range) },
    message: r.path.length > 0 ? `${r.message} (${formatPath(r.path)})` : r.message,
  }));
  return {
    range: toLspRange(d.range),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: LSP_SOURCE,
    message: lspMessage(d),
    ...(related.length > 0 ? { relatedInformation: related } : {}),
  };
}
