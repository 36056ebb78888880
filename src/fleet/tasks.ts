/** The per-service tasks the fleet pool runs: generate and validate. */
import { type Diagnostic, error } from '../diagnostics/diagnostic.ts';
import type { ServiceJob, ServiceResult } from '../io/generate-service.ts';
import type { PlatformConfig } from '../platform/model.ts';
import type { RawServiceSpec } from '../spec/schema.ts';

export type TaskKind = 'generate' | 'validate';

export interface ValidateJob {
  /** Absolute path of the spec, or a service id under `<root>/services`. */
  root?: string;
  cwd: string;
  color: boolean;
  verbose?: boolean;
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

/** How tasks report a bug in msp (set by the CLI from `MSP_DEBUG`). */
export interface TaskOptions {
  /** Show the stack of an internal error. */
  debug?: boolean;
}

export type Task<K extends TaskKind> = (
  id: string,
  base: TaskBase<K>,
  platform: PlatformConfig,
) => TaskResult<K>;

/**
 * The function for a kind of task, loaded on first use so that `msp validate` never loads the
 * generators. The returned function never throws: an unexpected error becomes a failed result.
 */
export async function loadTask<K extends TaskKind>(
  kind: K,
  options: TaskOptions,
  preloaded?: Task<K>,
): Promise<Task<K>> {
  const run = (preloaded ??
    (kind === 'generate'
      ? (await import('./task-generate.ts')).generateTask
      : (await import('./task-validate.ts')).validateTask)) as unknown as Task<K>;
  return (id, base, platform) => {
    try {
      return run(id, base, platform);
    } catch (e) {
      // A bug in msp: the service fails (never "valid"), with the stack only when asked for.
      const err = e as Error;
      const detail = options.debug ? (err?.stack ?? String(e)) : (err?.message ?? String(e));
      const msg = `msp: internal error processing ${id}: ${detail}\nThis is a bug in msp; please report it with the input that caused it${options.debug ? '' : ' (MSP_DEBUG=1 shows the stack)'}.\n`;
      if (kind === 'generate') return { id, outcome: 'failed', stdout: '', stderr: msg } as TaskResult<K>;
      const diagnostic = error('INTERNAL_ERROR', `Internal error: ${err?.message ?? String(e)}`, [], {
        file: id,
      });
      return { id, file: id, diagnostics: [diagnostic], rendered: msg } as unknown as TaskResult<K>;
    }
  };
}
