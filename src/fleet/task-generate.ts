/** The generate task of the fleet pool. */
import { generateServiceOnDisk, type ServiceJob, type ServiceResult } from '../io/generate-service.ts';
import type { PlatformConfig } from '../platform/model.ts';

export function generateTask(
  id: string,
  base: Omit<ServiceJob, 'id'>,
  platform: PlatformConfig,
): ServiceResult {
  return generateServiceOnDisk({ ...base, id }, platform);
}
