/**
 * The one diagnostic type every stage emits (parser, validator, platform config, Terraform
 * schema check, fleet checks) and the CLI renders. Stages report a `path` first; the edge that
 * holds the source text turns it into a `range` (`locate()` in `source/yaml-document.ts`).
 */

import type { DiagnosticCode } from './codes/index.ts';

export type { DiagnosticCode } from './codes/index.ts';

type Severity = 'error' | 'warning';

/** A position in a source file. `line` and `column` are 1-based; `offset` is a 0-based UTF-16 index. */
interface SourcePos {
  line: number;
  column: number;
  offset: number;
}

export interface SourceRange {
  file: string;
  start: SourcePos;
  end: SourcePos;
}

/** A key path into a document: mapping keys are strings, sequence indexes are numbers. */
export type KeyPath = (string | number)[];

export interface Diagnostic {
  severity: Severity;
  /**
   * UPPER_SNAKE code prefixed by stage (SPEC_, PLATFORM_, TF_, FLEET_, IO_), declared with its
   * meaning, example and fix in the stage's table under src/diagnostics/codes/.
   */
  code: DiagnosticCode;
  /** Short sentence-case summary, no full stop. */
  message: string;
  /** Why it is a problem, in full sentences. */
  detail?: string;
  /** How to fix it, e.g. "Did you mean `instances`?". */
  hint?: string;
  /** The rule MSP (upstream) applied, with its wording, where there is one. */
  upstream?: string;
  /** The value found, rendered short, when it helps. */
  found?: string;
  /** What was expected. */
  expected?: string;
  path: KeyPath;
  /**
   * The Terraform block the problem is in, for diagnostics of generated or custom Terraform:
   * `google_project.project`, `data.google_project.p`, `provider.google`, `output.x`, `var.x`,
   * `local.x`. Like `file`, `range` and `path`, it is location: messages never repeat it, the
   * renderers show it (`in <address>`; `address` in `--format json`).
   */
  address?: string;
  /** The file the diagnostic is about, even when no position is known. */
  file?: string;
  range?: SourceRange;
  /**
   * Other places that explain the problem: the spec key that refers to a sibling file, the
   * first use of a duplicated project ID in another spec. Each has its own file and position.
   */
  related?: RelatedLocation[];
}

/** A note at another place (possibly another file) that belongs to a diagnostic. */
export interface RelatedLocation {
  message: string;
  /** The note's file; empty for "the diagnostic's own document", filled in when it is located. */
  file: string;
  path: KeyPath;
  range?: SourceRange;
}

/** Source texts by the file name diagnostics carry (a spec and its sibling files), for code frames. */
export type SourceTexts = Readonly<Record<string, string | undefined>>;

/**
 * What every stage returns, from reading a file to the checks across the fleet (ARCHITECTURE.md,
 * "One Result shape"): its output and everything found on the way. A stage never throws on bad
 * input; it keeps going where it can and stops between stages, not inside one.
 *
 * - `value`: the stage's output. Absent when the stage found errors that stop the next one.
 * - `raw`: the input as far as the stage got before its last step, for checks that still run on
 *   it when `value` is absent (a spec whose shape is valid but whose rules fail still takes part
 *   in the fleet checks). Stages without one leave `R` as `never`.
 * - `sources`: the texts the diagnostics point into, by file name, for stages that read files
 *   (so the renderer can show code frames without reading them again).
 */
export interface Result<T, R = never> {
  value?: T;
  raw?: R;
  diagnostics: Diagnostic[];
  sources?: SourceTexts;
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Renders a key path the way users write it: `environments[1].instances.resources.memory`. */
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Stable order: file, offset, severity, code, message. */
export function sortDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  return [...diags].sort((a, b) => {
    const fa = a.range?.file ?? a.file ?? '';
    const fb = b.range?.file ?? b.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const oa = a.range?.start.offset ?? -1;
    const ob = b.range?.start.offset ?? -1;
    if (oa !== ob) return oa - ob;
    if (a.severity !== b.severity) return a.severity === 'error' ? -1 : 1;
    if (a.code !== b.code) return a.code < b.code ? -1 : 1;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}

/** Builds an error diagnostic; a small helper so call sites read as data. */
export function error(
  code: DiagnosticCode,
  message: string,
  path: KeyPath,
  extra: Partial<Diagnostic> = {},
): Diagnostic {
  return { severity: 'error', code, message, path, ...extra };
}

export function warning(
  code: DiagnosticCode,
  message: string,
  path: KeyPath,
  extra: Partial<Diagnostic> = {},
): Diagnostic {
  return { severity: 'warning', code, message, path, ...extra };
}
