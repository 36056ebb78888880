/** The per-service tasks the fleet pool runs: generate and validate. */
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { renderDiagnostics } from '../diagnostics/render.ts';
import { generateServiceOnDisk, type ServiceJob, type ServiceResult } from '../generate/on-disk.ts';
import { loadSpec } from '../io/load.ts';
import type { PlatformConfig } from '../platform/model.ts';
import type { RawServiceSpec } from '../spec/schema.ts';

export type TaskKind = 'generate' | 'validate';

export interface ValidateJob {
  /** Absolute path of the spec, or a service id under `<root>/services`. */
  root?: string;
  cwd: string;
  color: boolean;
}

export interface ValidateResult {
  id: string;
  file: string;
  diagnostics: Diagnostic[];
  /** Compiler-style text of the diagnostics, with code frames. */
  rendered: string;
  raw?: RawServiceSpec;
}

export type TaskBase<K extends TaskKind> = K extends 'generate' ? Omit<ServiceJob, 'id'> : ValidateJob;
export type TaskResult<K extends TaskKind> = K extends 'generate' ? ServiceResult : ValidateResult;

/** Runs one task; never throws (an unexpected error becomes a failed result). */
export function runTask<K extends TaskKind>(
  kind: K,
  id: string,
  base: TaskBase<K>,
  platform: PlatformConfig,
): TaskResult<K> {
  try {
    if (kind === 'generate')
      return generateServiceOnDisk({ ...(base as TaskBase<'generate'>), id }, platform) as TaskResult<K>;
    const b = base as ValidateJob;
    const file = b.root ? join(b.root, 'services', id, 'service.yaml') : id;
    const r = loadSpec(file, platform, b.cwd);
    const rendered = renderDiagnostics(r.diagnostics, r.text, b.color);
    return {
      id,
      file: r.shownPath,
      diagnostics: r.diagnostics,
      rendered,
      ...(r.raw ? { raw: r.raw } : {}),
    } as TaskResult<K>;
  } catch (e) {
    const msg = `msp: internal error processing ${id}: ${(e as Error)?.stack ?? String(e)}\n`;
    if (kind === 'generate') return { id, outcome: 'failed', stdout: '', stderr: msg } as TaskResult<K>;
    return { id, file: id, diagnostics: [], rendered: msg } as unknown as TaskResult<K>;
  }
}
