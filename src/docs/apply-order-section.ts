/**
 * Operations-page sections about applying the generated Terraform: the service's apply-order
 * graph (the same one `msp apply-order` prints and the tfcworkspaces stack turns into run
 * triggers), and what a first apply still leaves to a person. Kept apart from
 * `service-page.ts` so each section has one owner.
 */
import type { PlatformConfig } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import { applyOrderMermaid, buildApplyOrder } from '../stacks/apply-order.ts';
import { type Block, code, codeBlock, h, li, p, ul } from './doc.ts';

/** Heading of the apply-order section. */
const APPLY_ORDER_HEADING = 'Apply order';

/** `## Apply order`: the graph, how it is enforced, and the command that prints it. */
export function applyOrderSection(spec: ServiceSpec, platform: PlatformConfig): Block[] {
  const order = buildApplyOrder(spec, platform);
  const cloud = platform.terraform.backend.type === 'cloud';
  const crossEnv = order.edges.filter((e) => e.from.split('/')[0] !== e.to.split('/')[0]);
  return [
    h(2, APPLY_ORDER_HEADING),
    p(
      'Each environment is applied stack by stack: ',
      code('project'),
      ', then ',
      code('iam'),
      ', ',
      code('cloudrun'),
      ' and ',
      code('monitoring'),
      ...(cloud
        ? [
            '. Terraform Cloud enforces it: the ',
            code('tfcworkspaces'),
            ' stack, applied first, creates the workspaces and a run trigger for each solid arrow below, so a successful apply of one stack queues the next (and applies it). Dotted arrows need no trigger: ',
            code('tfcworkspaces'),
            ' starts the first ',
            code('project'),
            ' run itself, and is applied once per environment when the environment is added.',
          ]
        : ['. Nothing enforces it with this backend: apply the stacks in this order by hand or in CI.']),
    ),
    ...(crossEnv.length > 0
      ? [
          p(
            'Across environments: ',
            ...crossEnv.flatMap((e, i) => [
              i > 0 ? '; ' : '',
              code(e.to),
              ' comes after ',
              code(e.from),
              ` (${e.reason})`,
            ]),
            '.',
          ),
        ]
      : []),
    { type: 'mermaid', title: `${spec.name} apply order`, code: applyOrderMermaid(order) },
    codeBlock('bash', `msp apply-order ${spec.id}`),
  ];
}

/**
 * What stays manual after a first apply of an environment with PostgreSQL (for its section):
 * nothing in the database itself, but the publications need the tables the service creates.
 */
export function postgresManualSteps(env: EnvironmentSpec): Block[] {
  const pg = env.resources.postgreSQL;
  if (!pg) return [];
  const items = [
    li([
      'Roles and grants are applied by Terraform (',
      code('cloudrun'),
      ' stack, ',
      code('postgresql'),
      ' provider as ',
      code('msp-admin'),
      '): the service is a member of ',
      code('cloudsqlsuperuser'),
      '; the operator-access account can connect and read every table, including tables created later. No SQL has to be run by hand.',
    ]),
  ];
  if ((pg.logicalReplication?.publications.length ?? 0) > 0)
    items.push(
      li([
        'Publications are created after the Cloud Run service, because their tables come from the service\u2019s migrations. If the first revision does not run its migrations at startup, the first apply of ',
        code('cloudrun'),
        ' stops at the publication (relation does not exist): deploy, let the migrations run, and apply ',
        code('cloudrun'),
        ' again.',
      ]),
    );
  return [p('Setup on a first apply:'), ul(items)];
}
