/** The validate task of the fleet pool: load, validate and render one spec. */
import { join } from 'node:path';
import { renderDiagnostics } from '../diagnostics/render.ts';
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
    rendered: renderDiagnostics(r.diagnostics, r.sources, { color: base.color, verbose: !!base.verbose }),
    ...(r.raw ? { raw: r.raw } : {}),
  };
}
