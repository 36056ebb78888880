/**
 * The `tfcworkspaces` stack (docs/generated-terraform.md, "tfcworkspaces"): one workspace per
 * other stack written for the environment, declared
 * with the `tfe` provider instead of MSP's imperative sync, the apply order as run triggers
 * (`tfe_run_trigger`, one per edge of `apply-order.ts` between workspaces: project → iam →
 * cloudrun → monitoring, and in a rollout's final stage the earlier stages' `iam` → this `iam`),
 * and run-failure notifications. Written only when the platform's backend is Terraform Cloud.
 *
 * Runs: on creation, `tfe_workspace_run.project` applies the project stack; each stack's
 * successful apply then queues the next through its run trigger (workspaces auto-apply runs
 * from triggers). The other `tfe_workspace_run`s only destroy, in reverse order, when the
 * environment is torn down (`allowDestroys`).
 *
 * The platform output (`platform/terraform/stacks/tfc`, docs/bootstrap.md) creates what this
 * stack stands on: the environment's Terraform Cloud project with its team access, this stack's
 * own workspace, the `TFE_TOKEN` it runs with, and the GCP dynamic-credentials variable set,
 * which this stack attaches to every workspace that runs GCP resources. It looks those up by
 * name; `generate` checks that the platform output creates each of them.
 */

import { STACK_NAMES, type StackName, stackReaders, tfcProjectName, workspaceName } from '../naming/names.ts';
import { GCP_CREDENTIALS_VARIABLE_SET } from '../naming/platform-names.ts';
import { PROVIDERS, type ResourceHandle, type Stack, type TfExpr } from '../terraform/index.ts';
import { buildApplyOrder } from './apply-order.ts';
import { newStack, type StackBuild, type StackContext } from './context.ts';
import { addWorkspace, type DeclaredWorkspace } from './resources/tfc-workspace.ts';

/**
 * The stacks that get a workspace: every stack `generate` writes for an environment whose
 * backend is Terraform Cloud — all of them, in apply order.
 */
function workspaceStacks(): readonly StackName[] {
  return STACK_NAMES;
}

/** The stacks that get a `tfe_workspace_run`, in apply order: every workspace stack but this one. */
function chainedStacks(): StackName[] {
  return workspaceStacks().filter((s) => s !== 'tfcworkspaces');
}

const AUTO_RUN = [{ manual_confirm: false, wait_for_run: true }];

/** Builds the `tfcworkspaces` stack; undefined unless the backend is Terraform Cloud. */
export function buildTfcworkspacesStack(ctx: StackContext): StackBuild | undefined {
  const backend = ctx.platform.terraform.backend;
  if (backend.type !== 'cloud') return undefined;
  const stack = newStack(ctx, 'tfcworkspaces');
  stack.requireProvider('tfe', PROVIDERS.tfe);
  stack.provider('tfe', { hostname: backend.hostname, organization: backend.organization });

  // The project and this stack's own workspace belong to the platform output.
  const project = stack.data('tfe_project', 'project', {
    name: tfcProjectName(ctx.spec.id, ctx.env.id),
    organization: backend.organization,
  });

  // Readers come later in apply order than what they read, so declaring in reverse order has
  // every reader's handle ready for `remote_state_consumer_ids`.
  const stacks = workspaceStacks();
  const declared = new Map<StackName, DeclaredWorkspace>();
  for (const name of [...stacks].reverse()) {
    if (name === 'tfcworkspaces') continue;
    const readers: TfExpr[] = stackReaders(name)
      .filter((r) => stacks.includes(r))
      .map((r) => {
        const reader = declared.get(r);
        if (!reader) throw new Error(`stack ${r} reads ${name} but is applied before it`);
        return reader.workspace.id;
      });
    declared.set(name, addWorkspace(stack, ctx, backend, name, project.id, readers));
  }

  attachGcpCredentials(stack, backend.organization, declared);

  let previous: ResourceHandle<'tfe_workspace_run'> | undefined;
  for (const name of chainedStacks()) {
    const ws = declared.get(name)!;
    previous = stack.resource(
      'tfe_workspace_run',
      name,
      // Only the first stack is started from here; run triggers start the others.
      { workspace_id: ws.workspace.id, ...(previous ? {} : { apply: AUTO_RUN }), destroy: AUTO_RUN },
      { depends_on: [ws.settings, ...(previous ? [previous] : [])] },
    );
  }

  // The apply order's edges that end in this environment's workspaces, as run triggers.
  const order = buildApplyOrder(ctx.spec, ctx.platform);
  for (const edge of order.edges) {
    if (!edge.runTrigger) continue;
    const [toEnv, toStack] = edge.to.split('/') as [string, StackName];
    const [fromEnv, fromStack] = edge.from.split('/') as [string, StackName];
    if (toEnv !== ctx.env.id) continue;
    let source: TfExpr;
    let name: string;
    if (fromEnv === ctx.env.id) {
      source = declared.get(fromStack)!.workspace.id;
      name = `${toStack}_after_${fromStack}`;
    } else {
      // Another environment's workspace, created by that environment's tfcworkspaces stack.
      source = stack.data('tfe_workspace', `${fromEnv}_${fromStack}`, {
        name: workspaceName(backend, ctx.spec.id, fromEnv, fromStack),
        organization: backend.organization,
      }).id;
      name = `${toStack}_after_${fromEnv}_${fromStack}`;
    }
    stack.resource('tfe_run_trigger', name, {
      workspace_id: declared.get(toStack)!.workspace.id,
      sourceable_id: source,
    });
  }
  return { stack };
}

/** The stacks whose workspaces run GCP resources (they configure the google provider). */
export const GCP_STACKS: readonly StackName[] = ['project', 'iam', 'cloudrun', 'monitoring'];

/**
 * Attaches the platform's GCP dynamic-credentials variable set (`TFC_GCP_*`) to every declared
 * workspace whose stack runs GCP resources, so its runs act as the runner without a key.
 */
function attachGcpCredentials(
  stack: Stack,
  organization: string,
  declared: ReadonlyMap<StackName, DeclaredWorkspace>,
): void {
  const set = stack.data('tfe_variable_set', 'gcp_credentials', {
    name: GCP_CREDENTIALS_VARIABLE_SET,
    organization,
  });
  for (const name of GCP_STACKS) {
    const ws = declared.get(name);
    if (!ws) continue;
    stack.resource('tfe_workspace_variable_set', `${name}_gcp_credentials`, {
      workspace_id: ws.workspace.id,
      variable_set_id: set.id,
    });
  }
}
