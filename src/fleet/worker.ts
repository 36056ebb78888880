/** Worker-thread side of the fleet pool: run each task it is sent and post the result back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { PlatformConfig } from '../platform/model.ts';
import { runTask, type TaskBase, type TaskKind } from './tasks.ts';

export function runFleetWorker(): void {
  const { kind, base, platform } = workerData as {
    kind: TaskKind;
    base: TaskBase<TaskKind>;
    platform: PlatformConfig;
  };
  parentPort!.on('message', (m: { start: number; ids: string[] }) => {
    parentPort!.postMessage({
      start: m.start,
      results: m.ids.map((id) => runTask(kind, id, base as never, platform)),
    });
  });
}
