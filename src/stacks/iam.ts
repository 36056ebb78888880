/** The `iam` stack. PLACEHOLDER: being implemented; returns undefined (stack not generated yet). */
import type { StackBuild, StackContext } from './context.ts';

export function buildIamStack(_ctx: StackContext): StackBuild | undefined {
  return undefined;
}
