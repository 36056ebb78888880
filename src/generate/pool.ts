/**
 * Spreads per-service generation over worker threads. Services are handed out one at a time
 * (the next one as soon as a worker is free), results are printed in service order as soon as
 * the prefix is complete, and nothing about the fleet is held beyond each service's text output.
 * Workers run the same bundled file as the CLI (`dist/msp.js`); from TypeScript sources (tests)
 * the pool runs in-process.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PlatformConfig } from '../platform/model.ts';
import { generateServiceOnDisk, type ServiceJob, type ServiceResult } from './on-disk.ts';

export const WORKER_MARKER = 'msp-generate-worker';

export interface PoolOptions {
  /** Upper bound on worker threads; 0 or 1 runs in-process. */
  workers: number;
  onResult: (r: ServiceResult, done: number, total: number) => void;
}

/** How many workers to use for `n` services (override with MSP_WORKERS). */
export function workerCount(n: number, env: Record<string, string | undefined>): number {
  const forced = env.MSP_WORKERS !== undefined ? Number(env.MSP_WORKERS) : undefined;
  if (forced !== undefined && Number.isInteger(forced) && forced >= 0) return forced;
  if (n < 16 || !import.meta.url.endsWith('.js')) return 0;
  return Math.min(availableParallelism(), Math.ceil(n / 8));
}

export async function runPool(
  ids: readonly string[],
  base: Omit<ServiceJob, 'id'>,
  platform: PlatformConfig,
  opts: PoolOptions,
): Promise<void> {
  const results = new Array<ServiceResult | undefined>(ids.length);
  let printed = 0;
  let done = 0;
  const accept = (index: number, r: ServiceResult) => {
    results[index] = r;
    done++;
    while (printed < ids.length && results[printed]) {
      opts.onResult(results[printed]!, done, ids.length);
      results[printed] = undefined; // release the text once printed
      printed++;
    }
  };
  if (opts.workers <= 1 || !import.meta.url.endsWith('.js')) {
    ids.forEach((id, i) => accept(i, generateServiceOnDisk({ ...base, id }, platform)));
    return;
  }
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    let live = 0;
    const start = () => {
      const w = new Worker(new URL(import.meta.url), { workerData: { kind: WORKER_MARKER, base, platform } });
      live++;
      let current = -1;
      const feed = () => {
        if (next < ids.length) {
          current = next++;
          w.postMessage({ index: current, id: ids[current] });
        } else {
          current = -1;
          void w.terminate();
        }
      };
      w.on('message', (m: { index: number; result: ServiceResult }) => {
        accept(m.index, m.result);
        feed();
      });
      w.on('error', reject);
      w.on('exit', () => {
        live--;
        if (current >= 0) reject(new Error(`worker exited while generating ${ids[current]}`));
        else if (live === 0) resolve();
      });
      feed();
    };
    for (let i = 0; i < Math.min(opts.workers, ids.length); i++) start();
  });
}
