/**
 * Spreads per-service work (generate, validate) over worker threads. Services are handed out
 * one at a time (the next as soon as a worker is free); results are delivered in service order
 * as soon as the prefix is complete, and each result is released once delivered, so memory does
 * not grow with the fleet. Workers run the bundled CLI (`dist/msp.js`, beside this chunk); from TypeScript
 * sources (tests) the work runs in-process.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PlatformConfig } from '../platform/model.ts';
import { loadTask, type Task, type TaskBase, type TaskKind, type TaskResult } from './tasks.ts';

export const WORKER_MARKER = 'msp-fleet-worker';
const BATCH = 8;

export interface PoolOptions<K extends TaskKind> {
  /** Worker threads; 0 or 1 runs in-process. */
  workers: number;
  onResult: (r: TaskResult<K>, done: number, total: number) => void;
  /** The task, when the caller already has it (saves a module load on the in-process path). */
  task?: Task<K>;
}

/** How many workers to use for `n` services (MSP_WORKERS overrides). */
export function workerCount(n: number, env: Record<string, string | undefined>): number {
  const forced = env.MSP_WORKERS !== undefined ? Number(env.MSP_WORKERS) : undefined;
  if (forced !== undefined && Number.isInteger(forced) && forced >= 0) return forced;
  if (n < 16 || !import.meta.url.endsWith('.js')) return 0;
  return Math.min(availableParallelism(), Math.ceil(n / 8));
}

export async function runPool<K extends TaskKind>(
  kind: K,
  ids: readonly string[],
  base: TaskBase<K>,
  platform: PlatformConfig,
  opts: PoolOptions<K>,
): Promise<void> {
  const results = new Array<TaskResult<K> | undefined>(ids.length);
  let delivered = 0;
  let done = 0;
  const accept = (index: number, r: TaskResult<K>) => {
    results[index] = r;
    done++;
    while (delivered < ids.length && results[delivered]) {
      opts.onResult(results[delivered]!, done, ids.length);
      results[delivered] = undefined;
      delivered++;
    }
  };
  if (opts.workers <= 1 || !import.meta.url.endsWith('.js')) {
    const runTask = await loadTask(kind, opts.task);
    for (let i = 0; i < ids.length; i++) accept(i, runTask(ids[i]!, base, platform));
    return;
  }
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    let live = 0;
    const start = () => {
      const w = new Worker(new URL('./msp.js', import.meta.url), {
        workerData: { marker: WORKER_MARKER, kind, base, platform },
      });
      live++;
      // Work goes out in small batches, two in flight per worker, so no worker waits on a round trip.
      let inFlight = 0;
      const feed = () => {
        while (inFlight < 2 && next < ids.length) {
          const start = next;
          next = Math.min(ids.length, next + BATCH);
          inFlight++;
          w.postMessage({ start, ids: ids.slice(start, next) });
        }
        if (inFlight === 0) void w.terminate();
      };
      w.on('message', (m: { start: number; results: TaskResult<K>[] }) => {
        for (let i = 0; i < m.results.length; i++) accept(m.start + i, m.results[i]!);
        inFlight--;
        feed();
      });
      w.on('error', reject);
      w.on('exit', () => {
        live--;
        if (inFlight > 0) reject(new Error('a worker exited with work in flight'));
        else if (live === 0) resolve();
      });
      feed();
    };
    for (let i = 0; i < Math.min(opts.workers, ids.length); i++) start();
  });
}
