/** Worker-thread side of the generation pool: generate each service id it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { PlatformConfig } from '../platform/model.ts';
import { generateServiceOnDisk, type ServiceJob } from './on-disk.ts';

export function runGenerateWorker(): void {
  const { base, platform } = workerData as { base: Omit<ServiceJob, 'id'>; platform: PlatformConfig };
  parentPort!.on('message', (m: { index: number; id: string }) => {
    let result: ReturnType<typeof generateServiceOnDisk>;
    try {
      result = generateServiceOnDisk({ ...base, id: m.id }, platform);
    } catch (e) {
      result = {
        id: m.id,
        outcome: 'failed',
        stdout: '',
        stderr: `msp: internal error generating ${m.id}: ${(e as Error).stack ?? e}\n`,
      };
    }
    parentPort!.postMessage({ index: m.index, result });
  });
}
