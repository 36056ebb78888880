/**
 * What generating one service or the platform output reports, as data in the order it happened;
 * `src/cli/generate-report.ts` renders it (the IO modules and the fleet tasks build no text).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

export interface Change {
  kind: 'added' | 'removed' | 'changed';
  path: string;
  before?: string | Uint8Array;
  after?: string | Uint8Array;
}

/** Why an output was not written (the diagnostics reported before it say what to fix). */
export type NotWrittenReason =
  /** A name built from the spec would be rejected by GCP. */
  | 'spec-name'
  /** The service refers to something the platform output does not create. */
  | 'not-provided'
  /** The generated Terraform failed the provider-schema check. */
  | 'schema-check'
  /** Custom Terraform next to the generated stacks failed the provider-schema check. */
  | 'custom-terraform'
  /** The platform output's own problems. */
  | 'platform-problems'
  /** A name built from the platform config (its workspacePattern) would be rejected. */
  | 'platform-name'
  /** The service's `images.lock.yaml` is invalid (docs/images.md). */
  | 'image-lock';

export type ReportEntry =
  /** Diagnostics; with `sources` they are rendered with code frames from those texts. */
  | { kind: 'diagnostics'; diagnostics: Diagnostic[]; sources?: Record<string, string | undefined> }
  | { kind: 'unknown-environment'; service: string; env: string; available: string[] }
  /** `target` (a spec or an output folder, relative to the fleet root) was not written. */
  | { kind: 'not-written'; target: string; reason: NotWrittenReason }
  /** `--check`: a generated file differs from what is on disk (`folder` relative to the fleet root). */
  | { kind: 'diff'; folder: string; change: Change }
  /** `--check`: an operations doc is stale. */
  | { kind: 'stale-doc'; service: string; path: string }
  /** `--dry-run`: what a write would change (`path` relative to the fleet root). */
  | { kind: 'would-change'; change: Change['kind']; path: string };
