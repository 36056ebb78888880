import { type Diagnostic, formatPath } from '../diagnostics/diagnostic.ts';
import { renderDiagnostic, type SourceTexts } from '../diagnostics/render.ts';
import { type CliIO, useColor } from './io.ts';

/** Prints diagnostics compiler-style to stderr, with code frames when source texts are given. */
export function printDiagnostics(io: CliIO, diags: readonly Diagnostic[], sources: SourceTexts): void {
  const opts = { color: useColor(io), verbose: !!io.verbose };
  for (const d of diags) io.stderr(`${renderDiagnostic(d, sources, opts)}\n\n`);
}

/** The JSON shape of a diagnostic for `--format json`. */
export function diagnosticToJson(d: Diagnostic) {
  return {
    line: d.range?.start.line ?? null,
    column: d.range?.start.column ?? null,
    path: formatPath(d.path),
    message: d.message,
    severity: d.severity,
    code: d.code,
    ...(d.hint ? { hint: d.hint } : {}),
    ...(d.expected ? { expected: d.expected } : {}),
    ...(d.found ? { found: d.found } : {}),
    ...(d.upstream ? { upstream: d.upstream } : {}),
    ...(d.related?.length
      ? {
          related: d.related.map((r) => ({
            file: r.file,
            line: r.range?.start.line ?? null,
            column: r.range?.start.column ?? null,
            path: formatPath(r.path),
            message: r.message,
          })),
        }
      : {}),
  };
}
