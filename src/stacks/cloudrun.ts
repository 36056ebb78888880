/** The `cloudrun` stack. PLACEHOLDER: being implemented; returns undefined (stack not generated yet). */
import type { StackBuild, StackContext } from './context.ts';

export function buildCloudrunStack(_ctx: StackContext): StackBuild | undefined {
  return undefined;
}
