/** `msp fleet`: a summary of every service (table, or `--format json`). */
import { fleetSummary, renderFleetTable } from '../../docs/fleet-summary.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';
import { type FleetOptions, loadFleet } from './ops.ts';

interface FleetCommandOptions extends FleetOptions {
  format?: string;
}

/** Prints one row per service (kind, owners, environments with categories, resources, rollout) and totals. */
export async function runFleet(opts: FleetCommandOptions, io: CliIO): Promise<number> {
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`unknown --format "${format}" (use text or json)`);
  const fleet = loadFleet(io, opts);
  if (!fleet) return EXIT.INVALID;
  const summary = fleetSummary(fleet.specs);
  io.stdout(format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : renderFleetTable(summary));
  return EXIT.OK;
}
