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
