/** The `monitoring` stack. PLACEHOLDER: being implemented; returns undefined (stack not generated yet). */
import type { StackBuild, StackContext } from './context.ts';

export function buildMonitoringStack(_ctx: StackContext): StackBuild | undefined {
  return undefined;
}
