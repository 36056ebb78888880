/**
 * Entry file of a fleet worker thread (bundled as `dist/fleet-worker.js`; started by `pool.ts`):
 * runs each batch it is sent with `batchRunner` and posts the results back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as z from 'zod';
import type { TaskKind } from './tasks.ts';
import { type Batch, batchRunner, type WorkerSetup } from './worker.ts';

// As in the CLI's main thread: zod's JIT costs more than it saves in one run.
z.config({ jitless: true });

const run = await batchRunner(workerData as WorkerSetup<TaskKind>);
parentPort!.on('message', (batch: Batch) => parentPort!.postMessage(run(batch)));
