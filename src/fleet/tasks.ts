/** The per-service tasks the fleet pool runs: generate and validate. */
import { error, type Result } from '../diagnostics/diagnostic.ts';
import type { ServiceJob, ServiceResult } from '../io/generate-service.ts';
import type { PlatformConfig } from '../platform/model.ts';
import type { RawServiceSpec } from '../spec/schema.ts';

export type TaskKind = 'generate' | 'validate';

export interface ValidateJob {
  /** Absolute path of the spec, or a service id under `<root>/services`. */
  root?: string;
  cwd: string;
}

/** One spec's validation: its diagnostics, the texts they point into, the raw spec for the fleet checks. */
export interface ValidateResult extends Result<never, RawServiceSpec> {
  id: string;
  file: string;
  /** The texts the diagnostics point into (for code frames). */
  sources: Record<string, string | undefined>;
}

export type TaskBase<K extends TaskKind> = K extends 'generate' ? Omit<ServiceJob, 'id'> : ValidateJob;
export type TaskResult<K extends TaskKind> = (K extends 'generate' ? ServiceResult : ValidateResult) & {
  /** Set when the task failed on a bug in msp instead of returning. */
  internalError?: InternalError;
};

/** A bug in msp met while processing one service (rendered by the CLI; the stack with `MSP_DEBUG`). */
export interface InternalError {
  message: string;
  stack?: string;
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
export async function loadTask<K extends TaskKind>(kind: K, preloaded?: Task<K>): Promise<Task<K>> {
  const run = (preloaded ??
    (kind === 'generate'
      ? (await import('./task-generate.ts')).generateTask
      : (await import('./task-validate.ts')).validateTask)) as unknown as Task<K>;
  return (id, base, platform) => {
    try {
      return run(id, base, platform);
    } catch (e) {
      // A bug in msp: the service fails (never "valid").
      const err = e instanceof Error ? e : undefined;
      const internalError: InternalError = {
        message: err?.message ?? String(e),
        ...(err?.stack ? { stack: err.stack } : {}),
      };
      if (kind === 'generate')
        return { id, outcome: 'failed', report: [], internalError } as unknown as TaskResult<K>;
      const diagnostic = error('INTERNAL_ERROR', `Internal error: ${internalError.message}`, [], {
        file: id,
      });
      return {
        id,
        file: id,
        diagnostics: [diagnostic],
        sources: {},
        internalError,
      } as unknown as TaskResult<K>;
    }
  };
}
