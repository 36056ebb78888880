/**
 * The apply order of a service: which stack of which environment must be applied before which,
 * and why. One graph, used three ways so they never disagree:
 *
 * - the `tfcworkspaces` stack turns each edge between workspaces into a Terraform Cloud run
 *   trigger (`tfe_run_trigger`), so an apply of one stack queues the stacks that come after it;
 * - `msp apply-order <service>` prints it (text, JSON or Mermaid);
 * - the operations page shows it as a diagram.
 *
 * Edges (docs/generated-terraform.md, "Apply order"):
 * - within an environment, `project` → `iam` → `cloudrun` → `monitoring` (each reads what the
 *   previous one made: the project and its APIs, the service accounts, the Cloud Run resource
 *   and data stores); with Terraform Cloud, `tfcworkspaces` comes first: it creates the
 *   workspaces and the triggers;
 * - across environments, for a rollout: the final stage's `iam` grants its Cloud Deploy executor
 *   rights on every earlier stage's workload account, so it comes after each earlier stage's
 *   `iam`; and the final stage's `tfcworkspaces` looks up those stages' workspaces, so it comes
 *   after their `tfcworkspaces`.
 *
 * Pure; never throws for a valid spec.
 */

import { STACK_NAMES, type StackName, workspaceName } from '../naming/names.ts';
import type { PlatformConfig } from '../platform/model.ts';
import type { ServiceSpec } from '../spec/model.ts';

/** One stack of one environment. */
interface ApplyStep {
  /** `<env>/<stack>`. */
  id: string;
  env: string;
  stack: StackName;
  /** Terraform Cloud workspace (or state key) name. */
  workspace: string;
}

/** `to` is applied after `from`. */
interface ApplyEdge {
  from: string;
  to: string;
  /** Why, in a few words. */
  reason: string;
  /** True when Terraform Cloud enforces it with a run trigger (both are workspaces run from VCS). */
  runTrigger: boolean;
}

/** The graph: steps in a valid apply order (environments in spec order), and the edges. */
export interface ApplyOrder {
  service: string;
  steps: ApplyStep[];
  edges: ApplyEdge[];
}

/** The stacks applied in order within each environment (and chained by run triggers). */
const CHAINED_STACKS: readonly StackName[] = ['project', 'iam', 'cloudrun', 'monitoring'];

const REASONS: Record<string, string> = {
  'project>iam': 'the project and its APIs exist',
  'iam>cloudrun': 'the service accounts and their roles exist',
  'cloudrun>monitoring': 'monitoring reads the Cloud Run resource and data stores',
  'tfcworkspaces>project': 'the workspaces and run triggers exist',
};

/** The step ID of a stack in an environment. */
function stepId(env: string, stack: StackName): string {
  return `${env}/${stack}`;
}

/**
 * The stacks of each environment in apply order: `tfcworkspaces` first (only with Terraform
 * Cloud: it creates the other workspaces), then {@link CHAINED_STACKS}.
 */
export function stacksOf(platform: PlatformConfig): StackName[] {
  const first: StackName[] = platform.terraform.backend.type === 'cloud' ? ['tfcworkspaces'] : [];
  return [...first, ...STACK_NAMES.filter((s) => CHAINED_STACKS.includes(s))];
}

/** Builds the apply-order graph of `spec`. */
export function buildApplyOrder(spec: ServiceSpec, platform: PlatformConfig): ApplyOrder {
  const backend = platform.terraform.backend;
  const cloud = backend.type === 'cloud';
  const stacks = stacksOf(platform);
  const steps: ApplyStep[] = [];
  const edges: ApplyEdge[] = [];
  const earlierStages = rolloutEarlierStages(spec);
  const finalStage = spec.rollout?.finalStage;

  // Earlier rollout stages first, so the order of `steps` is a valid apply order.
  const envs = [...spec.environments].sort(
    (a, b) => Number(a.id === finalStage) - Number(b.id === finalStage),
  );
  for (const env of envs) {
    for (const stack of stacks)
      steps.push({
        id: stepId(env.id, stack),
        env: env.id,
        stack,
        workspace: workspaceName(backend, spec.id, env.id, stack),
      });
    if (cloud)
      edges.push({
        from: stepId(env.id, 'tfcworkspaces'),
        to: stepId(env.id, 'project'),
        reason: REASONS['tfcworkspaces>project']!,
        runTrigger: false,
      });
    for (let i = 1; i < CHAINED_STACKS.length; i++) {
      const from = CHAINED_STACKS[i - 1]!;
      const to = CHAINED_STACKS[i]!;
      edges.push({
        from: stepId(env.id, from),
        to: stepId(env.id, to),
        reason: REASONS[`${from}>${to}`]!,
        runTrigger: cloud,
      });
    }
    if (env.id !== finalStage) continue;
    for (const stage of earlierStages) {
      edges.push({
        from: stepId(stage, 'iam'),
        to: stepId(env.id, 'iam'),
        reason: `the Cloud Deploy executor is granted use of ${stage}'s workload account`,
        runTrigger: cloud,
      });
      if (cloud)
        edges.push({
          from: stepId(stage, 'tfcworkspaces'),
          to: stepId(env.id, 'tfcworkspaces'),
          reason: `its run triggers name ${stage}'s workspaces`,
          runTrigger: false,
        });
    }
  }
  return { service: spec.id, steps, edges };
}

/** The rollout stages before the final one, in delivery order (none without a rollout). */
function rolloutEarlierStages(spec: ServiceSpec): string[] {
  const r = spec.rollout;
  return r ? r.stages.filter((s) => s !== r.finalStage) : [];
}

/** The edges that end at `step`. */
function edgesInto(order: ApplyOrder, step: string): ApplyEdge[] {
  return order.edges.filter((e) => e.to === step);
}

/** The graph as a Mermaid flowchart: one subgraph per environment, run triggers as solid arrows. */
export function applyOrderMermaid(order: ApplyOrder): string {
  const node = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_');
  const lines = ['flowchart LR'];
  const envs = [...new Set(order.steps.map((s) => s.env))];
  for (const env of envs) {
    lines.push(`  subgraph ${node(`env_${env}`)}["${env}"]`);
    for (const s of order.steps.filter((x) => x.env === env)) lines.push(`    ${node(s.id)}["${s.stack}"]`);
    lines.push('  end');
  }
  for (const e of order.edges) lines.push(`  ${node(e.from)} ${e.runTrigger ? '-->' : '-.->'} ${node(e.to)}`);
  return lines.join('\n');
}

/**
 * The graph as text: one numbered line per step in apply order, with what it waits for; a
 * legend says which waits Terraform Cloud enforces with run triggers.
 */
export function applyOrderText(order: ApplyOrder): string {
  const width = Math.max(...order.steps.map((s) => s.id.length));
  const wsWidth = Math.max(...order.steps.map((s) => s.workspace.length));
  const out = [`Apply order of ${order.service} (each step after the ones it names):`];
  order.steps.forEach((s, i) => {
    const after = edgesInto(order, s.id).map((e) => `${e.from}${e.runTrigger ? ' [run trigger]' : ''}`);
    const line = `${String(i + 1).padStart(3)}. ${s.id.padEnd(width)}  ${s.workspace.padEnd(wsWidth)}`;
    out.push(after.length > 0 ? `${line}  after ${after.join(', ')}` : line.trimEnd());
  });
  if (order.edges.some((e) => e.runTrigger))
    out.push('', '[run trigger]: Terraform Cloud queues the step when the one before it has applied.');
  return `${out.join('\n')}\n`;
}
