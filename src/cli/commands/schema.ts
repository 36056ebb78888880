/**
 * `msp schema [--platform]`: prints the draft-07 JSON Schema (the base schema, the same for every
 * fleet). `--write` writes the fleet's own schema files (`schema/*.schema.json`, narrowed to its
 * platform.yaml: docs/fleet-schema.md); `--check` reports them when stale.
 */

import { fleetSchemaState } from '../../io/fleet-schema.ts';
import { platformJsonSchema } from '../../platform/schema.ts';
import { serviceJsonSchema } from '../../spec/schema.ts';
import { resolveFleet } from '../context.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';
import { takeFleetLock } from '../lock.ts';
import { printDiagnostics } from '../output.ts';

interface SchemaOptions {
  platform?: boolean;
  write?: boolean;
  check?: boolean;
  root?: string;
}

export async function runSchema(opts: SchemaOptions, io: CliIO): Promise<number> {
  if (!opts.write && !opts.check) {
    const schema = opts.platform ? platformJsonSchema() : serviceJsonSchema();
    io.stdout(`${JSON.stringify(schema, null, 2)}\n`);
    return EXIT.OK;
  }
  if (opts.write && opts.check) throw new UsageError('--write and --check cannot be combined');
  const ctx = resolveFleet(io, { ...(opts.root ? { root: opts.root } : {}) }, true);
  const root = ctx.fleet!.root;
  if (!ctx.platform) {
    printDiagnostics(io, ctx.diagnostics, {});
    io.stderr(
      'Fleet schema not written: platform.yaml has errors (listed above), and the schema is built from it.\n',
    );
    return EXIT.INVALID;
  }
  const locked = takeFleetLock(
    io,
    root,
    `msp schema ${opts.check ? '--check' : '--write'}`,
    opts.check ? 'read' : 'write',
  );
  if ('exit' in locked) return locked.exit;
  try {
    const state = fleetSchemaState(root, ctx.platform);
    if (opts.check) {
      for (const p of state.stale) io.stdout(`stale ${p}\n`);
      if (state.stale.length === 0) return EXIT.OK;
      io.stderr(
        'The fleet schema is stale: run `msp schema --write` (or `msp generate --all`) and commit the result.\n',
      );
      return EXIT.INVALID;
    }
    state.write();
    for (const p of state.stale) io.stdout(`wrote ${p}\n`);
    io.stdout(`fleet schema: ${state.stale.length === 0 ? 'unchanged' : 'updated'}\n`);
    return EXIT.OK;
  } finally {
    locked.lock?.release();
  }
}
