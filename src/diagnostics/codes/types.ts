/**
 * The shape of one entry of the diagnostic catalogue. Each stage declares its codes in its own
 * table (`spec.ts`, `platform.ts`, `fleet.ts`, `terraform.ts`, `io.ts`); `index.ts` joins them
 * into the `DiagnosticCode` union, and docs/diagnostics.md is generated from them.
 */

export interface CodeInfo {
  /**
   * The severity the code is reported with. `error or warning`: the same finding is a warning
   * in one run and an error in another (e.g. placeholders, which `generate` refuses).
   */
  readonly severity: 'error' | 'warning' | 'error or warning';
  /** What the code means: the rule, in one or two sentences. */
  readonly meaning: string;
  /** A minimal input (a YAML fragment, a file) or situation that produces it. */
  readonly example: string;
  /** How to fix it. */
  readonly fix: string;
  /** Codes this one replaces (for `--format json` consumers migrating), oldest first. */
  readonly formerly?: readonly string[];
}

/** Keeps a table's literal keys (the codes) while checking every entry's shape. */
export function defineCodes<const T extends Record<string, CodeInfo>>(table: T): T {
  return table;
}
