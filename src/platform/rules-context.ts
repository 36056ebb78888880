/** What a platform rule is (src/platform/rules.ts runs them). */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { RawPlatformConfig } from './schema.ts';

/** A check over a shape-valid platform config, named after what it checks; it only reports. */
export interface PlatformRule {
  readonly name: string;
  readonly check: (raw: RawPlatformConfig) => Diagnostic[];
}
