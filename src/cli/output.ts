import {
  type Diagnostic,
  formatPath,
  type SourceRange,
  type SourceTexts,
  sortDiagnostics,
} from '../diagnostics/diagnostic.ts';
import { renderDiagnostic } from '../diagnostics/render.ts';
import { type CliIO, useColor } from './io.ts';

/** Prints diagnostics compiler-style to stderr, with code frames when source texts are given. */
export function printDiagnostics(io: CliIO, diags: readonly Diagnostic[], sources: SourceTexts): void {
  const opts = { color: useColor(io), verbose: !!io.verbose };
  for (const d of diags) io.stderr(`${renderDiagnostic(d, sources, opts)}\n\n`);
}

/**
 * Version of the `--format json` document of `msp validate` (docs/validation.md, "JSON output").
 * 2: warnings under their own key, every field of a diagnostic, ranges with their end.
 */
export const VALIDATE_JSON_VERSION = 2;

/** A position in JSON: 1-based line and column, 0-based UTF-16 offset. */
function rangeToJson(r: SourceRange) {
  return {
    start: { line: r.start.line, column: r.start.column, offset: r.start.offset },
    end: { line: r.end.line, column: r.end.column, offset: r.end.offset },
  };
}

/**
 * The JSON shape of a diagnostic for `--format json`: every field of the diagnostic. The
 * location is in fields only (`file`, `line`/`column`, `range`, `path`, `keyPath` and, for
 * Terraform, `address`); the message never repeats it.
 */
export function diagnosticToJson(d: Diagnostic) {
  const range = d.range ? rangeToJson(d.range) : null;
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.range?.file ?? d.file ?? null,
    line: d.range?.start.line ?? null,
    column: d.range?.start.column ?? null,
    range,
    path: formatPath(d.path),
    keyPath: d.path,
    ...(d.address !== undefined ? { address: d.address } : {}),
    ...(d.detail !== undefined ? { detail: d.detail } : {}),
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
    ...(d.expected !== undefined ? { expected: d.expected } : {}),
    ...(d.found !== undefined ? { found: d.found } : {}),
    ...(d.upstream !== undefined ? { upstream: d.upstream } : {}),
    ...(d.related?.length
      ? {
          related: d.related.map((r) => ({
            message: r.message,
            file: r.range?.file ?? r.file,
            line: r.range?.start.line ?? null,
            column: r.range?.start.column ?? null,
            range: r.range ? rangeToJson(r.range) : null,
            path: formatPath(r.path),
            keyPath: r.path,
          })),
        }
      : {}),
  };
}

/** One file's diagnostics for `--format json`: errors and warnings apart, each sorted. */
export function fileDiagnosticsToJson(file: string, diags: readonly Diagnostic[]) {
  const sorted = sortDiagnostics([...diags]);
  return {
    file,
    errors: sorted.filter((d) => d.severity === 'error').map(diagnosticToJson),
    warnings: sorted.filter((d) => d.severity === 'warning').map(diagnosticToJson),
  };
}
