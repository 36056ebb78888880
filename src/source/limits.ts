/**
 * Input limits for YAML documents (service.yaml, platform config). Documented in docs/limits.md.
 * They keep hostile input (alias bombs, deep nesting, huge files) from hanging or crashing us.
 */
export const LIMITS = {
  /** Largest accepted file, in bytes. A real service.yaml is a few KiB. */
  maxFileBytes: 4 * 1024 * 1024,
  /** Most alias (`*x`) expansions allowed while building values; yaml's own guard against billion laughs. */
  maxAliasCount: 100,
  /** Deepest nesting of mappings and sequences. The spec itself needs 7. */
  maxDepth: 64,
  /**
   * Most values (content lines, list entries, flow items) in one document: the YAML syntax tree
   * costs about a kilobyte per value, so this, not the byte size, bounds memory. A real spec has
   * a few hundred.
   */
  maxNodes: 100_000,
  /** Most source bytes that aliases may add when expanded (amplification guard). */
  maxAliasBytes: 1024 * 1024,
} as const;

/**
 * The one size check of an input file (spec, platform config, README, table schema), wherever
 * its bytes come from: `undefined` when `size` is within the limit, else the message and fix.
 * `size` is undefined when the file grew past the limit while being read.
 */
export function fileSizeProblem(
  size: number | undefined,
  max: number = LIMITS.maxFileBytes,
): { message: string; hint: string } | undefined {
  if (size !== undefined && size <= max) return undefined;
  return {
    message:
      size === undefined
        ? `File is over the ${max}-byte limit`
        : `File is ${size} bytes, over the ${max}-byte limit`,
    hint: 'Specs, platform configs, READMEs and table schemas are a few kilobytes; check that this is the file you meant (docs/limits.md).',
  };
}
