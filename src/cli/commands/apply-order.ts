/**
 * `msp apply-order <service> [--format text|json|mermaid]`: the order in which the stacks of a
 * service's environments are applied, with what each waits for and which waits Terraform Cloud
 * enforces with run triggers — the same graph the tfcworkspaces stack and the operations page
 * use (`src/stacks/apply-order.ts`).
 */
import { applyOrderMermaid, applyOrderText, buildApplyOrder } from '../../stacks/apply-order.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';
import { type FleetOptions, loadFleet } from './ops.ts';

interface ApplyOrderOptions extends FleetOptions {
  service: string;
  format?: string;
}

const FORMATS = ['text', 'json', 'mermaid'];

export async function runApplyOrder(opts: ApplyOrderOptions, io: CliIO): Promise<number> {
  const format = opts.format ?? 'text';
  if (!FORMATS.includes(format))
    throw new UsageError(`unknown --format "${format}" (use ${FORMATS.join(', ')})`);
  const fleet = loadFleet(io, opts, [opts.service]);
  if (!fleet) return EXIT.INVALID;
  const order = buildApplyOrder(fleet.specs[0]!, fleet.platform);
  if (format === 'json') io.stdout(`${JSON.stringify(order, null, 2)}\n`);
  else if (format === 'mermaid') io.stdout(`${applyOrderMermaid(order)}\n`);
  else io.stdout(applyOrderText(order));
  return EXIT.OK;
}
