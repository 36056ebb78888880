/** Worker-thread side of the fleet pool: run each task it is sent and post the result back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { PlatformConfig } from '../platform/model.ts';
import { loadTask, type TaskBase, type TaskKind } from './tasks.ts';

export async function runFleetWorker(): Promise<void> {
  const { kind, base, platform } = workerData as {
    kind: TaskKind;
    base: TaskBase<TaskKind>;
    platform: PlatformConfig;
  };
  const runTask = await loadTask(kind);
  parentPort!.on('message', (m: { start: number; ids: string[] }) => {
    parentPort!.postMessage({
      start: m.start,
      results: m.ids.map((id) => runTask(id, base as never, platform)),
    });
  });
}
