/**
 * The `tfcworkspaces` stack (docs/generated-terraform.md, "tfcworkspaces"): the environment's
 * Terraform Cloud project and one workspace per stack written for the environment, declared
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
 * The stack declares its own workspace too, so every workspace of the environment has the same
 * settings. That workspace is created by a one-time bootstrap, run from the stack's directory:
 * `terraform init` (the `cloud` block creates the empty workspace), then
 * `terraform import tfe_workspace.tfcworkspaces <organization>/<workspace name>`, then
 * `terraform apply`. From then on it applies itself from VCS. The provider takes its token from
 * the `TFE_TOKEN` environment variable (a team or organisation token allowed to manage
 * workspaces, set on this workspace), never from the generated files.
 */
import { PROVIDERS, type ResourceHandle, type TfExpr } from '../terraform/index.ts';
import { buildApplyOrder } from './apply-order.ts';
import { newStack, type StackBuild, type StackContext } from './context.ts';
import { STACK_NAMES, type StackName, stackReaders, tfcProjectName, workspaceName } from './names.ts';
import { addWorkspace, type DeclaredWorkspace } from './resources/tfc-workspace.ts';

/**
 * The stacks that get a workspace: every stack `generate` writes for an environment whose
 * backend is Terraform Cloud — all of them, in apply order.
 */
export function workspaceStacks(): readonly StackName[] {
  return STACK_NAMES;
}

/** The stacks that get a `tfe_workspace_run`, in apply order: every workspace stack but this one. */
export function chainedStacks(): StackName[] {
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

  const project = stack.resource(
    'tfe_project',
    'project',
    { name: tfcProjectName(ctx.spec.id, ctx.env.id), organization: backend.organization },
    { lifecycle: { prevent_destroy: !ctx.env.allowDestroys } },
  );

  // Readers come later in apply order than what they read, so declaring in reverse order has
  // every reader's handle ready for `remote_state_consumer_ids`.
  const stacks = workspaceStacks();
  const declared = new Map<StackName, DeclaredWorkspace>();
  for (const name of [...stacks].reverse()) {
    const readers: TfExpr[] = stackReaders(name)
      .filter((r) => stacks.includes(r))
      .map((r) => {
        const reader = declared.get(r);
        if (!reader) throw new Error(`stack ${r} reads ${name} but is applied before it`);
        return reader.workspace.id;
      });
    declared.set(name, addWorkspace(stack, ctx, backend, name, project.id, readers));
  }

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
