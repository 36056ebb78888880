/** Rollout (Cloud Deploy) resources. PLACEHOLDER: being implemented; adds nothing yet. */
import type { StackContext } from '../stacks/context.ts';
import type { Stack } from '../terraform/index.ts';

/** Adds the Cloud Deploy pipeline and what it needs to the cloudrun stack of the final stage. */
export function addRolloutPipeline(_ctx: StackContext, _stack: Stack): void {}

/** Adds the Cloud Deploy service accounts and grants to the iam stack of the final stage. */
export function addRolloutIam(_ctx: StackContext, _stack: Stack): void {}
