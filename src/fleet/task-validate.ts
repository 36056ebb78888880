/** The validate task of the fleet pool: load and validate one spec (the CLI renders the result). */
import { join } from 'node:path';
import { loadSpec } from '../io/load.ts';
import type { PlatformConfig } from '../platform/model.ts';
import type { ValidateJob, ValidateResult } from './tasks.ts';

export function validateTask(id: string, base: ValidateJob, platform: PlatformConfig): ValidateResult {
  const file = base.root ? join(base.root, 'services', id, 'service.yaml') : id;
  const r = loadSpec(file, platform, base.cwd);
  return {
    id,
    file: r.shownPath,
    diagnostics: r.diagnostics,
    sources: r.sources,
    ...(r.raw ? { raw: r.raw } : {}),
  };
}
