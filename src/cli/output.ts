import { type Diagnostic, formatPath } from '../diagnostics/diagnostic.ts';
import { renderDiagnostic } from '../diagnostics/render.ts';
import type { CliIO } from './io.ts';

/** Prints diagnostics compiler-style to stderr, with code frames when source texts are given. */
export function printDiagnostics(
  io: CliIO,
  diags: readonly Diagnostic[],
  sources: Record<string, string | undefined>,
): void {
  for (const d of diags) {
    const file = d.range?.file ?? d.file ?? '';
    io.stderr(`${renderDiagnostic(d, sources[file], io.isTTY && !io.env.NO_COLOR)}\n\n`);
  }
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
  };
}
