/**
 * The fleet pool's batches: what one worker thread does with each message, and what the pool
 * does in-process with the same batches (so the in-process tests run the worker's code). The
 * thread's entry file is `worker-entry.ts`; it only wires this to `worker_threads`.
 */
import type { PlatformConfig } from '../platform/model.ts';
import { loadTask, type Task, type TaskBase, type TaskKind, type TaskResult } from './tasks.ts';

/** What a worker thread is started with. */
export interface WorkerSetup<K extends TaskKind> {
  kind: K;
  base: TaskBase<K>;
  platform: PlatformConfig;
}

/** A batch of services: ids from index `start` of the run's list. */
export interface Batch {
  start: number;
  ids: string[];
}

export interface BatchResult<K extends TaskKind> {
  start: number;
  results: TaskResult<K>[];
}

/** The function that runs one batch, with the task loaded once. */
export async function batchRunner<K extends TaskKind>(
  setup: WorkerSetup<K>,
  preloaded?: Task<K>,
): Promise<(batch: Batch) => BatchResult<K>> {
  const runTask = await loadTask(setup.kind, preloaded);
  return (batch) => ({
    start: batch.start,
    results: batch.ids.map((id) => runTask(id, setup.base, setup.platform)),
  });
}
