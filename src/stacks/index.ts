/** The stack builders (the apply order is `apply-order.ts`). Each module exports one `build<Name>Stack(ctx)`. */

import type { StackName } from '../naming/names.ts';
import { buildCloudrunStack } from './cloudrun.ts';
import type { StackBuilder } from './context.ts';
import { buildIamStack } from './iam.ts';
import { buildMonitoringStack } from './monitoring.ts';
import { buildProjectStack } from './project.ts';
import { buildTfcworkspacesStack } from './tfcworkspaces.ts';

export const STACK_BUILDERS: readonly { name: StackName; build: StackBuilder }[] = [
  { name: 'project', build: buildProjectStack },
  { name: 'iam', build: buildIamStack },
  { name: 'cloudrun', build: buildCloudrunStack },
  { name: 'monitoring', build: buildMonitoringStack },
  { name: 'tfcworkspaces', build: buildTfcworkspacesStack },
];
