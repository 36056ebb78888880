import { platformJsonSchema } from '../../platform/schema.ts';
import { serviceJsonSchema } from '../../spec/schema.ts';
import { type CliIO, EXIT } from '../io.ts';

/** `msp schema [--platform]`: prints the draft-07 JSON Schema. */
export async function runSchema(opts: { platform?: boolean }, io: CliIO): Promise<number> {
  const schema = opts.platform ? platformJsonSchema() : serviceJsonSchema();
  io.stdout(`${JSON.stringify(schema, null, 2)}\n`);
  return EXIT.OK;
}
