/**
 * Spreads per-service work (generate, validate) over worker threads. Services are handed out in
 * batches (the next as soon as a worker is free); results are delivered in service order as
 * soon as the prefix is complete, and each result is released once delivered, so memory does
 * not grow with the fleet. A worker runs `worker-entry.ts` (bundled as `dist/fleet-worker.js`,
 * beside the chunk holding this module, unless the caller names another entry); in-process, the same batches run through the same
 * `batchRunner` (`worker.ts`).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PlatformConfig } from '../platform/model.ts';
import type { Task, TaskBase, TaskKind, TaskResult } from './tasks.ts';
import { type Batch, type BatchResult, batchRunner, type WorkerSetup } from './worker.ts';

const BATCH = 8;

interface PoolOptions<K extends TaskKind> {
  /** Worker threads; 0 or 1 runs in-process. */
  workers: number;
  onResult: (r: TaskResult<K>, done: number, total: number) => void;
  /** The task, when the caller already has it (saves a module load on the in-process path). */
  task?: Task<K>;
  /**
   * The module a worker thread runs: by default the bundled `fleet-worker.js`. A caller running
   * msp from its TypeScript sources (the tests) passes one that loads `worker-entry.ts` its own way.
   */
  workerEntry?: URL;
}

/** How many workers to use for `n` services (MSP_WORKERS overrides); none from TypeScript sources. */
export function workerCount(n: number, env: Record<string, string | undefined>): number {
  const forced = env.MSP_WORKERS !== undefined ? Number(env.MSP_WORKERS) : undefined;
  if (forced !== undefined && Number.isInteger(forced) && forced >= 0) return forced;
  if (n < 16 || !import.meta.url.endsWith('.js')) return 0;
  return Math.min(availableParallelism(), Math.ceil(n / 8));
}

/** The bundled worker entry file (`dist/fleet-worker.js`), beside the chunk holding this module. */
const BUNDLED_WORKER = new URL('./fleet-worker.js', import.meta.url);

/** A worker thread running `entry` (see {@link PoolOptions.workerEntry}). */
function startWorker<K extends TaskKind>(setup: WorkerSetup<K>, entry: URL | undefined): Worker {
  if (entry === undefined && !import.meta.url.endsWith('.js'))
    throw new Error('worker threads need the bundled worker (npm run build) or PoolOptions.workerEntry');
  return new Worker(entry ?? BUNDLED_WORKER, { workerData: setup });
}

/** `ids` in batches of {@link BATCH}. */
function batchesOf(ids: readonly string[]): Batch[] {
  const out: Batch[] = [];
  for (let start = 0; start < ids.length; start += BATCH)
    out.push({ start, ids: ids.slice(start, start + BATCH) });
  return out;
}

export async function runPool<K extends TaskKind>(
  kind: K,
  ids: readonly string[],
  base: TaskBase<K>,
  platform: PlatformConfig,
  opts: PoolOptions<K>,
): Promise<void> {
  const setup: WorkerSetup<K> = { kind, base, platform };
  const results = new Array<TaskResult<K> | undefined>(ids.length);
  let delivered = 0;
  let done = 0;
  const accept = (batch: BatchResult<K>) => {
    batch.results.forEach((r, i) => {
      results[batch.start + i] = r;
      done++;
    });
    while (delivered < ids.length && results[delivered]) {
      opts.onResult(results[delivered]!, done, ids.length);
      results[delivered] = undefined;
      delivered++;
    }
  };
  const batches = batchesOf(ids);
  if (opts.workers <= 1) {
    const run = await batchRunner(setup, opts.task);
    for (const b of batches) accept(run(b));
    return;
  }
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    let live = 0;
    const start = () => {
      const w = startWorker(setup, opts.workerEntry);
      live++;
      // Batches go out two in flight per worker, so no worker waits on a round trip.
      let inFlight = 0;
      const feed = () => {
        while (inFlight < 2 && next < batches.length) {
          inFlight++;
          w.postMessage(batches[next++]);
        }
        if (inFlight === 0) void w.terminate();
      };
      w.on('message', (m: BatchResult<K>) => {
        accept(m);
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
    for (let i = 0; i < Math.min(opts.workers, batches.length); i++) start();
  });
}
