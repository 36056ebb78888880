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
} as const;
